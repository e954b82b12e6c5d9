"""The worktray's task providers: one per kind of task, each one query for every child at once.

A provider is given the ``Scope`` of the worktray (the children allocated to the workers in
view, the user, today) and returns ``Task``s with due dates computed from the timescale
table (``hearth.timescales.clocks.due_date``). Providers never query per child, so the
worktray costs the same number of queries with one child or a whole team's caseload.

Case providers look at the allocated children; queue providers look at work that belongs to
a role rather than a case (contacts waiting for a decision at the front door, decisions
waiting for a manager's sign-off).

The providers read the journey apps' models directly and in bulk: the per-child selectors
those apps offer their own pages would cost a query per child here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Exists, Max, OuterRef, Prefetch, Q, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import lazy

from hearth.accounts.roles import Role
from hearth.assessment.models import Assessment
from hearth.casenotes.models import CaseNote, LatestVisit
from hearth.childinneed.models import CINPlan
from hearth.childprotection.models import (
    ChildProtectionPlan,
    Conference,
    CoreGroup,
    Section47,
    StrategyDiscussion,
)
from hearth.frontdoor.models import Contact, ContactPerson
from hearth.timescales.clocks import due_date


@dataclass(frozen=True)
class Task:
    title: str
    due: date
    href: str
    child_name: str = ""
    kind: str = ""
    child_id: int | None = None
    # The worker whose task it is (None: the user's own queue, such as sign-offs).
    worker_id: int | None = None
    worker_name: str = ""


@dataclass(frozen=True)
class CaseChild:
    pk: int
    name: str
    worker_id: int
    worker_name: str


@dataclass
class Scope:
    user: object
    today: date
    children: dict[int, CaseChild] = field(default_factory=dict)
    # Users whose work is in view: the user, and the staff of teams they manage.
    worker_ids: set[int] = field(default_factory=set)
    manages_team: bool = False
    manages_front_door: bool = False

    @property
    def child_ids(self) -> list[int]:
        return list(self.children)


Provider = Callable[[Scope], list[Task]]
CLOCK_PROVIDERS: list[Provider] = []
CASE_PROVIDERS: list[Provider] = []
QUEUE_PROVIDERS: list[Provider] = []


def clock_provider(function: Provider) -> Provider:
    """A case provider whose clocks depend on the child's records alone, never on today: its
    answers are stored (``hearth.worktray.due_work``) and worked out again when a record changes.
    It is given no ``today`` and no names."""
    CLOCK_PROVIDERS.append(function)
    return function


def case_provider(function: Provider) -> Provider:
    """A case provider worked out on every visit, because its tasks come and go with the day."""
    CASE_PROVIDERS.append(function)
    return function


def queue_provider(function: Provider) -> Provider:
    QUEUE_PROVIDERS.append(function)
    return function


def _reverse_or(url_name: str, args: tuple, fallback) -> str:
    try:
        return reverse(url_name, args=args)
    except NoReverseMatch:
        return str(fallback)


_lazy_link = lazy(_reverse_or, str)


def link(url_name: str, *args, fallback="") -> str:
    """The task's page, worked out only when it is shown: a manager's summary of the team's
    work counts hundreds of tasks and links none of them."""
    return _lazy_link(url_name, args, fallback)


def _first_of(href, fallback) -> str:
    return str(href) or str(fallback)


_lazy_first_of = lazy(_first_of, str)


def _local_date(moment: datetime | date) -> date:
    if isinstance(moment, datetime):
        return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return moment


def _child_task(scope: Scope, child_id: int, *, title: str, due: date, href: str, kind: str) -> Task:
    child = scope.children[child_id]
    return Task(
        title=title,
        due=_local_date(due),
        href=_lazy_first_of(href, link("chronology:child", child_id)),
        child_name=child.name,
        kind=kind,
        child_id=child_id,
        worker_id=child.worker_id,
        worker_name=child.worker_name,
    )


# --- case providers: the allocated children --------------------------------------------------


@clock_provider
def assessments_open(scope: Scope) -> list[Task]:
    rows = Assessment.objects.filter(
        referral__child_id__any_of=scope.child_ids,
        completed_on__isnull=True,
        referral__closure_date__isnull=True,
    ).values("pk", "referral__child_id", "referral__referral_date")
    return [
        _child_task(
            scope,
            row["referral__child_id"],
            title="Complete the assessment",
            due=due_date("assessment.complete", row["referral__referral_date"]),
            href=link("assessment:detail", row["referral__child_id"], row["pk"]),
            kind="assessment",
        )
        for row in rows
    ]


@clock_provider
def initial_conferences_due(scope: Scope) -> list[Task]:
    held = Conference.objects.filter(
        referral=OuterRef("referral"), kind=Conference.Kind.INITIAL, held_on__gte=OuterRef("held_on")
    )
    # The enquiry concluded without needing a conference: no ICPC is due.
    not_needed = Section47.objects.filter(strategy_discussion=OuterRef("pk")).filter(
        Q(conference_not_required=True)
        | (Q(completed_on__isnull=False) & ~Q(outcome=Section47.Outcome.CONFERENCE))
    )
    rows = (
        StrategyDiscussion.objects.filter(
            referral__child_id__any_of=scope.child_ids,
            section_47_initiated=True,
            referral__closure_date__isnull=True,
        )
        .annotate(icpc_held=Exists(held), icpc_not_needed=Exists(not_needed))
        .filter(icpc_held=False, icpc_not_needed=False)
        .values("pk", "referral_id", "referral__child_id", "held_on")
    )
    return [
        _child_task(
            scope,
            row["referral__child_id"],
            title="Hold the initial child protection conference",
            due=due_date("icpc.held", row["held_on"]),
            href=link("childprotection:overview", row["referral__child_id"]),
            kind="icpc",
        )
        for row in rows
    ]


def _open_plans(scope: Scope):
    return ChildProtectionPlan.objects.filter(
        referral__child_id__any_of=scope.child_ids, end_date__isnull=True, referral__closure_date__isnull=True
    )


@clock_provider
def first_core_groups_due(scope: Scope) -> list[Task]:
    rows = (
        _open_plans(scope)
        .annotate(has_core_group=Exists(CoreGroup.objects.filter(plan=OuterRef("pk"))))
        .filter(has_core_group=False)
        .values("pk", "referral__child_id", "initial_conference__held_on")
    )
    return [
        _child_task(
            scope,
            row["referral__child_id"],
            title="Hold the first core group",
            due=due_date("core_group.first", row["initial_conference__held_on"]),
            href=link("childprotection:overview", row["referral__child_id"]),
            kind="core_group",
        )
        for row in rows
    ]


@clock_provider
def review_conferences_due(scope: Scope) -> list[Task]:
    last_review = (
        Conference.objects.filter(plan=OuterRef("pk"), kind=Conference.Kind.REVIEW)
        .order_by("-held_on")
        .values("held_on")[:1]
    )
    rows = (
        _open_plans(scope)
        .annotate(last_review=Subquery(last_review))
        .values("pk", "referral__child_id", "initial_conference__held_on", "last_review")
    )
    tasks = []
    for row in rows:
        if row["last_review"]:
            due = due_date("rcpc.next", row["last_review"])
        else:
            due = due_date("rcpc.first", row["initial_conference__held_on"])
        tasks.append(
            _child_task(
                scope,
                row["referral__child_id"],
                title="Hold the review child protection conference",
                due=due,
                href=link("childprotection:overview", row["referral__child_id"]),
                kind="rcpc",
            )
        )
    return tasks


@clock_provider
def cp_visits_due(scope: Scope) -> list[Task]:
    # The last child protection visit, from the case notes' read model: one row per child,
    # however long the child's history.
    last_visit = LatestVisit.objects.filter(
        child_id=OuterRef("referral__child_id"), kind=CaseNote.Kind.CP_VISIT
    ).values("last_at")[:1]
    rows = (
        _open_plans(scope)
        .annotate(last_visit=Subquery(last_visit))
        .values("pk", "referral__child_id", "start_date", "last_visit")
    )
    tasks = []
    for row in rows:
        # The clock runs from the last visit on this plan, or from the plan's start.
        anchor = row["start_date"]
        if row["last_visit"] and _local_date(row["last_visit"]) >= anchor:
            anchor = _local_date(row["last_visit"])
        tasks.append(
            _child_task(
                scope,
                row["referral__child_id"],
                title="Visit the child on a child protection plan",
                due=due_date("cp.visit", anchor),
                href=link("casenotes:new", row["referral__child_id"]),
                kind="cp_visit",
            )
        )
    return tasks


@clock_provider
def cin_plan_reviews_due(scope: Scope) -> list[Task]:
    rows = (
        CINPlan.objects.filter(
            referral__child_id__any_of=scope.child_ids,
            end_date__isnull=True,
            referral__closure_date__isnull=True,
        )
        .annotate(last_review=Max("reviews__review_date"))
        .values("pk", "referral_id", "referral__child_id", "start_date", "last_review")
    )
    return [
        _child_task(
            scope,
            row["referral__child_id"],
            title="Review the child in need plan",
            due=due_date("cin.review", row["last_review"] or row["start_date"]),
            href=link("childinneed:referral", row["referral__child_id"], row["referral_id"]),
            kind="cin_review",
        )
        for row in rows
    ]


# --- queue providers: work that belongs to a role ---------------------------------------------


def _subjects_prefetch() -> Prefetch:
    return Prefetch(
        "involved",
        queryset=ContactPerson.objects.filter(involvement=ContactPerson.Involvement.SUBJECT)
        .select_related("person")
        .order_by("pk"),
        to_attr="subjects",
    )


def _contact_task(contact: Contact, *, title: str, kind: str) -> Task:
    subject = contact.subjects[0].person if contact.subjects else None
    names = ", ".join(row.person.display_name for row in contact.subjects)
    return Task(
        title=title,
        due=_local_date(due_date("contact.decision", _local_date(contact.received_at))),
        href=link(
            "frontdoor:contact", contact.pk, fallback=link("chronology:child", subject.pk) if subject else ""
        ),
        child_name=names,
        kind=kind,
        child_id=subject.pk if subject else None,
    )


@queue_provider
def contact_decisions_awaited(scope: Scope) -> list[Task]:
    """Every contact still waiting for a decision, for everyone at the front door."""
    if not (scope.user.has_role(Role.FRONT_DOOR) or scope.manages_front_door):
        return []
    contacts = (
        Contact.objects.filter(decision="").prefetch_related(_subjects_prefetch()).order_by("received_at")
    )
    return [
        _contact_task(contact, title="Decide what happens with the contact", kind="contact")
        for contact in contacts
    ]


@queue_provider
def contact_sign_offs_awaited(scope: Scope) -> list[Task]:
    """Decisions by the manager's staff (or anyone, for the front door's manager) to sign off."""
    if not scope.manages_team:
        return []
    contacts = Contact.objects.filter(signed_off_at__isnull=True).exclude(decision="")
    if not scope.manages_front_door:
        contacts = contacts.filter(decided_by_id__any_of=list(scope.worker_ids))
    contacts = contacts.prefetch_related(_subjects_prefetch()).order_by("received_at")
    return [
        _contact_task(contact, title="Sign off the contact decision", kind="contact_sign_off")
        for contact in contacts
    ]


# A decision for the manager of the worker who holds the case, stored with the clocks (it depends
# on the records alone): the worktray hands it to the manager, never to the worker.
SIGN_OFF_CLOCKS = frozenset({"assessment_authorise"})


@clock_provider
def assessments_to_authorise(scope: Scope) -> list[Task]:
    rows = Assessment.objects.filter(
        referral__child_id__any_of=scope.child_ids, completed_on__isnull=False, authorised_on__isnull=True
    ).values("pk", "referral__child_id", "referral__referral_date")
    return [
        _child_task(
            scope,
            row["referral__child_id"],
            title="Authorise the assessment",
            due=due_date("assessment.complete", row["referral__referral_date"]),
            href=link("assessment:detail", row["referral__child_id"], row["pk"]),
            kind="assessment_authorise",
        )
        for row in rows
    ]
