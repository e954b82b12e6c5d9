"""Reads of referrals and child in need episodes, each in a fixed number of queries."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Prefetch, Q

from hearth.childinneed.models import CINPlan, CINPlanReview, Referral
from hearth.people.models import Person
from hearth.timescales.clocks import due_date

RE_REFERRAL_WINDOW = relativedelta(months=12)


def open_referral(child: Person) -> Referral | None:
    """The child's open episode of need, if any (there is at most one)."""
    return Referral.objects.filter(child=child, closure_date__isnull=True).order_by("-referral_date").first()


def previous_referral_within_12_months(
    child: Person, referral_date: date, *, exclude: Referral | None = None
) -> Referral | None:
    """The latest earlier referral of the child made within 12 months before ``referral_date``:
    when there is one, a referral on ``referral_date`` is a re-referral (DfE measure)."""
    referrals = Referral.objects.filter(
        child=child, referral_date__gte=referral_date - RE_REFERRAL_WINDOW, referral_date__lte=referral_date
    )
    if exclude is not None and exclude.pk:
        # Only referrals made before this one count: an earlier date, or the same day but first.
        referrals = referrals.exclude(pk=exclude.pk).filter(
            Q(referral_date__lt=referral_date) | Q(pk__lt=exclude.pk)
        )
    return referrals.order_by("-referral_date", "-pk").first()


def _is_re_referral(referral: Referral, earlier: Iterable[Referral]) -> Referral | None:
    window_start = referral.referral_date - RE_REFERRAL_WINDOW
    for other in earlier:
        if other.pk == referral.pk:
            continue
        if window_start <= other.referral_date <= referral.referral_date and (
            other.referral_date < referral.referral_date or other.pk < referral.pk
        ):
            return other
    return None


def next_review_due(plan: CINPlan) -> date | None:
    """When the open plan's next review is due: three months (``cin.review``) after the last
    review, or after the start if it has not been reviewed. Uses prefetched reviews."""
    if plan.end_date is not None:
        return None
    reviews = list(plan.reviews.all())
    last = max((r.review_date for r in reviews), default=plan.start_date)
    return due_date("cin.review", last)


@dataclass
class ChildEpisodes:
    child: Person
    referrals: list[Referral]

    @property
    def open_referral(self) -> Referral | None:
        return next((r for r in self.referrals if r.closure_date is None), None)


def episodes_for_child(child: Person) -> ChildEpisodes:
    """The child's referrals, newest first, each with its CIN plans (and their reviews),
    assessments and CP plans; each referral carries ``re_referral_of`` (the referral within the
    12 months before it, or None) and each open plan ``review_due``. Five queries."""
    referrals = list(
        Referral.objects.filter(child=child)
        .select_related("contact")
        .prefetch_related(
            Prefetch(
                "cin_plans",
                queryset=CINPlan.objects.order_by("-start_date", "-pk").prefetch_related(
                    Prefetch("reviews", queryset=CINPlanReview.objects.order_by("review_date", "pk"))
                ),
            ),
            "assessments",
            "cp_plans",
        )
        .order_by("-referral_date", "-pk")
    )
    for referral in referrals:
        referral.re_referral_of = _is_re_referral(referral, referrals)
        referral.open_cin_plan = next((p for p in referral.cin_plans.all() if p.end_date is None), None)
        referral.open_cp_plan = next((p for p in referral.cp_plans.all() if p.end_date is None), None)
        for plan in referral.cin_plans.all():
            plan.review_due = next_review_due(plan)
    return ChildEpisodes(child=child, referrals=referrals)


def referral_for_child(child: Person, referral_id: int) -> Referral:
    """One referral of the child (404-able ``Referral.DoesNotExist`` otherwise)."""
    return Referral.objects.select_related("child", "contact").get(pk=referral_id, child=child)


def cin_plan_for_child(child: Person, plan_id: int) -> CINPlan:
    return CINPlan.objects.select_related("referral").get(pk=plan_id, referral__child=child)


def open_cin_plans_for(child_ids: Iterable[int]) -> list[CINPlan]:
    """Open CIN plans of these children with their reviews and ``review_due`` (two queries),
    for the worktray."""
    plans = list(
        CINPlan.objects.filter(referral__child_id__in=list(child_ids), end_date__isnull=True)
        .select_related("referral__child")
        .prefetch_related("reviews")
    )
    for plan in plans:
        plan.review_due = next_review_due(plan)
    return plans
