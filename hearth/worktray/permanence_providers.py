"""Worktray providers for permanence and care leavers: the adoption authority review while a
child waits to be placed, and a care leaver's needs assessment, pathway plan review, personal
adviser visit and birthday contact (SSDA903 OC3). Two providers, one query each for all the
young people in view (imported from ``WorktrayConfig.ready``): the four care leaver clocks share
one query, so the worktray page pays one query for them, not four.

A care leaver's tasks go to the worker allocated to them and also to their personal adviser
(the current ``leavingcare.PersonalAdviser``), so a young person with no allocated worker still
appears on the adviser's worktray. The due dates come from the leaving care app's own clock
functions, so the worktray and the Leaving care tab never disagree.
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, Max, OuterRef, Q, Subquery

from hearth.childrenincare.models import CareReview, PeriodOfCare
from hearth.leavingcare.models import (
    AdviserContact,
    BirthdayContact,
    EligibilityDecision,
    NeedsAssessment,
    PathwayPlan,
    PathwayPlanReview,
    PersonalAdviser,
    SupportRequest,
)
from hearth.leavingcare.selectors import (
    CONTACT_WINDOW_AFTER,
    CONTACT_WINDOW_BEFORE,
    OC3_AGES,
    OC3_CATEGORIES,
    SUPPORT_AGES,
    adviser_visit_due,
    needs_assessment_start,
)
from hearth.people.models import Person
from hearth.permanence.models import Adoption
from hearth.timescales.clocks import due_date
from hearth.worktray.providers import (
    Scope,
    Task,
    _child_task,
    _local_date,
    case_provider,
    clock_provider,
    link,
)

# --- adoption: authority to place held, child not yet placed -------------------------------------


@clock_provider
def adoption_authority_reviews_due(scope: Scope) -> list[Task]:
    """AAR 2005 reg 36(1): once the agency may place the child (placement order or consent), the
    child's case is reviewed within 3 months, then at least every 6 months until placed. The
    looked-after review is where that review is held, so the last one since authority restarts
    the clock."""
    if not scope.child_ids:
        return []
    last_review = (
        CareReview.objects.filter(period=OuterRef("period"))
        .order_by("-review_date")
        .values("review_date")[:1]
    )
    rows = (
        Adoption.objects.filter(
            child_id__any_of=scope.child_ids,
            period__end_date__isnull=True,
            reversed_on__isnull=True,
            adoption_order_on__isnull=True,
            placed_on__isnull=True,
        )
        .filter(Q(placement_order_on__isnull=False) | Q(consent_on__isnull=False))
        .annotate(last_review=Subquery(last_review))
        .values("child_id", "placement_order_on", "consent_on", "last_review")
    )
    tasks = []
    for row in rows:
        authority = min(day for day in (row["placement_order_on"], row["consent_on"]) if day)
        if row["last_review"] and row["last_review"] >= authority:
            due = due_date("adoption.authority.review.next", row["last_review"])
        else:
            due = due_date("adoption.authority.review.first", authority)
        tasks.append(
            _child_task(
                scope,
                row["child_id"],
                title="Review the case of the child waiting to be placed for adoption",
                due=due,
                href=link("permanence:overview", row["child_id"]),
                kind="adoption_authority_review",
            )
        )
    return tasks


# --- care leavers ---------------------------------------------------------------------------------
# One provider, one query: every care leaver in view with what the four clocks need (the
# latest category, the current adviser, the first eligibility, the needs assessment, the latest
# pathway plan and its last review, leaving care, the last adviser visit, the last birthday
# contact, a request for support), then each clock is worked out in Python.


def _care_leavers(scope: Scope):
    """Young people in view (allocated to a worker in view, or with a personal adviser in view)
    whose latest category decision is eligible, relevant or former relevant. One query."""
    pk = OuterRef("pk")
    current_adviser = PersonalAdviser.objects.filter(young_person=pk, end_date__isnull=True)
    latest = EligibilityDecision.objects.filter(young_person=pk).order_by("-decided_on", "-pk")
    first_eligible = (
        EligibilityDecision.objects.filter(young_person=pk, category__in=list(OC3_CATEGORIES))
        .order_by("decided_on")
        .values("decided_on")[:1]
    )
    latest_plan = PathwayPlan.objects.filter(young_person=pk).order_by("-agreed_on", "-pk")
    last_plan_review = (
        PathwayPlanReview.objects.filter(plan_id=OuterRef("plan_id"))
        .order_by("-review_date")
        .values("review_date")[:1]
    )
    left_care = (
        PeriodOfCare.objects.filter(child_id=pk, end_date__isnull=False)
        .values("child_id")
        .annotate(last=Max("end_date"))
        .values("last")
    )
    last_seen = (
        AdviserContact.objects.filter(young_person=pk, seen=True)
        .order_by("-contact_date")
        .values("contact_date")[:1]
    )
    last_contact_age = BirthdayContact.objects.filter(young_person=pk).order_by("-age").values("age")[:1]
    # The young people in view as one UNION subquery, so the database looks them up by primary
    # key. "allocated OR has an adviser in view" as an OR of a list and a correlated EXISTS
    # made PostgreSQL test every person in the table (a full scan of people_person).
    allocated = Person.objects.filter(pk__any_of=scope.child_ids).order_by().values("pk")
    advised = (
        PersonalAdviser.objects.filter(end_date__isnull=True, adviser_id__any_of=list(scope.worker_ids))
        .order_by()
        .values("young_person_id")
    )
    return (
        Person.objects.filter(pk__in=allocated.union(advised, all=True))
        .annotate(category=Subquery(latest.values("category")[:1]))
        .filter(category__in=list(OC3_CATEGORIES))
        .annotate(
            adviser_id=Subquery(current_adviser.values("adviser_id")[:1]),
            adviser_from=Subquery(current_adviser.values("start_date")[:1]),
            eligible_from=Subquery(first_eligible),
            assessed=Exists(NeedsAssessment.objects.filter(young_person=pk)),
            plan_id=Subquery(latest_plan.values("pk")[:1]),
            plan_agreed=Subquery(latest_plan.values("agreed_on")[:1]),
            in_care=Exists(PeriodOfCare.objects.filter(child_id=pk, end_date__isnull=True)),
            left_care_on=Subquery(left_care),
            last_seen=Subquery(last_seen),
            last_contact_age=Subquery(last_contact_age),
            supported=Exists(SupportRequest.objects.filter(young_person=pk, ended_on__isnull=True)),
        )
        .annotate(plan_reviewed=Subquery(last_plan_review))
        .only("pk", "first_name", "last_name", "person_type", "date_of_birth")
    )


def _duties_continue(person, today: date) -> bool:
    """The duties to a care leaver run to 21, and to 25 where they ask for support."""
    dob = person.date_of_birth
    return dob is not None and today < dob + relativedelta(years=25 if person.supported else 21)


def birthday_due(dob: date | None, today: date, ages) -> tuple[int, date] | None:
    """The birthday whose OC3 contact window has most recently opened (3 months before it), and
    the day that window closes (1 month after it); None when no birthday in ``ages`` applies."""
    if dob is None:
        return None
    age = relativedelta(today + CONTACT_WINDOW_BEFORE, dob).years
    if age not in ages:
        return None
    return age, dob + relativedelta(years=age) + CONTACT_WINDOW_AFTER


def _clocks(person, today: date) -> list[tuple[str, str, date, str]]:
    """(kind, title, due, href) for each care leaver clock that is running."""
    overview = link("leavingcare:overview", person.pk)
    running = []
    # leaving_care.needs_assessment: 3 months from the 16th birthday or becoming eligible if
    # later (the first decision recording them eligible, relevant or former relevant).
    if not person.assessed:
        start = needs_assessment_start(person.date_of_birth, person.eligible_from)
        due = due_date("leaving_care.needs_assessment", start)
        running.append(
            ("leaving_care_assessment", "Complete the leaving care needs assessment", due, overview)
        )
    # pathway_plan.review: 6 months from the last review of the latest plan, or from the plan.
    if person.plan_id:
        due = due_date("pathway_plan.review", person.plan_reviewed or person.plan_agreed)
        running.append(("pathway_plan_review", "Review the pathway plan", due, overview))
    # pa.visit.first / pa.visit.next, once the young person has left care (reg 8).
    if not person.in_care:
        due = adviser_visit_due(person.category, person.adviser_from, person.left_care_on, person.last_seen)
        if due is not None:
            href = link("leavingcare:adviser-contact", person.pk)
            running.append(("adviser_visit", "Personal adviser visit to the care leaver", due, href))
    # SSDA903 OC3: the contact around each birthday from 17 to 21 (to 25 with a request for
    # support), due by the end of its window; a contact for that birthday or a later one ends it.
    ages = list(OC3_AGES) + (list(SUPPORT_AGES) if person.supported else [])
    found = birthday_due(person.date_of_birth, today, ages)
    if found and (person.last_contact_age is None or person.last_contact_age < found[0]):
        age, closes = found
        href = link("leavingcare:contact", person.pk, age)
        running.append(("birthday_contact", f"Record the contact around the {age}th birthday", closes, href))
    return running


@case_provider
def care_leaver_tasks(scope: Scope) -> list[Task]:
    """A care leaver's needs assessment, pathway plan review, personal adviser visit and birthday
    contact, for the allocated worker and for the personal adviser."""
    tasks = []
    for person in _care_leavers(scope):
        if person.date_of_birth is None or not _duties_continue(person, scope.today):
            continue
        allocated = scope.children.get(person.pk)
        adviser_id = person.adviser_id
        for_adviser = adviser_id in scope.worker_ids and (
            allocated is None or allocated.worker_id != adviser_id
        )
        for kind, title, due, href in _clocks(person, scope.today):
            if allocated is not None:
                tasks.append(_child_task(scope, person.pk, title=title, due=due, href=href, kind=kind))
            if for_adviser:
                tasks.append(
                    Task(
                        title=title,
                        due=_local_date(due),
                        href=href,
                        child_name=person.display_name,
                        kind=kind,
                        child_id=person.pk,
                        worker_id=adviser_id,
                    )
                )
    return tasks
