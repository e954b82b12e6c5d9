"""Ofsted's ILACS Annex A lists for a chosen period, derived from the record.

One sheet per list: 1 contacts, 2 early help assessments, 3 referrals, 4 assessments, 5 section
47 enquiries and initial conferences, 6 children in need, 7 child protection, 8 children in care,
9 care leavers, 10 adoption, 11 adopters. Columns follow the template's
headings (docs/returns.md); dates are DD/MM/YYYY; each list reads its records in a fixed handful
of queries whatever the period and however many children are in it.

Activity lists (1-5, 10, 11) hold what happened in the period; status lists (6-9) hold episodes,
plans, periods of care and care leavers open at any time in it. Ages are in whole years at the
period's end, and the allocated team and worker are those holding the case on that day.

Columns Hearth does not record, left empty:
- list 8: Date of Last IRO Visit / Contact to the Child (the IRO's reviews are in "Date of
  Latest Statutory Review"; contacts between reviews are not recorded); Placement Location and
  LA of Placement (a placement carries its postcode, not the authority it lies in).
- list 10: Family identifier, when the child's adopters are not a household this authority
  assessed (hearth.adopters).

How the derived columns are read:
- list 8 scope: each child with a period of care open at any time in the period, one row for the
  latest such period. "Second or subsequent period" is Y when an earlier period of care ended
  in the 12 months to the period's end. Placements in the last 12 months count every placement
  open at any time in those 12 months, across periods of care. The most recent placement is the
  latest to start by the period's end within the row's period of care. The last social work
  visit is the latest statutory visit to a child in care (case note, child seen). The permanence
  plan is the plan current on the period's end: return home a), adoption b), special
  guardianship or child arrangements c), long-term fostering f), kinship care g) (Hearth has no
  plan type for d) or e)). Return interview columns are about the child's latest "missing"
  episode by the period's end, and left empty when there is none.
- list 9 scope: young people whose latest leaving care decision by the period's end makes them
  relevant, former relevant or qualifying (eligible young people are still in care: list 8).
  Latest Pathway Plan Review Date is the later of the latest review and the latest plan agreed.
  LA in Touch, accommodation (and its suitability, from the OC3 code's suffix) and activity come
  from the latest birthday contact; Latest Date of Contact is the later of that contact and
  the latest personal adviser contact.
- list 10 scope: adoption decisions made by the period's end and not concluded (adoption order
  or reversal) before it starts. The date placed for fostering for adoption or concurrent
  planning is the first placement in the period of care with a foster carer who is an approved
  adopter (903 U2 or U5). The family identifier is the adopters' household, when the match
  names one.
- list 11 scope: one row per adopter in each household whose enquiry came by the period's end
  and whose journey had not finished (left the process, or an adoption order) before it began.
  Matching, placement and adoption order dates are the earliest of the household's own steps
  (children of other authorities) and the adoption records of this authority's children that
  name the household; children placed counts both. Steps after the period's end are left out.
"""

import io
import string
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from django.db.models import Count, F, Max, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from hearth.allocation.models import Allocation
from hearth.assessment.models import Assessment
from hearth.casenotes.models import CaseNote
from hearth.childinneed.models import Referral
from hearth.childprotection.models import ChildProtectionPlan, Conference, Section47
from hearth.earlyhelp.models import EarlyHelpEpisode
from hearth.frontdoor.models import ContactPerson
from hearth.people.models import Person, hearth_id
from hearth.reference.code_lists import CODE_LISTS

COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
ALLOCATED = ["Allocated Team", "Allocated Worker"]
GENDER = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded", "": "c) Not stated/recorded"}
CATEGORY = {
    "NEG": "a) Neglect",
    "PHY": "b) Physical abuse",
    "SAB": "c) Sexual abuse",
    "EMO": "d) Emotional abuse",
    "MUL": "e) Multiple/not recommended",
}
YES, NO, UNKNOWN = "a) Yes", "b) No", "c) Unknown"
# Assessment outcomes that mean the child needs children's social care support.
NEEDS_SUPPORT = {"cin", "strategy", "looked_after"}


def _codes(name: str) -> list[tuple[str, str]]:
    return next(spec.codes for spec in CODE_LISTS if spec.name == name)


def _lettered(name: str, joiner: str) -> dict[str, str]:
    """Ofsted's "a) …, b) …" labels, lettered in the order of DfE's code list."""
    return {
        code: f"{letter}) {code}{joiner}{label}" if joiner else f"{letter}) {code}"
        for letter, (code, label) in zip(string.ascii_lowercase, _codes(name), strict=False)
    }


ETHNICITY = _lettered("ethnicity", "")
SOURCE = _lettered("referral_source", ": ")
PRIMARY_NEED = {code: f"{code} - {label}" for code, label in _codes("primary_need")}
CLOSURE_REASON = {code: f"{code} - {label}" for code, label in _codes("closure_reason")}


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: list[list]


def _d(day) -> str:
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = timezone.localtime(day).date()
    return day.strftime("%d/%m/%Y")


def _yes_no(value: bool | None) -> str:
    return UNKNOWN if value is None else YES if value else NO


def _disabled(person: Person) -> str:
    return _disabled_codes(person.disabilities)


def _disabled_codes(disabilities) -> str:
    codes = list(disabilities or [])
    if not codes:
        return UNKNOWN
    return NO if codes == ["NONE"] else YES


def _age(born: date | None, on: date) -> int | str:
    if born is None or born > on:
        return ""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


class _Period:
    def __init__(self, start: date, end: date):
        if end < start:
            raise ValueError("The period must end on or after the day it starts")
        self.start, self.end = start, end
        self.start_at = timezone.make_aware(datetime.combine(start, time.min))
        self.end_at = timezone.make_aware(datetime.combine(end, time.max))
        self._allocated: dict[int, tuple[str, str]] | None = None
        self._common: dict[int, list] = {}
        self._disabled: dict[int, str] = {}

    def _remember(self, pk: int, sex: str, ethnicity: str, born: date | None, disabilities) -> None:
        self._common[pk] = [
            hearth_id(pk),
            GENDER.get(sex, GENDER[""]),
            ETHNICITY.get(ethnicity, ""),
            _d(born),
            _age(born, self.end),
        ]
        self._disabled[pk] = _disabled_codes(disabilities)

    def common(self, person: Person) -> list:
        """The five columns every list starts with (worked out once a child: a child appears on
        several lists, and several times on the contacts list)."""
        if person.pk not in self._common:
            self._remember(person.pk, person.sex, person.ethnicity, person.date_of_birth, person.disabilities)
        return list(self._common[person.pk])

    def read_people(self, ids) -> None:
        """The columns the lists show of these people, in one query: the long lists (contacts,
        referrals, assessments, children in need) read them this way rather than as a model
        object a row."""
        missing = [pk for pk in ids if pk not in self._common]
        for row in Person.objects.filter(pk__in=missing).values_list(
            "pk", "sex", "ethnicity", "date_of_birth", "disabilities"
        ):
            self._remember(*row)

    def common_of(self, pk: int) -> list:
        return list(self._common[pk])

    def disabled_of(self, pk: int) -> str:
        return self._disabled[pk]

    def allocated(self, child_id: int) -> list[str]:
        """Team and worker holding the case on the period's last day (one query for all)."""
        if self._allocated is None:
            self._allocated = {}
            rows = (
                Allocation.objects.filter(start_date__lte=self.end)
                .filter(Q(end_date__isnull=True) | Q(end_date__gte=self.end))
                .order_by("start_date", "pk")
                .values("child_id", "team__name", "worker__first_name", "worker__last_name")
            )
            for row in rows:
                worker = " ".join(p for p in (row["worker__first_name"], row["worker__last_name"]) if p)
                self._allocated[row["child_id"]] = (row["team__name"], worker)
        return list(self._allocated.get(child_id, ("", "")))


def contacts(period: _Period) -> Sheet:
    # The list's tens of thousands of rows need a few columns of each: no more is read.
    rows = list(
        ContactPerson.objects.filter(
            involvement=ContactPerson.Involvement.SUBJECT,
            contact__received_at__gte=period.start_at,
            contact__received_at__lte=period.end_at,
        )
        .order_by("contact__received_at", "pk")
        .values_list("person_id", "contact__received_at", "contact__source")
    )
    period.read_people({person_id for person_id, _, _ in rows})
    return Sheet(
        "List 1 Contacts",
        COMMON + ["Date of Contact", "Contact Source"],
        [
            period.common_of(person_id) + [_d(received_at), SOURCE.get(source, "")]
            for person_id, received_at, source in rows
        ],
    )


def early_help(period: _Period) -> Sheet:
    episodes = (
        EarlyHelpEpisode.objects.filter(
            Q(assessment_started_on__range=(period.start, period.end))
            | Q(assessment_completed_on__range=(period.start, period.end))
        )
        .select_related("child")
        .order_by("assessment_started_on", "pk")
    )
    return Sheet(
        "List 2 Early help",
        COMMON
        + ["Assessment start date", "Assessment completion date", "Organisation completing assessment"]
        + ALLOCATED,
        [
            period.common(row.child)
            + [_d(row.assessment_started_on), _d(row.assessment_completed_on), row.lead_agency]
            + period.allocated(row.child_id)
            for row in episodes
        ],
    )


def _within_year_before(days: list[date], day: date) -> int:
    year_before = day - relativedelta(months=12)
    return sum(1 for other in days if year_before < other <= day)


def referrals(period: _Period) -> Sheet:
    rows = list(
        Referral.objects.filter(referral_date__range=(period.start, period.end)).order_by(
            "referral_date", "pk"
        )
    )
    period.read_people({row.child_id for row in rows})
    earlier = defaultdict(list)
    for child_id, day in Referral.objects.filter(
        child_id__in={row.child_id for row in rows}, referral_date__lte=period.end
    ).values_list("child_id", "referral_date"):
        earlier[child_id].append(day)
    return Sheet(
        "List 3 Referrals",
        COMMON
        + ["Date of referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months"]
        + ALLOCATED,
        [
            period.common_of(row.child_id)
            + [
                _d(row.referral_date),
                SOURCE.get(row.source, ""),
                _yes_no(row.no_further_action),
                _within_year_before(earlier[row.child_id], row.referral_date),
            ]
            + period.allocated(row.child_id)
            for row in rows
        ],
    )


def assessments(period: _Period) -> Sheet:
    rows = list(
        Assessment.objects.filter(
            Q(start_date__range=(period.start, period.end))
            | Q(authorised_on__range=(period.start, period.end))
        )
        .select_related("referral")
        .order_by("start_date", "pk")
    )
    period.read_people({row.referral.child_id for row in rows})
    return Sheet(
        "List 4 Assessments",
        COMMON
        + [
            "Does the Child have a Disability",
            "Continuous Assessment Start Date",
            "Child Seen During Continuous Assessment",
            "Continuous Assessment Date of Authorisation",
            "Was the child assessed as requiring LA children's social care support?",
        ]
        + ALLOCATED,
        [
            period.common_of(row.referral.child_id)
            + [
                period.disabled_of(row.referral.child_id),
                _d(row.start_date),
                _yes_no(row.child_seen_on is not None),
                _d(row.authorised_on if row.authorised_on and row.authorised_on <= period.end else None),
                _yes_no(row.outcome in NEEDS_SUPPORT) if row.outcome and row.authorised_on else "",
            ]
            + period.allocated(row.referral.child_id)
            for row in rows
        ],
    )


def section_47s(period: _Period) -> Sheet:
    rows = list(
        Section47.objects.filter(start_date__range=(period.start, period.end))
        .select_related("referral__child")
        .order_by("start_date", "pk")
    )
    child_ids = {row.referral.child_id for row in rows}
    enquiry_days, icpc_days = defaultdict(list), defaultdict(list)
    for child_id, day in Section47.objects.filter(referral__child_id__in=child_ids).values_list(
        "referral__child_id", "start_date"
    ):
        enquiry_days[child_id].append(day)
    icpcs: dict[int, tuple[date, str]] = {}
    for row in Conference.objects.filter(
        referral__child_id__in=child_ids, kind=Conference.Kind.INITIAL, held_on__lte=period.end
    ).values("referral__child_id", "section_47_id", "held_on", "outcome"):
        icpc_days[row["referral__child_id"]].append(row["held_on"])
        if row["section_47_id"]:
            icpcs[row["section_47_id"]] = (row["held_on"], row["outcome"])
    sheet_rows = []
    for row in rows:
        child_id = row.referral.child_id
        held_on, outcome = icpcs.get(row.pk, (None, ""))
        sheet_rows.append(
            period.common(row.referral.child)
            + [
                _disabled(row.referral.child),
                _d(row.start_date),
                _yes_no(row.conference_not_required) if row.completed_on else "",
                _d(held_on),
                _yes_no(outcome == Conference.Outcome.PLAN) if held_on else "",
                _within_year_before(enquiry_days[child_id], row.start_date),
                _within_year_before(icpc_days[child_id], held_on or period.end),
            ]
            + period.allocated(child_id)
        )
    return Sheet(
        "List 5 Section 47 and ICPC",
        COMMON
        + [
            "Does the Child have a Disability",
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            "Was an Initial Child Protection Conference deemed unnecessary?",
            "Date of Initial Child Protection Conference",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan",
            "Number of Section 47 Enquiries in the last 12 months",
            "Number of ICPCs in the last 12 months",
        ]
        + ALLOCATED,
        sheet_rows,
    )


def _last_visits(period: _Period, child_ids: set[int], kinds) -> dict[int, tuple[datetime, bool]]:
    """Each child's latest visit of these kinds by the period's end: (when, seen alone)."""
    Link = CaseNote.children.through
    # Only each child's latest visit leaves the database: a child in care has a visit every few
    # weeks for years, and reading them all cost more than the rest of the list.
    rows = (
        Link.objects.filter(
            person_id__in=child_ids,
            casenote__kind__in=kinds,
            casenote__is_draft=False,
            casenote__child_seen=True,
            casenote__occurred_at__lte=period.end_at,
        )
        .annotate(
            newest=Window(
                RowNumber(),
                partition_by=F("person_id"),
                order_by=[F("casenote__occurred_at").desc(), F("casenote_id").desc()],
            )
        )
        .filter(newest=1)
        .values_list("person_id", "casenote__occurred_at", "casenote__child_seen_alone")
    )
    return {person_id: (occurred_at, alone) for person_id, occurred_at, alone in rows}


def _looked_after_on(day: date, child_ids: set[int]) -> set[int]:
    try:
        from hearth.childrenincare.models import PeriodOfCare
    except ImportError:  # the children-in-care app is not installed
        return set()
    return set(
        PeriodOfCare.objects.filter(child_id__in=child_ids, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values_list("child_id", flat=True)
    )


def _protected_recently(period: _Period, child_ids: set[int]) -> set[int]:
    """Children under an emergency protection order (L2) or police protection (L1) at any time in
    the six months to the period's end, from their legal statuses in care."""
    try:
        from hearth.childrenincare.models import LegalStatus
    except ImportError:
        return set()
    since = period.end - relativedelta(months=6)
    return set(
        LegalStatus.objects.filter(
            period__child_id__in=child_ids, legal_status__in=["L1", "L2"], start_date__lte=period.end
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=since))
        .values_list("period__child_id", flat=True)
    )


def children_in_need(period: _Period) -> Sheet:
    rows = list(
        Referral.objects.filter(referral_date__lte=period.end, no_further_action=False)
        .filter(Q(closure_date__isnull=True) | Q(closure_date__gte=period.start))
        .annotate(
            open_cp=Count(
                "cp_plans",
                filter=Q(cp_plans__start_date__lte=period.end)
                & (Q(cp_plans__end_date__isnull=True) | Q(cp_plans__end_date__gt=period.end)),
                distinct=True,
            ),
            open_cin=Count(
                "cin_plans",
                filter=Q(cin_plans__start_date__lte=period.end)
                & (Q(cin_plans__end_date__isnull=True) | Q(cin_plans__end_date__gt=period.end)),
                distinct=True,
            ),
        )
        .order_by("referral_date", "pk")
    )
    child_ids = {row.child_id for row in rows}
    period.read_people(child_ids)
    seen = _last_visits(period, child_ids, CaseNote.VISIT_KINDS)
    in_care = _looked_after_on(period.end, child_ids)
    sheet_rows = []
    for row in rows:
        closed = row.closure_date if row.closure_date and row.closure_date <= period.end else None
        if closed:
            status = "e) Closed episode"
        elif row.child_id in in_care:
            status = "a) Looked after child"
        elif row.open_cp:
            status = "b) Child Protection plan"
        elif row.open_cin:
            status = "c) Child in need plan"
        else:
            status = "d) Open assessment"
        last_seen = seen.get(row.child_id)
        sheet_rows.append(
            period.common_of(row.child_id)
            + [
                period.disabled_of(row.child_id),
                _d(row.referral_date),
                PRIMARY_NEED.get(row.primary_need, ""),
                _d(last_seen[0] if last_seen else None),
                _d(closed),
                CLOSURE_REASON.get(row.closure_reason, "") if closed else "",
                status,
            ]
            + period.allocated(row.child_id)
        )
    return Sheet(
        "List 6 Children in need",
        COMMON
        + [
            "Does the Child have a Disability",
            "CIN Start Date",
            "Primary Need Code",
            "Date Child Was Last Seen",
            "CIN Closure Date",
            "Reason for Closure",
            "Case Status",
        ]
        + ALLOCATED,
        sheet_rows,
    )


def child_protection(period: _Period) -> Sheet:
    plans = list(
        ChildProtectionPlan.objects.filter(start_date__lte=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .select_related("referral__child")
        .annotate(
            last_review=Max(
                "review_conferences__held_on", filter=Q(review_conferences__held_on__lte=period.end)
            )
        )
        .order_by("start_date", "pk")
    )
    child_ids = {plan.referral.child_id for plan in plans}
    starts = defaultdict(list)
    for child_id, day in ChildProtectionPlan.objects.filter(referral__child_id__in=child_ids).values_list(
        "referral__child_id", "start_date"
    ):
        starts[child_id].append(day)
    visits = _last_visits(period, child_ids, [CaseNote.Kind.CP_VISIT])
    protected = _protected_recently(period, child_ids)
    sheet_rows = []
    for plan in plans:
        child_id = plan.referral.child_id
        visit = visits.get(child_id)
        if visit and timezone.localtime(visit[0]).date() < plan.start_date:
            visit = None  # a visit before this plan is not a visit under it
        ended = plan.end_date if plan.end_date and plan.end_date <= period.end else None
        sheet_rows.append(
            period.common(plan.referral.child)
            + [
                _disabled(plan.referral.child),
                _d(plan.start_date),
                CATEGORY.get(plan.initial_category, ""),
                CATEGORY.get(plan.latest_category, ""),
                _d(visit[0] if visit else None),
                ("Y" if visit[1] else "N") if visit else "",
                _d(plan.last_review),
                _d(ended),
                "Y" if child_id in protected else "N",
                sum(1 for day in starts[child_id] if day < plan.start_date),
            ]
            + period.allocated(child_id)
        )
    return Sheet(
        "List 7 Child protection",
        COMMON
        + [
            "Does the Child have a Disability",
            "Child Protection Plan Start Date",
            "Initial Category of Abuse",
            "Latest Category of Abuse",
            "Date of the Last Statutory Visit",
            "Was the Child Seen Alone?",
            "Date of latest review conference",
            "Child Protection Plan End Date",
            "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
            "Number of Previous Child Protection Plans",
        ]
        + ALLOCATED,
        sheet_rows,
    )


LEGAL_STATUS = {code: f"{code}: {label}" for code, label in _codes("legal_status")}
CATEGORY_OF_NEED = {code: f"{code} - {label}" for code, label in _codes("category_of_need")}
REASON_CEASED = {code: f"{code}: {label}" for code, label in _codes("reason_episode_ceased")}
PLACEMENT_TYPE = {code: f"{code}: {label}" for code, label in _codes("placement_type")}
PROVIDER = {code: f"{code}: {label}" for code, label in _codes("placement_provider")}
PERMANENCE = {
    "return_home": "a) Return to family",
    "adoption": "b) Adoption",
    "special_guardianship": "c) SGO/CAO",
    "child_arrangements": "c) SGO/CAO",
    "long_term_fostering": "f) Long-term fostering",
    "kinship": "g) other",
}
LEAVER_CATEGORY = {
    "relevant": "a) Relevant child",
    "former_relevant": "b) Former relevant child",
    "qualifying": "c) Qualifying care leaver",
}
IN_TOUCH = {
    "YES": "a) Yes",
    "NO": "b) No",
    "DIED": "c) Died",
    "REFU": "d) Refu",
    "NREQ": "e) Nreq",
    "RHOM": "f) Rhom",
}
OC3_ACTIVITY = {code: f"{code}: {label}" for code, label in _codes("oc3_activity")}
# Fostering for adoption or concurrent planning: a foster carer who is an approved adopter.
FFA_PLACEMENTS = {"U2", "U5"}


def _y_n(value: bool) -> str:
    return "Y" if value else "N"


def _open_on(rows, day: date, start="start_date", end="end_date"):
    """The last of these (ordered by start) that had started by the day and not ended before it."""
    current = None
    for row in rows:
        began, ended = getattr(row, start), getattr(row, end)
        if began <= day and (ended is None or ended >= day):
            current = row
    return current


def _latest_by_child(rows) -> dict:
    """child id → the last value seen, for (child id, value) pairs in ascending order."""
    return {child_id: value for child_id, value in rows}


def _uasc(child_ids: set[int]) -> dict:
    from hearth.childrenincare.models import UASCStatus

    return {row.child_id: row for row in UASCStatus.objects.filter(child_id__in=child_ids)}


def children_in_care(period: _Period) -> Sheet:
    from hearth.childrenincare.models import CareReview, LegalStatus, PeriodOfCare, Placement
    from hearth.health.models import HealthEvent
    from hearth.missing.models import MissingEpisode
    from hearth.permanence.models import PermanencePlan

    year_before = period.end - relativedelta(months=12)
    periods: dict[int, PeriodOfCare] = {}
    for row in (
        PeriodOfCare.objects.filter(start_date__lte=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .select_related("child")
        .prefetch_related(
            Prefetch("legal_statuses", queryset=LegalStatus.objects.filter(start_date__lte=period.end)),
            Prefetch("reviews", queryset=CareReview.objects.filter(review_date__lte=period.end)),
        )
        .order_by("start_date", "pk")
    ):
        periods[row.child_id] = row  # the latest period in the window wins
    child_ids = set(periods)
    ended_lately = defaultdict(set)  # periods of care that ended in the 12 months to the end
    for child_id, pk in PeriodOfCare.objects.filter(
        child_id__in=child_ids, end_date__gte=year_before, end_date__lte=period.end
    ).values_list("child_id", "pk"):
        ended_lately[child_id].add(pk)
    placements = defaultdict(list)  # in each row's period of care, to find the latest
    for row in Placement.objects.filter(
        period_id__in=[care.pk for care in periods.values()], start_date__lte=period.end
    ).order_by("start_date", "pk"):
        placements[row.period_id].append(row)
    placed_per_child = defaultdict(int)
    for child_id in (
        Placement.objects.filter(period__child_id__in=child_ids, start_date__lte=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=year_before))
        .values_list("period__child_id", flat=True)
    ):
        placed_per_child[child_id] += 1
    plans = defaultdict(list)
    for row in PermanencePlan.objects.filter(child_id__in=child_ids, agreed_on__lte=period.end).order_by(
        "agreed_on", "pk"
    ):
        plans[row.child_id].append(row)
    health = _latest_by_child(
        HealthEvent.objects.filter(
            child_id__in=child_ids,
            kind__in=[HealthEvent.Kind.INITIAL_ASSESSMENT, HealthEvent.Kind.REVIEW_ASSESSMENT],
            event_date__lte=period.end,
        )
        .order_by("event_date")
        .values_list("child_id", "event_date")
    )
    dental = _latest_by_child(
        HealthEvent.objects.filter(
            child_id__in=child_ids, kind=HealthEvent.Kind.DENTAL, event_date__lte=period.end
        )
        .order_by("event_date")
        .values_list("child_id", "event_date")
    )
    missing, absent = defaultdict(int), defaultdict(int)
    last_missing: dict[int, MissingEpisode] = {}
    year_before_at = timezone.make_aware(datetime.combine(year_before, time.max))
    for row in MissingEpisode.objects.filter(child_id__in=child_ids, started_at__lte=period.end_at).order_by(
        "started_at", "pk"
    ):
        if row.episode_type == "M":
            last_missing[row.child_id] = row
        if row.started_at > year_before_at:
            (missing if row.episode_type == "M" else absent)[row.child_id] += 1
    visits = _last_visits(period, child_ids, [CaseNote.Kind.CLA_VISIT])
    uasc = _uasc(child_ids)

    sheet_rows = []
    for child_id, care in sorted(periods.items(), key=lambda item: (item[1].start_date, item[1].pk)):
        child = care.child
        statuses = list(care.legal_statuses.all())
        status = _open_on(statuses, period.end) or (statuses[-1] if statuses else None)
        reviews = list(care.reviews.all())
        ended = care.end_date if care.end_date and care.end_date <= period.end else None
        placement = (placements[care.pk] or [None])[-1]
        plan = _open_on(plans[child_id], period.end, start="agreed_on", end="ended_on")
        visit = visits.get(child_id)
        unaccompanied = uasc.get(child_id)
        was_uasc = bool(
            unaccompanied
            and unaccompanied.status_from <= period.end
            and (unaccompanied.status_ceased_on is None or unaccompanied.status_ceased_on > year_before)
        )
        last = last_missing.get(child_id)
        sheet_rows.append(
            period.common(child)
            + [
                _y_n(was_uasc),
                _disabled(child),
                _d(care.start_date),
                CATEGORY_OF_NEED.get(care.category_of_need, ""),
                _y_n(bool(ended_lately[child_id] - {care.pk})),
                _d(status.start_date if status else None),
                LEGAL_STATUS.get(status.legal_status, "") if status else "",
                _d(reviews[-1].review_date if reviews else None),
                _d(visit[0] if visit else None),
                PERMANENCE.get(plan.plan_type, "") if plan else "",
                "",  # Date of Last IRO Visit / Contact to the Child: not recorded
                _d(health.get(child_id)),
                _d(dental.get(child_id)),
                placed_per_child[child_id],
                _d(ended),
                REASON_CEASED.get(care.reason_ceased, "") if ended else "",
                _d(placement.start_date if placement else None),
                PLACEMENT_TYPE.get(placement.placement_type, "") if placement else "",
                PROVIDER.get(placement.provider, "") if placement else "",
                placement.postcode if placement else "",
                placement.ofsted_urn if placement else "",
                "",  # Placement Location: not recorded
                "",  # LA of Placement: not recorded
                missing[child_id],
                absent[child_id],
                _y_n(last.rhi_offered_at is not None) if last else "",
                (_y_n(last.rhi_outcome == MissingEpisode.Outcome.ACCEPTED) if last.rhi_outcome else "")
                if last
                else "",
            ]
            + period.allocated(child_id)
        )
    return Sheet("List 8 Children in care", LIST_8_HEADERS, sheet_rows)


LIST_8_HEADERS = (
    COMMON
    + [
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
        "Does the Child have a Disability",
        "Date Started to be Looked After",
        "Child's Category of Need",
        "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
        "Start date of current legal status",
        "Child's Legal Status",
        "Date of Latest Statutory Review",
        "Date of Last Social Work Visit",
        "What is the permanence plan for this child?",
        "Date of Last IRO Visit / Contact to the Child",
        "Date of Last Health Assessment",
        "Date of Last Dental Check",
        "Number of Placements in the Last 12 months",
        "Date Ceased to be Looked After",
        "Reason Ceased to be Looked After",
        "Start Date of Most Recent Placement",
        "Placement Type",
        "Placement Provider",
        "Placement postcode",
        "URN of Placement",
        "Placement Location",
        "LA of Placement",
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
        "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
        "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?",
    ]
    + ALLOCATED
)


def care_leavers(period: _Period) -> Sheet:
    from hearth.leavingcare.models import (
        AdviserContact,
        BirthdayContact,
        EligibilityDecision,
        PathwayPlan,
        PathwayPlanReview,
        PersonalAdviser,
    )

    decisions = _latest_by_child(
        (row.young_person_id, row)
        for row in EligibilityDecision.objects.filter(decided_on__lte=period.end)
        .select_related("young_person")
        .order_by("decided_on", "pk")
    )
    decisions = {pk: row for pk, row in decisions.items() if row.category in LEAVER_CATEGORY}
    ids = set(decisions)
    advisers = _latest_by_child(
        (row.young_person_id, row)
        for row in PersonalAdviser.objects.filter(young_person_id__in=ids, start_date__lte=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.end))
        .select_related("adviser")
        .order_by("start_date", "pk")
    )
    reviewed = defaultdict(list)
    for young_person_id, day in PathwayPlan.objects.filter(
        young_person_id__in=ids, agreed_on__lte=period.end
    ).values_list("young_person_id", "agreed_on"):
        reviewed[young_person_id].append(day)
    for young_person_id, day in PathwayPlanReview.objects.filter(
        plan__young_person_id__in=ids, review_date__lte=period.end
    ).values_list("plan__young_person_id", "review_date"):
        reviewed[young_person_id].append(day)
    birthdays = _latest_by_child(
        (row.young_person_id, row)
        for row in BirthdayContact.objects.filter(
            young_person_id__in=ids, contact_date__lte=period.end
        ).order_by("contact_date", "pk")
    )
    contacted = _latest_by_child(
        AdviserContact.objects.filter(young_person_id__in=ids, contact_date__lte=period.end)
        .order_by("contact_date")
        .values_list("young_person_id", "contact_date")
    )
    uasc = _uasc(ids)

    sheet_rows = []
    for young_person_id, decision in sorted(
        decisions.items(), key=lambda item: item[1].young_person.reference
    ):
        person = decision.young_person
        adviser = advisers.get(young_person_id)
        birthday = birthdays.get(young_person_id)
        unaccompanied = uasc.get(young_person_id)
        last_contact = max(
            (day for day in (contacted.get(young_person_id), birthday and birthday.contact_date) if day),
            default=None,
        )
        accommodation = birthday.accommodation if birthday else ""
        sheet_rows.append(
            period.common(person)
            + [
                _y_n(bool(unaccompanied and unaccompanied.status_from <= period.end)),
                _disabled(person),
            ]
            + period.allocated(young_person_id)
            + [
                adviser.adviser.get_full_name() if adviser else "",
                LEAVER_CATEGORY[decision.category],
                _d(max(reviewed[young_person_id], default=None)),
                IN_TOUCH.get(birthday.in_touch, "") if birthday else "",
                _d(last_contact),
                accommodation[:1] if accommodation not in ("", "0") else "",
                {"1": "a) Suitable", "2": "b) Unsuitable"}.get(accommodation[1:], ""),
                OC3_ACTIVITY.get(birthday.activity, "") if birthday else "",
            ]
        )
    return Sheet(
        "List 9 Care leavers",
        COMMON
        + [
            "UASC, or formerly UASC if 18 or over (Y/N)",
            "Does the Child have a Disability",
        ]
        + ALLOCATED
        + [
            "Allocated Personal Advisor",
            "Eligibility Category",
            "Latest Pathway Plan Review Date",
            "LA in Touch",
            "Latest Date of Contact",
            "Type of Accommodation",
            "Suitability of Accommodation",
            "Activity Status",
        ],
        sheet_rows,
    )


def adoption(period: _Period) -> Sheet:
    from hearth.childrenincare.models import Placement
    from hearth.permanence.models import Adoption

    decisions = list(
        Adoption.objects.filter(should_be_placed_on__lte=period.end)
        .filter(Q(adoption_order_on__isnull=True) | Q(adoption_order_on__gte=period.start))
        .filter(Q(reversed_on__isnull=True) | Q(reversed_on__gte=period.start))
        .select_related("child", "period", "household")
        .order_by("should_be_placed_on", "pk")
    )
    fostered_to_adopt = _latest_by_child(
        Placement.objects.filter(
            period_id__in={row.period_id for row in decisions},
            placement_type__in=FFA_PLACEMENTS,
            start_date__lte=period.end,
        )
        .order_by("-start_date", "-pk")
        .values_list("period_id", "start_date")
    )

    def within(day):
        return day if day and day <= period.end else None

    sheet_rows = []
    for row in decisions:
        reversed_on = within(row.reversed_on)
        sheet_rows.append(
            period.common(row.child)[:1]
            # The household is named from the match, so only once the match is in the period.
            + [row.household.family_identifier if row.household and within(row.matched_on) else ""]
            + period.common(row.child)[1:]
            + [
                _disabled(row.child),
                _d(row.period.start_date),
                _d(row.should_be_placed_on),
                _d(within(row.placement_order_on)),
                _d(within(row.matched_on)),
                _d(within(row.placed_on)),
                _d(within(row.adoption_order_on)),
                _d(reversed_on),
                row.reversal_reason if reversed_on else "",
                _d(fostered_to_adopt.get(row.period_id)),
            ]
        )
    return Sheet(
        "List 10 Adoption",
        COMMON[:1]
        + ["Family identifier"]
        + COMMON[1:]
        + [
            "Does the Child have a Disability",
            "Date the Child Entered Care",
            "Date of Decision that Child Should be Placed for Adoption",
            "Date of Placement Order",
            "Date of Matching Child and Prospective Adopters",
            "Date Placed for Adoption",
            "Date of Adoption Order",
            "Date of Decision that Child Should No Longer be Placed for Adoption",
            "Reason Why Child No Longer Placed for Adoption",
            "Date the child was placed for fostering in FFA or concurrent planning placement",
        ],
        sheet_rows,
    )


def adopters(period: _Period) -> Sheet:
    from hearth.adopters.journey import as_of
    from hearth.adopters.models import Step
    from hearth.adopters.selectors import households_active_between, journey, with_journey

    households = with_journey(households_active_between(period.start, period.end))
    sheet_rows = []
    for household in households:
        known = as_of(journey(household), period.end)
        d = known.dates
        steps = [
            _d(d.get(step))
            for step in (
                Step.ENQUIRY,
                Step.STAGE1_STARTED,
                Step.STAGE1_ENDED,
                Step.STAGE2_STARTED,
                Step.STAGE2_ENDED,
                Step.APPLICATION,
                Step.APPROVED,
                Step.MATCHED,
                Step.PLACED,
            )
        ]
        for adopter in household.adopters.all():
            person = adopter.person
            sheet_rows.append(
                [
                    person.reference,
                    household.family_identifier,
                    GENDER.get(person.sex, GENDER[""]),
                    ETHNICITY.get(person.ethnicity, ""),
                    _disabled(person),
                    _yes_no(household.fostering_for_adoption),
                    *steps,
                    known.children_placed if d.get(Step.PLACED) else "",
                    _d(d.get(Step.ADOPTION_ORDER)),
                    _d(d.get(Step.LEFT)),
                    known.leaving_reason,  # Ofsted's 1, 2 or 3
                ]
            )
    return Sheet(
        "List 11 Adopters",
        [
            "Individual adopter identifier",
            "Family identifier",
            "Gender",
            "Ethnicity",
            "Disability",
            "Is the (prospective) adopter fostering for adoption?",
            "Date enquiry received",
            "Date Stage 1 started",
            "Date Stage 1 ended",
            "Date Stage 2 started",
            "Date Stage 2 ended",
            "Date application submitted",
            "Date application approved",
            "Date adopter matched with child(ren)",
            "Date child/children placed with adopter(s)",
            "No. of children placed",
            "Date of Adoption Order",
            "Date of leaving adoption process",
            "Reason for leaving adoption process",
        ],
        sheet_rows,
    )


LISTS = [
    contacts,
    early_help,
    referrals,
    assessments,
    section_47s,
    children_in_need,
    child_protection,
    children_in_care,
    care_leavers,
    adoption,
    adopters,
]


def annex_a_sheets(start: date, end: date) -> list[Sheet]:
    period = _Period(start, end)
    return [build(period) for build in LISTS]


def annex_a_workbook(start: date, end: date) -> bytes:
    """The lists as one xlsx workbook, a sheet per list. Written row by row (openpyxl's write-only
    mode): a large authority's six months run to tens of thousands of rows, which the default
    mode holds as cell objects and takes about twice as long to write."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in annex_a_sheets(start, end):
        worksheet = workbook.create_sheet(sheet.title[:31])
        worksheet.freeze_panes = "A2"
        header = []
        for title in sheet.headers:
            cell = WriteOnlyCell(worksheet, value=title)
            cell.font = bold
            header.append(cell)
        worksheet.append(header)
        for row in sheet.rows:
            worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
