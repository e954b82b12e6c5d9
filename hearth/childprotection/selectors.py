"""Reading child protection work and its due dates.

The due-date functions are what the worktray asks: each returns None when nothing is due.
``child_protection_record`` is everything the child protection page shows, in a fixed number
of queries however long the child's history.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Prefetch

from hearth.accounts.roles import Role
from hearth.childprotection.models import (
    ChildProtectionPlan,
    Conference,
    CoreGroup,
    Section47,
    StrategyDiscussion,
)
from hearth.reference.selectors import code_label
from hearth.timescales.clocks import due_date


def open_cp_plan(child) -> ChildProtectionPlan | None:
    """The child's open child protection plan, if any (there is at most one). One query."""
    return (
        ChildProtectionPlan.objects.filter(referral__child=child, end_date__isnull=True)
        .select_related("referral")
        .order_by("-start_date", "-pk")
        .first()
    )


def icpc_due(section_47: Section47) -> date:
    """The initial conference is due 15 working days after the strategy discussion that
    initiated the enquiry (Working Together 2023, ch. 4)."""
    return due_date("icpc.held", section_47.strategy_discussion.held_on)


def _latest_review(plan: ChildProtectionPlan) -> date | None:
    cached = getattr(plan, "_prefetched_objects_cache", {}).get("review_conferences")
    if cached is not None:
        return max((c.held_on for c in cached), default=None)
    latest = plan.review_conferences.order_by("-held_on").values_list("held_on", flat=True).first()
    return latest


def next_review_conference_due(plan: ChildProtectionPlan) -> date | None:
    """First review within 3 months of the ICPC (the plan's start), then at most 6 months
    after the previous review; None once the plan has ended."""
    if plan.end_date is not None:
        return None
    latest = _latest_review(plan)
    if latest is None:
        return due_date("rcpc.first", plan.start_date)
    return due_date("rcpc.next", latest)


def first_core_group_due(plan: ChildProtectionPlan) -> date | None:
    """The first core group is due 10 working days after the ICPC; None once one has been
    held or the plan has ended."""
    if plan.end_date is not None:
        return None
    cached = getattr(plan, "_prefetched_objects_cache", {}).get("core_groups")
    held = bool(cached) if cached is not None else plan.core_groups.exists()
    if held:
        return None
    return due_date("core_group.first", plan.start_date)


@dataclass
class ChildProtectionRecord:
    strategy_discussions: list[StrategyDiscussion]
    section_47s: list[Section47]
    conferences: list[Conference]
    plans: list[ChildProtectionPlan]
    open_plan: ChildProtectionPlan | None = None
    next_review_due: date | None = None
    first_core_group_due: date | None = None
    # Enquiries still waiting for their initial conference, with the date it is due.
    awaiting_conference: list[tuple[Section47, date]] = field(default_factory=list)


def child_protection_record(child) -> ChildProtectionRecord:
    """All of a child's child protection history. Five queries, whatever its size."""
    discussions = list(StrategyDiscussion.objects.filter(referral__child=child).order_by("-held_on", "-pk"))
    by_id = {discussion.pk: discussion for discussion in discussions}
    enquiries = list(
        Section47.objects.filter(referral__child=child)
        .prefetch_related(Prefetch("conferences", queryset=Conference.objects.only("pk", "section_47_id")))
        .order_by("-start_date", "-pk")
    )
    for enquiry in enquiries:
        # Every enquiry's discussion is the same child's, so it is already in hand.
        enquiry.strategy_discussion = by_id[enquiry.strategy_discussion_id]
    conferences = list(
        Conference.objects.filter(referral__child=child).select_related("chair").order_by("-held_on", "-pk")
    )
    plans = list(
        ChildProtectionPlan.objects.filter(referral__child=child)
        .prefetch_related(
            Prefetch("core_groups", queryset=CoreGroup.objects.order_by("-held_on", "-pk")),
            Prefetch(
                "review_conferences",
                queryset=Conference.objects.filter(kind=Conference.Kind.REVIEW).order_by("-held_on"),
            ),
        )
        .order_by("-start_date", "-pk")
    )
    for plan in plans:
        plan.initial_category_label = code_label("abuse_category", plan.initial_category)
        plan.latest_category_label = code_label("abuse_category", plan.latest_category)
    for conference in conferences:
        conference.category_label = (
            code_label("abuse_category", conference.category) if conference.category else ""
        )
    open_plan = next((plan for plan in plans if plan.end_date is None), None)
    awaiting = [
        (enquiry, icpc_due(enquiry))
        for enquiry in enquiries
        if not enquiry.conference_not_required and not enquiry.conferences.all()
    ]
    return ChildProtectionRecord(
        strategy_discussions=discussions,
        section_47s=enquiries,
        conferences=conferences,
        plans=plans,
        open_plan=open_plan,
        next_review_due=next_review_conference_due(open_plan) if open_plan else None,
        first_core_group_due=first_core_group_due(open_plan) if open_plan else None,
        awaiting_conference=awaiting,
    )


def discussions_awaiting_enquiry(referral):
    """The episode's strategy discussions that started a section 47 not yet recorded."""
    taken = Section47.objects.filter(referral=referral).values("strategy_discussion_id")
    return (
        StrategyDiscussion.objects.filter(referral=referral, section_47_initiated=True)
        .exclude(pk__in=taken)
        .order_by("-held_on", "-pk")
    )


def enquiries_for_conference(referral):
    """The episode's section 47 enquiries that may still lead to an initial conference."""
    return Section47.objects.filter(
        referral=referral, conference_not_required=False, conferences__isnull=True
    ).order_by("-start_date", "-pk")


def section_47_for_child(child, pk: int) -> Section47:
    return Section47.objects.select_related("referral", "strategy_discussion").get(
        pk=pk, referral__child=child
    )


def cp_plan_for_child(child, pk: int) -> ChildProtectionPlan:
    return ChildProtectionPlan.objects.select_related("referral").get(pk=pk, referral__child=child)


def cp_chairs():
    """Staff who may chair a conference."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.CP_CHAIR_IRO)
        .order_by("first_name", "last_name")
    )
