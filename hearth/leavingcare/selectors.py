"""Reading a care leaver's record, each in a fixed number of queries.

``suggested_category`` derives the eligibility category from the care history, by the test in
the Care Planning, Placement and Case Review (England) Regulations 2010, reg 40: looked after for
at least 13 weeks (91 days) in periods beginning after the 14th birthday and ending after the
16th. Periods made up only of short breaks (legal status V3/V4) do not count.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Prefetch
from django.utils import timezone

from hearth.childrenincare.models import LegalStatus, PeriodOfCare
from hearth.leavingcare.models import (
    AdviserContact,
    BirthdayContact,
    Category,
    EligibilityDecision,
    NeedsAssessment,
    PathwayPlan,
    PathwayPlanReview,
    PersonalAdviser,
    StayingPut,
    SupportRequest,
)
from hearth.timescales.clocks import due_date

THIRTEEN_WEEKS = 91
SHORT_BREAKS = frozenset({"V3", "V4"})
# OC3: the young person's situation "around their birthday". Hearth accepts a contact from 3
# months before to 1 month after it, the window of the DfE children looked after guide as noted
# in shared/docs/timescales.md §8.9 (marked there as to be checked against the current guide).
CONTACT_WINDOW_BEFORE = relativedelta(months=3)
CONTACT_WINDOW_AFTER = relativedelta(months=1)
OC3_AGES = range(17, 22)
SUPPORT_AGES = range(22, 26)
OC3_COLUMNS = ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM")
OC3_CATEGORIES = frozenset({Category.ELIGIBLE, Category.RELEVANT, Category.FORMER_RELEVANT})
# Care Leavers (England) Regulations 2010 reg 8: the adviser visits a relevant or former relevant
# young person (one who has left care); while still looked after the social worker visits.
ADVISER_VISIT_CATEGORIES = frozenset({Category.RELEVANT, Category.FORMER_RELEVANT})


def birthday(person, age: int) -> date | None:
    return person.date_of_birth + relativedelta(years=age) if person.date_of_birth else None


def contact_window(person, age: int) -> tuple[date, date] | None:
    day = birthday(person, age)
    return (day - CONTACT_WINDOW_BEFORE, day + CONTACT_WINDOW_AFTER) if day else None


def _periods(person) -> list[PeriodOfCare]:
    return list(
        PeriodOfCare.objects.filter(child=person)
        .prefetch_related(
            Prefetch("legal_statuses", queryset=LegalStatus.objects.only("period_id", "legal_status"))
        )
        .order_by("start_date", "pk")
    )


@dataclass(frozen=True)
class CareHistory:
    days_since_14: int
    looked_after_after_16: bool
    looked_after_on: bool
    ever_looked_after: bool
    left_care_on: date | None


def care_history(person, on: date | None = None, periods: list[PeriodOfCare] | None = None) -> CareHistory:
    """The facts reg 40 turns on, as they stood on ``on``. Two queries (none given ``periods``)."""
    on = on or timezone.localdate()
    periods = _periods(person) if periods is None else periods
    dob = person.date_of_birth
    counted = [
        p
        for p in periods
        if p.start_date <= on and not {s.legal_status for s in p.legal_statuses.all()} <= SHORT_BREAKS
    ]
    days = 0
    after_16 = False
    if dob:
        fourteen, sixteen, eighteen = (dob + relativedelta(years=n) for n in (14, 16, 18))
        for p in counted:
            last = min(p.end_date or on, on, eighteen - timedelta(days=1))
            first = max(p.start_date, fourteen)
            if last >= first:
                days += (last - first).days + 1
            if last >= sixteen and p.start_date < eighteen:
                after_16 = True
    open_now = any(p.end_date is None or p.end_date > on for p in counted)
    ended = [p.end_date for p in counted if p.end_date and p.end_date <= on]
    return CareHistory(
        days, after_16, open_now, bool(counted), max(ended) if ended and not open_now else None
    )


def suggested_category(person, on: date | None = None, history: CareHistory | None = None) -> str:
    """Hearth's suggestion of the young person's category on ``on`` ("" when none applies)."""
    on = on or timezone.localdate()
    history = history or care_history(person, on)
    dob = person.date_of_birth
    if not dob or not history.ever_looked_after:
        return ""
    age = relativedelta(on, dob).years
    met = history.days_since_14 >= THIRTEEN_WEEKS and history.looked_after_after_16
    if age < 16 or age >= 25:
        return ""
    if history.looked_after_on and age < 18:
        return Category.ELIGIBLE if met else ""
    if met:
        return Category.RELEVANT if age < 18 else Category.FORMER_RELEVANT
    if history.looked_after_after_16:
        return Category.QUALIFYING
    return ""


@dataclass
class CareLeaverRecord:
    person: object
    history: CareHistory
    suggested: str
    decisions: list[EligibilityDecision]
    advisers: list[PersonalAdviser]
    assessments: list[NeedsAssessment]
    plans: list[PathwayPlan]
    staying_put: list[StayingPut]
    requests: list[SupportRequest]
    contacts: list[BirthdayContact]
    adviser_contacts: list[AdviserContact] = field(default_factory=list)
    today: date = field(default_factory=timezone.localdate)

    @property
    def decision(self) -> EligibilityDecision | None:
        return self.decisions[0] if self.decisions else None

    @property
    def adviser(self) -> PersonalAdviser | None:
        return next((a for a in self.advisers if a.end_date is None), None)

    @property
    def plan(self) -> PathwayPlan | None:
        return self.plans[0] if self.plans else None

    @property
    def last_plan_review(self) -> PathwayPlanReview | None:
        reviews = list(self.plan.reviews.all()) if self.plan else []
        return reviews[-1] if reviews else None

    @property
    def eligible_from(self) -> date | None:
        """The first decision that the young person is eligible, relevant or former relevant."""
        dates = [d.decided_on for d in self.decisions if d.category in OC3_CATEGORIES]
        return min(dates) if dates else None

    @property
    def needs_assessment_due(self) -> date | None:
        return needs_assessment_due(self.person, self.history, self.assessments, self.eligible_from)

    @property
    def adviser_visit_due(self) -> date | None:
        seen = [c.contact_date for c in self.adviser_contacts if c.seen]
        return adviser_visit_due(
            self.decision.category if self.decision else "",
            self.adviser.start_date if self.adviser else None,
            self.history.left_care_on,
            max(seen) if seen else None,
        )

    @property
    def plan_review_due(self) -> date | None:
        return pathway_plan_review_due(self.plan)

    @property
    def birthdays(self) -> list[dict]:
        """Each birthday from 17 to 21 (to 25 with a support request), with its contact if recorded."""
        by_age = {c.age: c for c in self.contacts}
        ages = list(OC3_AGES) + (list(SUPPORT_AGES) if self.requests else [])
        rows = []
        for age in ages:
            window = contact_window(self.person, age)
            if window is None:
                continue
            rows.append(
                {
                    "age": age,
                    "birthday": birthday(self.person, age),
                    "window": window,
                    "contact": by_age.get(age),
                }
            )
        return rows


def needs_assessment_start(dob: date | None, eligible_from: date | None) -> date | None:
    """When the needs assessment clock starts: the 16th birthday, or becoming eligible if later.
    Hearth takes "becoming eligible" as the first decision recording the young person as
    eligible, relevant or former relevant."""
    if dob is None:
        return None
    sixteen = dob + relativedelta(years=16)
    return max(sixteen, eligible_from) if eligible_from else sixteen


def needs_assessment_due(
    person, history: CareHistory, assessments, eligible_from: date | None = None
) -> date | None:
    """leaving_care.needs_assessment: 3 months from the 16th birthday, or from becoming
    eligible if later; None once one is recorded or where the young person has no such duty."""
    if assessments or not person.date_of_birth or not history.looked_after_after_16:
        return None
    return due_date(
        "leaving_care.needs_assessment", needs_assessment_start(person.date_of_birth, eligible_from)
    )


def adviser_visit_due(
    category: str, adviser_from: date | None, left_care_on: date | None, last_seen: date | None
) -> date | None:
    """pa.visit.first / pa.visit.next for a relevant or former relevant young person with a
    personal adviser: 7 days from when the adviser's duty began (leaving care, or the adviser's
    appointment if later: Hearth has no record of when accommodation was first provided), then
    at most 2 months after the last visit at which the young person was seen."""
    if category not in ADVISER_VISIT_CATEGORIES or adviser_from is None:
        return None
    if last_seen:
        return due_date("pa.visit.next", last_seen)
    start = max(adviser_from, left_care_on) if left_care_on else adviser_from
    return due_date("pa.visit.first", start)


def pathway_plan_review_due(plan: PathwayPlan | None) -> date | None:
    """pathway_plan.review: 6 months from the last review, or from the plan if none yet."""
    if plan is None:
        return None
    reviews = list(plan.reviews.all())
    last = reviews[-1].review_date if reviews else plan.agreed_on
    return due_date("pathway_plan.review", last)


def care_leaver_record(person) -> CareLeaverRecord:
    """Everything the Leaving care tab shows, in twelve queries whatever its length."""
    periods = _periods(person)
    history = care_history(person, periods=periods)
    return CareLeaverRecord(
        person=person,
        history=history,
        suggested=suggested_category(person, history=history),
        decisions=list(
            EligibilityDecision.objects.filter(young_person=person).order_by("-decided_on", "-pk")
        ),
        advisers=list(
            PersonalAdviser.objects.filter(young_person=person)
            .select_related("adviser")
            .order_by("start_date", "pk")
        ),
        assessments=list(
            NeedsAssessment.objects.filter(young_person=person).order_by("-completed_on", "-pk")
        ),
        plans=list(
            PathwayPlan.objects.filter(young_person=person)
            .prefetch_related(
                Prefetch("reviews", queryset=PathwayPlanReview.objects.order_by("review_date", "pk"))
            )
            .order_by("-agreed_on", "-pk")
        ),
        staying_put=list(StayingPut.objects.filter(young_person=person).order_by("-start_date", "-pk")),
        requests=list(SupportRequest.objects.filter(young_person=person).order_by("-requested_on", "-pk")),
        contacts=list(BirthdayContact.objects.filter(young_person=person).order_by("age", "pk")),
        adviser_contacts=list(
            AdviserContact.objects.filter(young_person=person).order_by("-contact_date", "-pk")
        ),
    )


def _year_bounds(year) -> tuple[date, date]:
    """A collection year as (1 April, 31 March): a ``CollectionYear`` or the year it ends (2027)."""
    if hasattr(year, "start") and hasattr(year, "end"):
        return year.start, year.end
    return date(int(year) - 1, 4, 1), date(int(year), 3, 31)


def oc3_row(person, year) -> dict[str, str] | None:
    """The young person's 903 OC3 row for the collection year (a ``CollectionYear`` or the year
    it ends, as DfE names it): for an eligible, relevant or former relevant care leaver whose
    17th to 21st birthday falls in the year, the contact recorded for that birthday (codes left
    blank when none is recorded, so validation shows the gap). Two queries."""
    start, end = _year_bounds(year)
    dob = person.date_of_birth
    if not dob:
        return None
    ages = [age for age in OC3_AGES if start <= birthday(person, age) <= end]
    if not ages:
        return None
    decision = (
        EligibilityDecision.objects.filter(young_person=person, decided_on__lte=end)
        .order_by("-decided_on", "-pk")
        .values_list("category", flat=True)
        .first()
    )
    if decision not in OC3_CATEGORIES:
        return None
    contact = BirthdayContact.objects.filter(young_person=person, age=ages[0]).first()
    return {
        "CHILD": person.reference,
        "DOB": f"{dob:%d/%m/%Y}",
        "IN_TOUCH": contact.in_touch if contact else "",
        "ACTIV": contact.activity if contact else "",
        "ACCOM": contact.accommodation if contact else "",
    }
