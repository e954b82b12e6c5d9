"""Writes for early help: episodes, and the step up to and step down from social care.

Each step is one action in one transaction, and both sides keep their history: a step up ends
the episode (outcome "stepped up") and opens the referral or front-door contact; a step down
closes the referral (RC9 after an assessment, otherwise RC7) and starts the episode.
"""

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.childinneed import selectors as childinneed_selectors
from hearth.childinneed import services as childinneed_services
from hearth.concurrency import ConcurrentEditError, save_if_unchanged
from hearth.earlyhelp.models import EarlyHelpEpisode
from hearth.people.models import Person
from hearth.transactions import atomic_action

__all__ = [
    "ConcurrentEditError",
    "early_help_end",
    "early_help_start",
    "early_help_step_down",
    "early_help_step_up",
    "early_help_update",
]

EARLY_HELP_SOURCE = "5D"  # DfE referral source: early help
EDITABLE_FIELDS = ("lead_worker", "lead_agency", "plan", "assessment_started_on", "assessment_completed_on")


def _save(record, by) -> None:
    if by is not None:
        record._history_user = by
    record.save()


def _fmt(day: date) -> str:
    return f"{day:%-d %B %Y}"


def _merge(errors: dict, invalid: ValidationError) -> dict:
    for name, messages in invalid.message_dict.items():
        errors.setdefault(name, messages[0])
    return errors


@atomic_action
def early_help_start(
    *,
    child: Person,
    start_date: date,
    by,
    lead_worker=None,
    lead_agency: str = "",
    plan: str = "",
    stepped_down_from=None,
) -> EarlyHelpEpisode:
    """Start family support for a child with no open early help episode and no open referral."""
    child = Person.objects.select_for_update().get(pk=child.pk)
    errors: dict[str, str] = {}
    current = EarlyHelpEpisode.objects.filter(child=child, end_date__isnull=True).first()
    if current is not None:
        errors["child"] = f"{child.display_name} already has early help from {_fmt(current.start_date)}"
    referral = childinneed_selectors.open_referral(child)
    if referral is not None and referral != stepped_down_from:
        errors["child"] = (
            f"{child.display_name} has an open referral to children's social care: step the case down "
            "to start early help"
        )
    if start_date > timezone.localdate():
        errors["start_date"] = "The start date must be today or in the past"
    if child.date_of_birth and start_date < child.date_of_birth:
        errors["start_date"] = "Early help cannot start before the child was born"
    episode = EarlyHelpEpisode(
        child=child,
        start_date=start_date,
        lead_worker=lead_worker,
        lead_agency=lead_agency.strip(),
        plan=plan.strip(),
        stepped_down_from=stepped_down_from,
        created_by=by,
    )
    try:
        episode.full_clean(exclude=["child"])
    except ValidationError as invalid:
        _merge(errors, invalid)
    if errors:
        raise ValidationError(errors)
    _save(episode, by)
    return episode


@atomic_action
def early_help_update(*, episode: EarlyHelpEpisode, by, expected_version: int, **changes) -> EarlyHelpEpisode:
    """Change the lead, the plan or the early help assessment dates (not once ended)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not early help fields: {', '.join(sorted(unknown))}")
    if episode.end_date is not None:
        raise ValidationError(
            {"__all__": "This early help episode has ended, so it can no longer be changed"}
        )
    for name, value in changes.items():
        setattr(episode, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, str] = {}
    started, completed = episode.assessment_started_on, episode.assessment_completed_on
    if started and started < episode.start_date:
        errors["assessment_started_on"] = (
            f"The assessment must start on or after the episode started ({_fmt(episode.start_date)})"
        )
    if completed and not started:
        errors["assessment_started_on"] = "Enter when the assessment started"
    elif completed and started and completed < started:
        errors["assessment_completed_on"] = "The assessment must be completed on or after it started"
    today = timezone.localdate()
    for name in ("assessment_started_on", "assessment_completed_on"):
        if getattr(episode, name) and getattr(episode, name) > today:
            errors.setdefault(name, "The date must be today or in the past")
    try:
        episode.full_clean()
    except ValidationError as invalid:
        _merge(errors, invalid)
    if errors:
        raise ValidationError(errors)
    if by is not None:
        episode._history_user = by
    save_if_unchanged(episode, expected_version=expected_version, fields=list(changes))
    return episode


def _end(episode: EarlyHelpEpisode, end_date: date, outcome: str, notes: str, errors: dict) -> dict:
    if episode.end_date is not None:
        errors["end_date"] = f"This early help episode already ended on {_fmt(episode.end_date)}"
    elif end_date < episode.start_date:
        errors["end_date"] = f"The end date must be on or after the start date ({_fmt(episode.start_date)})"
    elif end_date > timezone.localdate():
        errors["end_date"] = "The end date must be today or in the past"
    if not outcome:
        errors["outcome"] = "Select the outcome"
    episode.end_date = end_date
    episode.outcome = outcome
    episode.outcome_notes = (notes or "").strip()
    return errors


@atomic_action
def early_help_end(
    *,
    episode: EarlyHelpEpisode,
    end_date: date,
    outcome: str,
    by,
    expected_version: int,
    outcome_notes: str = "",
) -> EarlyHelpEpisode:
    errors = _end(episode, end_date, outcome, outcome_notes, {})
    if outcome == EarlyHelpEpisode.Outcome.STEPPED_UP:
        errors["outcome"] = "Use 'Step up to social care' to step the case up"
    if errors:
        raise ValidationError(errors)
    episode.full_clean()
    if by is not None:
        episode._history_user = by
    save_if_unchanged(
        episode, expected_version=expected_version, fields=["end_date", "outcome", "outcome_notes"]
    )
    return episode


@atomic_action
def early_help_step_up(
    *,
    episode: EarlyHelpEpisode,
    on: date,
    reason: str,
    by,
    expected_version: int,
    through_front_door: bool = True,
    primary_need: str = "",
):
    """Step the child up to children's social care in one action.

    Through the front door (the usual way), a contact from early help (source 5D) is recorded
    with the child as its subject, to be decided and signed off; the referral it makes is then
    linked back to this episode. Directly (a social worker's transfer), the referral is made now.
    Either way the episode ends today with the outcome "stepped up". Returns the contact or
    the referral.
    """
    from hearth.frontdoor import services as frontdoor_services  # the front door imports us

    errors = _end(episode, on, EarlyHelpEpisode.Outcome.STEPPED_UP, reason, {})
    if not (reason or "").strip():
        errors["reason"] = "Enter why the case is stepping up"
    if errors:
        raise ValidationError(errors)
    made = None
    if through_front_door:
        received_at = timezone.now()
        if on != timezone.localdate():  # stepped up on an earlier day: received at nine that morning
            received_at = timezone.make_aware(datetime.combine(on, time(9)))
        made = frontdoor_services.contact_record(
            received_at=received_at,
            source=EARLY_HELP_SOURCE,
            concerns=reason,
            contact_name=(by.get_full_name() or by.username) if by else "",
            contact_organisation="Early help",
            by=by,
            people=[(episode.child, "subject")],
        )
        episode.stepped_up_via = made
    else:
        made = childinneed_services.referral_create(
            child=episode.child,
            referral_date=on,
            source=EARLY_HELP_SOURCE,
            primary_need=primary_need,
            by=by,
        )
        episode.stepped_up_to = made
    episode.full_clean()
    if by is not None:
        episode._history_user = by
    save_if_unchanged(
        episode,
        expected_version=expected_version,
        fields=["end_date", "outcome", "outcome_notes", "stepped_up_via", "stepped_up_to"],
    )
    return made


def step_up_referrals_link(*, contact) -> None:
    """After a step-up contact is signed off as a referral, link each referral to the episode
    it came from, so early help's history shows where the child went."""
    episodes = list(EarlyHelpEpisode.objects.filter(stepped_up_via=contact, stepped_up_to__isnull=True))
    if not episodes:
        return
    referrals = {r.child_id: r for r in contact.referrals.all()}
    for episode in episodes:
        referral = referrals.get(episode.child_id)
        if referral is not None:
            episode.stepped_up_to = referral
            episode.save(update_fields=["stepped_up_to"])


@atomic_action
def early_help_step_down(
    *,
    referral,
    on: date,
    by,
    lead_worker=None,
    lead_agency: str = "",
    plan: str = "",
    expected_version: int | None = None,
) -> EarlyHelpEpisode:
    """Close the child's referral and start early help on the same day, in one action.

    The referral closes with RC9 (closed after assessment, referred to early help) when the
    episode had an assessment, otherwise RC7; the closure rules apply (no open plan).
    """
    reason = "RC9" if referral.assessments.exists() else "RC7"
    try:
        childinneed_services.referral_close(
            referral=referral,
            closure_date=on,
            closure_reason=reason,
            by=by,
            expected_version=expected_version,
        )
    except ValidationError as refused:
        errors = {
            ("on" if name == "closure_date" else name): messages
            for name, messages in refused.message_dict.items()
        }
        raise ValidationError(errors) from refused
    referral.refresh_from_db()
    return early_help_start(
        child=referral.child,
        start_date=on,
        by=by,
        lead_worker=lead_worker,
        lead_agency=lead_agency,
        plan=plan,
        stepped_down_from=referral,
    )
