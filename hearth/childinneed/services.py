"""Writes for referrals, child in need episodes and CIN plans.

Each function checks the rules (DfE CIN census validation and the issue's rules), saves in one
transaction and records who did it in the history. Bad input raises ValidationError keyed by
field and saves nothing.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError, Q
from django.utils import timezone

from hearth.allocation.selectors import current_allocation
from hearth.allocation.services import allocation_end
from hearth.childinneed.models import CINPlan, CINPlanReview, Referral
from hearth.concurrency import ConcurrentEditError, save_if_unchanged
from hearth.people.models import Person, PersonType
from hearth.transactions import atomic_action

__all__ = [
    "ConcurrentEditError",
    "cin_plan_end",
    "cin_plan_review_add",
    "cin_plan_start",
    "episode_open_work",
    "referral_close",
    "referral_close_for_care",
    "referral_create",
    "referral_open_for_care",
    "recorded_on",
    "referral_opened_for_care_remove",
    "referral_update",
]

# DfE rule 8606: a referral may come up to 280 days before the (expected) date of birth.
UNBORN_WINDOW = timedelta(days=280)
# Closure reasons that say an assessment took place (DfE 8825Q).
AFTER_ASSESSMENT_REASONS = frozenset({"RC8", "RC9"})
# The reason given to a referral that needed no further action: it closes the day it opens.
NFA_CLOSURE_REASON = "RC7"
NOT_A_CHILD = frozenset({PersonType.ADULT, PersonType.CARER, PersonType.PROFESSIONAL})


def _save(record, by) -> None:
    if by is not None:
        record._history_user = by
    record.save()


def _today() -> date:
    return timezone.localdate()


def _fmt(day: date) -> str:
    return f"{day:%-d %B %Y}"


def earliest_event_date(child: Person) -> date | None:
    """The first day anything can happen to the child: birth, or 280 days before an expected
    birth for a child who is (or was) unborn when first known."""
    if child.expected_date_of_birth and (child.person_type == PersonType.UNBORN or not child.date_of_birth):
        return child.expected_date_of_birth - UNBORN_WINDOW
    if child.date_of_birth:
        return child.date_of_birth
    return None


def _check_after_birth(child: Person, day: date, field: str, what: str) -> dict:
    earliest = earliest_event_date(child)
    if earliest is None or day >= earliest:
        return {}
    if child.person_type == PersonType.UNBORN or (child.expected_date_of_birth and not child.date_of_birth):
        return {field: f"{what} must be no more than 280 days before the expected date of birth"}
    return {field: f"{what} must be on or after the child's date of birth ({_fmt(child.date_of_birth)})"}


def _check_not_future(day: date, field: str, what: str) -> dict:
    if day > _today():
        return {field: f"{what} must be today or in the past"}
    return {}


@atomic_action
def referral_create(
    *,
    child: Person,
    referral_date: date,
    source: str,
    by,
    contact=None,
    primary_need: str = "",
    no_further_action: bool = False,
) -> Referral:
    """Open an episode of need for ``child``.

    Refused while the child has an open episode (one open CIN episode per child), for a date
    before the child's birth (an unborn child may be referred up to 280 days before the due
    date), in the future, or overlapping an earlier episode. A referral needing no further
    action closes the same day (RC7), so it never holds the child's one open episode.
    """
    # Lock the child so two referrals made at once cannot both see "no open episode".
    child = Person.objects.select_for_update().get(pk=child.pk)
    errors: dict[str, str] = {}
    if child.person_type in NOT_A_CHILD:
        errors["child"] = f"{child.display_name} is recorded as an adult: a referral is for a child"
    if child.date_of_death and referral_date > child.date_of_death:
        errors["referral_date"] = "The referral date must not be after the child's date of death"
    errors |= _check_after_birth(child, referral_date, "referral_date", "The referral date")
    errors |= _check_not_future(referral_date, "referral_date", "The referral date")
    episodes = list(Referral.objects.filter(child=child).order_by("-referral_date", "-pk"))
    open_episode = next((r for r in episodes if r.closure_date is None), None)
    if open_episode is not None:
        errors["child"] = (
            f"{child.display_name} already has an open referral from {_fmt(open_episode.referral_date)}. "
            "Close it before starting another, or record this on the open one"
        )
    elif "referral_date" not in errors:
        later = [r for r in episodes if (r.closure_date or r.referral_date) > referral_date]
        if later:
            last_day = max(r.closure_date or r.referral_date for r in later)
            errors["referral_date"] = (
                f"The referral date must be on or after {_fmt(last_day)}, when the child's "
                "previous referral closed"
            )
    referral = Referral(
        child=child,
        contact=contact,
        referral_date=referral_date,
        source=source,
        primary_need=primary_need,
        no_further_action=no_further_action,
        created_by=by,
    )
    if no_further_action:
        referral.closure_date = referral_date
        referral.closure_reason = NFA_CLOSURE_REASON
    try:
        referral.full_clean(exclude=["child"])
    except ValidationError as invalid:
        for name, messages in invalid.message_dict.items():
            errors.setdefault(name, messages[0])
    if not source:
        errors["source"] = "Select the source of the referral"
    if errors:
        raise ValidationError(errors)
    _save(referral, by)
    return referral


@atomic_action
def referral_update(
    *,
    referral: Referral,
    by,
    expected_version: int,
    referral_date: date,
    source: str,
    primary_need: str,
) -> Referral:
    """Correct a referral's date, source or primary need, refusing a save from a stale form."""
    errors: dict[str, str] = {}
    errors |= _check_after_birth(referral.child, referral_date, "referral_date", "The referral date")
    errors |= _check_not_future(referral_date, "referral_date", "The referral date")
    earliest_activity = _earliest_activity(referral)
    if earliest_activity and referral_date > earliest_activity:
        errors["referral_date"] = (
            f"The referral date must be on or before {_fmt(earliest_activity)}, when work on this "
            "episode started"
        )
    if referral.closure_date and referral_date > referral.closure_date:
        errors["referral_date"] = "The referral date must be on or before the closure date"
    if not referral.no_further_action and not primary_need and referral.closure_date:
        errors["primary_need"] = "Select the primary need: a closed episode with further action needs one"
    referral.referral_date = referral_date
    referral.source = source
    referral.primary_need = primary_need
    try:
        referral.full_clean(exclude=["child", "contact"])
    except ValidationError as invalid:
        for name, messages in invalid.message_dict.items():
            errors.setdefault(name, messages[0])
    if errors:
        raise ValidationError(errors)
    if by is not None:
        referral._history_user = by
    save_if_unchanged(
        referral, expected_version=expected_version, fields=["referral_date", "source", "primary_need"]
    )
    return referral


def _earliest_activity(referral: Referral) -> date | None:
    dates = list(referral.cin_plans.values_list("start_date", flat=True))
    dates += list(referral.assessments.values_list("start_date", flat=True))
    return min(dates) if dates else None


@atomic_action
def referral_close(
    *,
    referral: Referral,
    closure_date: date,
    closure_reason: str,
    by,
    expected_version: int | None = None,
    assessed_before_record: bool = False,
) -> Referral:
    """Close the episode of need with its DfE reason.

    The child's allocation ends on the closure date. Refused while a CIN plan or a child
    protection plan on it is open, while an assessment is
    not yet authorised, for a date before the referral or in the future, and for RC8/RC9
    (closed after assessment) when there was no assessment. A legacy import passes
    ``assessed_before_record`` for an episode whose assessment was authorised before the year
    of the return it loads: DfE's census leaves such an assessment out, so Hearth never held it.
    """
    referral = Referral.objects.select_for_update().select_related("child").get(pk=referral.pk)
    if expected_version is None:
        expected_version = referral.version
    errors: dict[str, str] = {}
    if referral.closure_date is not None:
        raise ValidationError(
            {"closure_date": f"This referral was already closed on {_fmt(referral.closure_date)}"}
        )
    if not closure_reason:
        errors["closure_reason"] = "Select the reason for closing the case"
    if closure_date < referral.referral_date:
        errors["closure_date"] = (
            f"The closure date must be on or after the referral date ({_fmt(referral.referral_date)})"
        )
    errors |= _check_not_future(closure_date, "closure_date", "The closure date")
    # Each plan's end (None while open) and the assessments, read once for both checks below.
    cin_ends = list(referral.cin_plans.values_list("end_date", flat=True))
    cp_ends = list(referral.cp_plans.values_list("end_date", flat=True))
    if None in cin_ends:
        errors["__all__"] = "End the child in need plan before closing the case"
    elif None in cp_ends:
        errors["__all__"] = "End the child protection plan before closing the case"
    assessments = list(referral.assessments.all())
    if any(a.authorised_on is None for a in assessments):
        errors.setdefault(
            "__all__",
            "The assessment on this referral must be completed and authorised before the case closes",
        )
    if closure_reason in AFTER_ASSESSMENT_REASONS and not assessments and not assessed_before_record:
        errors["closure_reason"] = (
            f"{closure_reason} means the case closed after an assessment, but this referral has none. "
            "Choose another reason, such as RC7"
        )
    if "closure_date" not in errors:
        ends = [*cin_ends, *cp_ends, *(a.authorised_on for a in assessments)]
        last = max((day for day in ends if day), default=None)
        if last and closure_date < last:
            errors["closure_date"] = (
                f"The closure date must be on or after {_fmt(last)}, the last thing recorded on this episode"
            )
    if errors:
        raise ValidationError(errors)
    referral.closure_date = closure_date
    referral.closure_reason = closure_reason
    referral.full_clean(exclude=["child", "contact"])
    if by is not None:
        referral._history_user = by
    save_if_unchanged(referral, expected_version=expected_version, fields=["closure_date", "closure_reason"])
    # A closed case is no longer anyone's work: the allocation ends with it, in the same action.
    allocation_end(child=referral.child, on=closure_date, by=by)
    return referral


def _latest_activity(referral: Referral) -> date | None:
    dates = [d for d in referral.cin_plans.values_list("end_date", flat=True) if d]
    dates += [d for d in referral.cp_plans.values_list("end_date", flat=True) if d]
    dates += [d for d in referral.assessments.values_list("authorised_on", flat=True) if d]
    return max(dates) if dates else None


# --- CIN plans -------------------------------------------------------------------------------


@atomic_action
def cin_plan_start(*, referral: Referral, start_date: date, by) -> CINPlan:
    """Start a child in need plan on an open, further-action episode.

    The plan starts on or after the referral, never overlaps another CIN plan or an open child
    protection plan on the episode.
    """
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    errors: dict[str, str] = {}
    if referral.no_further_action:
        errors["__all__"] = "This referral needed no further action, so it cannot have a child in need plan"
    elif referral.closure_date is not None:
        errors["__all__"] = (
            f"This referral closed on {_fmt(referral.closure_date)}: start a new referral first"
        )
    if start_date < referral.referral_date:
        errors["start_date"] = (
            f"The plan must start on or after the referral date ({_fmt(referral.referral_date)})"
        )
    errors |= _check_not_future(start_date, "start_date", "The start date")
    plans = list(referral.cin_plans.all())
    open_plan = next((p for p in plans if p.end_date is None), None)
    if open_plan is not None:
        errors["start_date"] = (
            f"There is already a child in need plan from {_fmt(open_plan.start_date)}: end it before starting another"
        )
    else:
        overlapping = [p for p in plans if p.end_date and p.end_date >= start_date]
        if overlapping:
            errors["start_date"] = (
                f"The plan must start after {_fmt(max(p.end_date for p in overlapping))}, when the "
                "previous child in need plan ended: plans cannot overlap"
            )
    if referral.cp_plans.filter(end_date__isnull=True).exists():
        errors["__all__"] = (
            "The child is on a child protection plan: a child in need plan starts when it ends"
        )
    if errors:
        raise ValidationError(errors)
    plan = CINPlan(referral=referral, start_date=start_date, created_by=by)
    plan.full_clean()
    _save(plan, by)
    return plan


@atomic_action
def cin_plan_end(*, plan: CINPlan, end_date: date, by, expected_version: int | None = None) -> CINPlan:
    plan = CINPlan.objects.select_related("referral").get(pk=plan.pk)
    if expected_version is None:
        expected_version = plan.version
    errors: dict[str, str] = {}
    if plan.end_date is not None:
        errors["end_date"] = f"This plan already ended on {_fmt(plan.end_date)}"
    elif end_date < plan.start_date:
        errors["end_date"] = f"The end date must be on or after the start date ({_fmt(plan.start_date)})"
    errors |= _check_not_future(end_date, "end_date", "The end date")
    last_review = plan.reviews.order_by("-review_date").values_list("review_date", flat=True).first()
    if "end_date" not in errors and last_review and end_date < last_review:
        errors["end_date"] = f"The end date must be on or after the last review ({_fmt(last_review)})"
    if errors:
        raise ValidationError(errors)
    plan.end_date = end_date
    if by is not None:
        plan._history_user = by
    save_if_unchanged(plan, expected_version=expected_version, fields=["end_date"])
    return plan


@atomic_action
def cin_plan_review_add(*, plan: CINPlan, review_date: date, by, notes: str = "") -> CINPlanReview:
    errors: dict[str, str] = {}
    if review_date < plan.start_date:
        errors["review_date"] = f"The review must be on or after the plan started ({_fmt(plan.start_date)})"
    elif plan.end_date and review_date > plan.end_date:
        errors["review_date"] = f"The review must be on or before the plan ended ({_fmt(plan.end_date)})"
    errors |= _check_not_future(review_date, "review_date", "The review date")
    if errors:
        raise ValidationError(errors)
    review = CINPlanReview(plan=plan, review_date=review_date, notes=notes, created_by=by)
    review.full_clean()
    _save(review, by)
    return review


# --- episodes of need for children looked after ---------------------------------------------------
#
# Every child looked after is a child in need (Children Act 1989 s17(10) and s22), and DfE's CIN
# census counts each of them with an episode of need. The children-in-care services call these
# two when care starts and ends, so the episode follows the care without being typed twice.


def episode_open_work(referral: Referral) -> list[str]:
    """The work on the episode still open, in words: while there is any, closing the episode is
    the worker's decision, not something an ending elsewhere can make for them."""
    work = []
    if referral.cin_plans.filter(end_date__isnull=True).exists():
        work.append("a child in need plan")
    if referral.cp_plans.filter(end_date__isnull=True).exists():
        work.append("a child protection plan")
    if referral.assessments.filter(authorised_on__isnull=True).exists():
        work.append("an assessment not yet authorised")
    # An enquiry is resolved by its conclusion or by the initial conference it led to (DfE 8868).
    if referral.section_47s.filter(completed_on__isnull=True, conferences__isnull=True).exists():
        work.append("a section 47 enquiry not yet concluded")
    if referral.pre_proceedings.filter(step_decision_on__isnull=True).exists():
        work.append("pre-proceedings not yet decided")
    return work


@atomic_action
def referral_open_for_care(*, child: Person, on: date, primary_need: str, source: str, by) -> Referral | None:
    """Open an episode of need for a child who came into care on ``on``, dated that day, unless
    the record already covers it: an episode open that day, or one recorded after it (care
    entered after the event, or loaded from an old system), which cannot be preceded by a new
    one. Returns the episode opened, or None."""
    covering = Referral.objects.filter(child=child).filter(
        Q(closure_date__isnull=True) | Q(closure_date__gt=on)
    )
    if covering.exists():
        return None
    return referral_create(child=child, referral_date=on, source=source, primary_need=primary_need, by=by)


@atomic_action
def referral_close_for_care(*, child: Person, on: date, closure_reason: str, by) -> Referral | None:
    """Close the child's open episode of need on ``on``, the day care ended in a way that also
    ends the need for a social worker (adoption, death, an order, another authority or adult
    services taking over). Returns it closed, or None when it is left open for the worker:
    other work on it is still open, or something is recorded on it (or a worker allocated)
    after that day, as when the care ending is entered late."""
    referral = open_referral_on(child, on)
    if referral is None or episode_open_work(referral):
        return None
    # What referral_close would refuse, asked first: the ending of care must not fail over it.
    last = _latest_activity(referral)
    allocated = current_allocation(child)
    if (last and last > on) or (allocated and allocated.start_date > on):
        return None
    return referral_close(referral=referral, closure_date=on, closure_reason=closure_reason, by=by)


def recorded_on(referral: Referral) -> list[str]:
    """What a worker has recorded on the episode of need, in words ("an assessment", ...): an
    episode with anything on it is the worker's, not only the care's."""
    return [
        words
        for words, records in (
            ("an assessment", referral.assessments),
            ("a child in need plan", referral.cin_plans),
            ("a strategy discussion", referral.strategy_discussions),
            ("a section 47 enquiry", referral.section_47s),
            ("a conference", referral.conferences),
            ("a child protection plan", referral.cp_plans),
            ("pre-proceedings", referral.pre_proceedings),
        )
        if records.exists()
    ]


@atomic_action
def referral_opened_for_care_remove(*, referral: Referral, by, reason: str) -> None:
    """Take away an episode of need that Hearth opened by itself when the child came into care
    (``referral_open_for_care``), so that the authority's own record of that need stands in its
    place (an old system's CIN census loaded after its SSDA903). Refused unless it is dated the
    day one of the child's periods of care began, came from no contact, was not a referral needing
    no further action, and holds nothing of its own: work recorded on it makes it the worker's
    episode. Its history keeps it, with who removed it and ``reason``."""
    referral = Referral.objects.select_for_update().select_related("child").get(pk=referral.pk)
    errors: dict[str, str] = {}
    if referral.contact_id is not None or referral.no_further_action:
        errors["__all__"] = (
            "This referral came from a contact or needed no further action: it was not opened for care"
        )
    elif not referral.child.periods_of_care.filter(start_date=referral.referral_date).exists():
        errors["referral_date"] = (
            f"No period of care began on {_fmt(referral.referral_date)}: this episode was not opened for care"
        )
    work = recorded_on(referral)
    if work:
        errors.setdefault(
            "__all__",
            f"The episode of need from {_fmt(referral.referral_date)} holds {', '.join(work)}: "
            "it is the worker's episode now, not one opened for care",
        )
    if errors:
        raise ValidationError(errors)
    referral._history_user = by
    referral._change_reason = reason
    try:
        referral.delete()
    except ProtectedError as protected:
        raise ValidationError(
            f"The episode of need from {_fmt(referral.referral_date)} is linked to other records "
            "(an early help step up or down, say): it is not one opened for care"
        ) from protected


def open_referral_on(child: Person, on: date) -> Referral | None:
    """The child's open episode of need if it had begun by ``on``."""
    return (
        Referral.objects.filter(child=child, closure_date__isnull=True, referral_date__lte=on)
        .order_by("-referral_date", "-pk")
        .first()
    )
