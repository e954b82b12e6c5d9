"""Reads of adopter households, each in a fixed number of queries however many there are.

Other apps read households through ``households_open_for_matching`` (the permanence match
form) and ``household_match_errors`` (the permanence services); the Annex A return reads the
models in bulk, as it does for every other list.
"""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from hearth.adopters.journey import FINISHED, STAGES, Journey, LinkedChild, journey_of
from hearth.adopters.models import Adopter, AdopterEvent, AdopterHousehold, Step


def _long(day: date) -> str:
    return f"{day:%-d %B %Y}"


def _children_adoptions():
    # permanence.Adoption, reached through its foreign key to the household, so this app
    # depends on no other app's models module.
    return AdopterHousehold._meta.get_field("adoptions").related_model


def with_journey(households: QuerySet) -> QuerySet:
    """Households with their adopters (and people), events and linked children: three more
    queries for the whole list."""
    Adoption = _children_adoptions()
    return households.prefetch_related(
        Prefetch("adopters", queryset=Adopter.objects.select_related("person").order_by("pk")),
        Prefetch("events", queryset=AdopterEvent.objects.order_by("on", "pk")),
        Prefetch(
            "adoptions",
            queryset=Adoption.objects.select_related("child").order_by("matched_on", "pk"),
            to_attr="linked_adoptions",
        ),
    )


def linked_children(household) -> list[LinkedChild]:
    return [
        LinkedChild(
            adoption.pk,
            adoption.child_id,
            adoption.child.display_name,
            adoption.matched_on,
            adoption.placed_on,
            adoption.adoption_order_on,
        )
        for adoption in household.linked_adoptions
    ]


def journey(household) -> Journey:
    """The journey of a household loaded through ``with_journey`` (no queries)."""
    return journey_of(household, household.events.all(), linked_children(household))


def _events(**filters) -> QuerySet:
    return AdopterEvent.objects.filter(household=OuterRef("pk"), **filters)


def _finished_before(day: date | None = None) -> Q:
    """Households that left or adopted before ``day`` (at all, when ``day`` is None)."""
    Adoption = _children_adoptions()
    within = {} if day is None else {"on__lt": day}
    ordered = {"adoption_order_on__isnull": False} if day is None else {"adoption_order_on__lt": day}
    return Q(Exists(_events(step__in=[Step.LEFT, Step.ADOPTION_ORDER], **within))) | Q(
        Exists(Adoption.objects.filter(household=OuterRef("pk"), **ordered))
    )


def households_active_between(start: date, end: date) -> QuerySet:
    """Households whose enquiry came by ``end`` and whose journey had not finished (left, or
    an adoption order) before ``start``: Annex A list 11's scope."""
    return (
        AdopterHousehold.objects.filter(Exists(_events(step=Step.ENQUIRY, on__lte=end)))
        .exclude(_finished_before(start))
        .order_by("pk")
    )


@dataclass(frozen=True)
class HouseholdRow:
    household: AdopterHousehold
    journey: Journey

    @property
    def adopters(self) -> list[Adopter]:
        return list(self.household.adopters.all())


@dataclass
class StageGroup:
    key: str
    label: str
    rows: list[HouseholdRow]


def households_by_stage(*, finished: bool = False, today: date | None = None) -> list[StageGroup]:
    """Households in the process grouped by stage, longest-waiting first; or, with
    ``finished``, those that left or adopted in the last year. Four queries (plus the
    timescale rows the first time a process reads them)."""
    today = today or timezone.localdate()
    if finished:
        year_ago = today - relativedelta(years=1)
        households = AdopterHousehold.objects.filter(_finished_before()).exclude(_finished_before(year_ago))
    else:
        households = AdopterHousehold.objects.exclude(_finished_before())
    rows = [HouseholdRow(h, journey(h)) for h in with_journey(households.order_by("pk"))]
    groups = []
    for key, label in STAGES:
        if (key in FINISHED) != finished:
            continue
        members = [row for row in rows if row.journey.stage == key]
        members.sort(key=lambda row: (row.journey.latest or today, row.household.pk))
        groups.append(StageGroup(key, label, members))
    return groups


def household_record(pk: int) -> HouseholdRow:
    """One household with everything its page shows: four queries."""
    household = with_journey(AdopterHousehold.objects.filter(pk=pk)).get()
    return HouseholdRow(household, journey(household))


def households_open_for_matching() -> QuerySet:
    """Approved households that have neither left nor adopted: the choices on a child's match."""
    return AdopterHousehold.objects.filter(Exists(_events(step=Step.APPROVED))).exclude(_finished_before())


def household_match_errors(household: AdopterHousehold, matched_on: date | None) -> list[str]:
    """Why a child cannot be matched with ``household`` on ``matched_on`` (empty when they can):
    the household must have been approved by then and not have left or finished before it."""
    record = household_record(household.pk).journey
    approved = record.dates.get(Step.APPROVED)
    problems = []
    if approved is None:
        problems.append(f"{household.name} ({household.family_identifier}) are not approved adopters yet")
    elif matched_on and matched_on < approved:
        problems.append(
            f"{household.name} were approved on {_long(approved)}: a match must be on or after that day"
        )
    left = record.dates.get(Step.LEFT)
    if left and (matched_on is None or left <= matched_on):
        problems.append(f"{household.name} left the adoption process on {_long(left)}")
    return problems
