"""Reading a child's time in care and what is due in it.

``periods_with_timelines`` is everything the Care tab shows, in a fixed number of queries
however many changes a period has; the due-date functions use its prefetches when given a
period from it, and are what the worktray and other apps (health, education, permanence) ask.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone

from hearth.accounts.roles import Role
from hearth.casenotes.models import CaseNote
from hearth.casenotes.selectors import latest_visit
from hearth.childrenincare.episodes import Episode, derive_episodes
from hearth.childrenincare.models import (
    CareReview,
    DeprivationOfLibertyOrder,
    IROAssignment,
    LegalStatus,
    PeriodOfCare,
    Placement,
)
from hearth.childrenincare.services import LONG_TERM_PLACEMENTS
from hearth.reference.selectors import code_label
from hearth.timescales.clocks import due_date, timescale


def open_period_of_care(child) -> PeriodOfCare | None:
    """The child's current period of care, if they are looked after (there is at most one)."""
    return PeriodOfCare.objects.filter(child=child, end_date__isnull=True).first()


def period_on(child, day: date) -> PeriodOfCare | None:
    """The period of care the child was in on ``day``, if any."""
    return (
        PeriodOfCare.objects.filter(child=child, start_date__lte=day)
        .exclude(end_date__lt=day)
        .order_by("-start_date")
        .first()
    )


def periods_with_timelines(child) -> list[PeriodOfCare]:
    """The child's periods of care, newest first, with their legal statuses, placements,
    reviews (and chairs), IRO assignments (and IROs) and deprivation of liberty orders. Six
    queries, whatever their length."""
    return list(
        PeriodOfCare.objects.filter(child=child)
        .select_related("child")
        .prefetch_related(
            Prefetch("legal_statuses", queryset=LegalStatus.objects.order_by("start_date", "pk")),
            Prefetch("placements", queryset=Placement.objects.order_by("start_date", "pk")),
            Prefetch(
                "reviews", queryset=CareReview.objects.select_related("chair").order_by("review_date", "pk")
            ),
            Prefetch(
                "iro_assignments",
                queryset=IROAssignment.objects.select_related("iro").order_by("start_date", "pk"),
            ),
            Prefetch(
                "liberty_orders", queryset=DeprivationOfLibertyOrder.objects.order_by("start_date", "pk")
            ),
        )
        .order_by("-start_date", "-pk")
    )


def placement_ended_on_or_after(child, day: date) -> date | None:
    """The first day on or after ``day`` on which one of the child's placements ended (a move or
    the end of care), or None: whether a placement the child left from has ended since."""
    return (
        Placement.objects.filter(period__child=child, end_date__gte=day)
        .order_by("end_date")
        .values_list("end_date", flat=True)
        .first()
    )


def period_for_child(child, pk: int) -> PeriodOfCare:
    return PeriodOfCare.objects.select_related("child").get(pk=pk, child=child)


def liberty_order_for_period(period: PeriodOfCare, pk: int) -> DeprivationOfLibertyOrder:
    return DeprivationOfLibertyOrder.objects.get(pk=pk, period=period)


def _cached(period: PeriodOfCare, name: str):
    return getattr(period, "_prefetched_objects_cache", {}).get(name)


def review_dates(period: PeriodOfCare) -> list[date]:
    cached = _cached(period, "reviews")
    if cached is not None:
        return sorted(review.review_date for review in cached)
    return list(period.reviews.order_by("review_date").values_list("review_date", flat=True))


def next_review_due(period: PeriodOfCare) -> date | None:
    """First review within 20 working days of the child coming into care, the second within
    3 months of the first, then at most 6 months apart (CPPCR reg 33). None once the period
    has ended."""
    if period.end_date is not None:
        return None
    held = review_dates(period)
    return review_due_from(period.start_date, len(held), held[-1] if held else None)


def review_due_from(period_start: date, reviews_held: int, last_review: date | None) -> date:
    """The next review's due date from what the worktray can count in bulk."""
    if not reviews_held or last_review is None:
        return due_date("cla.review.first", period_start)
    if reviews_held == 1:
        return due_date("cla.review.second", last_review)
    return due_date("cla.review.next", last_review)


INTERIM_CARE_ORDER, CARE_ORDER, WITH_PARENTS = "C1", "C2", "P1"


@dataclass(frozen=True)
class VisitClock:
    """Which statutory visit clock is running (a timescale key) and the day it started."""

    key: str
    anchor: date

    @property
    def due(self) -> date:
        return due_date(self.key, self.anchor)

    @property
    def name(self) -> str:
        return timescale(self.key).name


def visit_clock(
    *,
    placement_start: date,
    last_visit: date | None,
    placement_type: str = "",
    long_term: bool = False,
    reg_24_temporary: bool = False,
    legal_status: str = "",
    legal_status_start: date | None = None,
    first_review: date | None = None,
) -> VisitClock:
    """The statutory visit rule (CPPCR reg 28), the one place it is written: the Care tab
    (``next_visit_due``) and the worktray both call it, with what they read.

    - A visit within 7 days of the start of every placement (28(2)(a)); only visits in this
      placement count.
    - Weekly until the period's first review, then at most 4 weeks apart, for a connected
      person's temporary approval (reg 24) or a child under an interim care order living with
      a parent, P1 (28(4)).
    - Under a care order made while the child lives with a parent: within 7 days of the order,
      then at most 6 weeks apart (28(5)).
    - Otherwise at most 6 weeks apart in the placement's first year (28(2)(b)); after it, at
      most 3 months apart if the placement is intended to last until 18 (U1, U4 or flagged
      long-term), else still 6 weeks (28(2)(c)).

    The interval after a visit is the one in force on the day of that visit: a visit just
    before the first anniversary or the first review is followed by the shorter interval.
    """
    if last_visit is not None and last_visit < placement_start:
        last_visit = None
    care_order_at_home = legal_status == CARE_ORDER and placement_type == WITH_PARENTS
    if (
        care_order_at_home
        and legal_status_start is not None
        and legal_status_start > placement_start
        and (last_visit is None or last_visit < legal_status_start)
    ):
        return VisitClock("cla.visit.care_order_at_home", legal_status_start)
    if last_visit is None:
        return VisitClock("cla.visit.first", placement_start)
    if reg_24_temporary or (legal_status == INTERIM_CARE_ORDER and placement_type == WITH_PARENTS):
        if first_review is None or last_visit < first_review:
            return VisitClock("cla.visit.weekly_to_first_review", last_visit)
        return VisitClock("cla.visit.next.after_first_review", last_visit)
    if care_order_at_home:
        return VisitClock("cla.visit.next.care_order_at_home", last_visit)
    if last_visit < placement_start + relativedelta(years=1):
        return VisitClock("cla.visit.next", last_visit)
    if long_term or placement_type in LONG_TERM_PLACEMENTS:
        return VisitClock("cla.visit.next.long_term", last_visit)
    return VisitClock("cla.visit.next.after_first_year", last_visit)


def visit_due_from(placement_start: date, last_visit: date | None, **circumstances) -> date:
    """The next statutory visit's due date (``visit_clock``'s rule; keyword arguments as there)."""
    return visit_clock(placement_start=placement_start, last_visit=last_visit, **circumstances).due


def _day(moment: datetime | date) -> date:
    if isinstance(moment, datetime):
        return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return moment


def last_statutory_visit(child) -> date | None:
    """The day the child was last seen on a statutory visit (a "cla_visit" case note), read from
    the case notes' latest visits: one query, however many visits the child has had."""
    latest = latest_visit(child.pk, kind=CaseNote.Kind.CLA_VISIT)
    return _day(latest.last_seen_at) if latest is not None and latest.last_seen_at else None


# ``next_visit_clock`` looks the last visit up itself unless the caller passes it (None: never).
_LOOK_UP = object()


def _current_placement(period: PeriodOfCare) -> Placement | None:
    cached = _cached(period, "placements")
    if cached is not None:
        return next((placement for placement in cached if placement.end_date is None), None)
    return period.placements.filter(end_date__isnull=True).first()


def _current_legal_status(period: PeriodOfCare) -> LegalStatus | None:
    cached = _cached(period, "legal_statuses")
    if cached is not None:
        return next((status for status in cached if status.end_date is None), None)
    return period.legal_statuses.filter(end_date__isnull=True).first()


def next_visit_clock(period: PeriodOfCare, last_visit=_LOOK_UP) -> VisitClock | None:
    """The statutory visit clock running for the child now (``visit_clock``). None once the
    period has ended. ``last_visit`` is the day of the child's last statutory visit (None if
    there has been none), if the caller already has it."""
    if period.end_date is not None:
        return None
    placement = _current_placement(period)
    if placement is None:
        return None
    if last_visit is _LOOK_UP:
        last_visit = last_statutory_visit(period.child)
    status = _current_legal_status(period)
    held = review_dates(period)
    return visit_clock(
        placement_start=placement.start_date,
        last_visit=last_visit,
        placement_type=placement.placement_type,
        long_term=placement.long_term,
        reg_24_temporary=placement.reg_24_temporary,
        legal_status=status.legal_status if status else "",
        legal_status_start=status.start_date if status else None,
        first_review=held[0] if held else None,
    )


def next_visit_due(period: PeriodOfCare, last_visit=_LOOK_UP) -> date | None:
    """When the next statutory visit is due (CPPCR reg 28; see ``visit_clock``)."""
    clock = next_visit_clock(period, last_visit)
    return clock.due if clock else None


def current_iro(period: PeriodOfCare):
    cached = _cached(period, "iro_assignments")
    assignments = cached if cached is not None else period.iro_assignments.select_related("iro")
    current = next((assignment for assignment in assignments if assignment.end_date is None), None)
    return current.iro if current else None


def iros():
    """Staff who may chair a looked-after review (the CP chair / IRO role)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.CP_CHAIR_IRO)
        .order_by("first_name", "last_name", "pk")
    )


# --- the Care tab ------------------------------------------------------------------------------


@dataclass
class DueItem:
    title: str
    due: date
    overdue: bool
    rule: str = ""


@dataclass
class TimelineRow:
    """One line of the period's timeline: a legal status or a placement starting."""

    day: date
    kind: str  # "legal_status" or "placement"
    label: str
    entry: LegalStatus | Placement


@dataclass
class CarePeriod:
    period: PeriodOfCare
    legal_statuses: list[LegalStatus]
    placements: list[Placement]
    reviews: list[CareReview]
    iro_assignments: list[IROAssignment]
    episodes: list[Episode]
    liberty_orders: list[DeprivationOfLibertyOrder] = field(default_factory=list)
    due: list[DueItem] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.period.end_date is None

    @property
    def current_legal_status(self) -> LegalStatus | None:
        return next((entry for entry in self.legal_statuses if entry.end_date is None), None)

    @property
    def current_placement(self) -> Placement | None:
        return next((entry for entry in self.placements if entry.end_date is None), None)

    @property
    def open_liberty_order(self) -> DeprivationOfLibertyOrder | None:
        return next((order for order in self.liberty_orders if order.end_date is None), None)

    @property
    def current_iro(self) -> IROAssignment | None:
        return next((entry for entry in self.iro_assignments if entry.end_date is None), None)


def _label(entries, code_list: str, attribute: str) -> None:
    for entry in entries:
        entry.label = code_label(code_list, getattr(entry, attribute))


def care_record(child, *, today: date | None = None) -> list[CarePeriod]:
    """Everything the child's Care tab shows: seven queries, whatever the number of periods,
    changes, reviews, orders and visits."""
    today = today or timezone.localdate()
    periods = periods_with_timelines(child)
    last_visit = last_statutory_visit(child) if any(period.end_date is None for period in periods) else None
    record = []
    for period in periods:
        statuses = list(period.legal_statuses.all())
        placements = list(period.placements.all())
        _label(statuses, "legal_status", "legal_status")
        _label(placements, "placement_type", "placement_type")
        for placement in placements:
            placement.provider_label = (
                code_label("placement_provider", placement.provider) if placement.provider else ""
            )
            placement.reason_label = (
                code_label("reason_place_change", placement.reason_changed)
                if placement.reason_changed
                else ""
            )
        reviews = list(period.reviews.all())
        _label(reviews, "review_participation", "participation")
        period.category_label = code_label("category_of_need", period.category_of_need)
        period.reason_label = (
            code_label("reason_episode_ceased", period.reason_ceased) if period.reason_ceased else ""
        )
        item = CarePeriod(
            period=period,
            legal_statuses=statuses,
            placements=placements,
            reviews=reviews,
            iro_assignments=list(period.iro_assignments.all()),
            episodes=derive_episodes(period),
            liberty_orders=list(period.liberty_orders.all()),
        )
        review_due = next_review_due(period)
        if review_due is not None:
            item.due.append(DueItem("Looked-after review", review_due, review_due < today))
        visit = next_visit_clock(period, last_visit)
        if visit is not None:
            item.due.append(DueItem("Statutory visit", visit.due, visit.due < today, rule=visit.name))
        record.append(item)
    return record
