"""Writes for missing episodes and their return home interviews.

The rules: nothing in the future or before the child's birth; an episode ends after it starts;
a child has one open episode at a time and episodes do not overlap; the return home interview
is offered and held only after the child returned, is held only if accepted, and is held by
someone independent of the placement. Bad input raises ValidationError keyed by field and
saves nothing; an edit made on an out-of-date form raises ConcurrentEditError.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hearth.childrenincare.selectors import placement_ended_on_or_after
from hearth.concurrency import ConcurrentEditError, save_if_unchanged
from hearth.missing.models import MissingEpisode
from hearth.people.models import Person
from hearth.transactions import atomic_action

__all__ = ["ConcurrentEditError", "missing_episode_record", "missing_episode_update"]

Outcome = MissingEpisode.Outcome
EDITABLE = [
    "episode_type",
    "started_at",
    "ended_at",
    "reported_to_police",
    "rhi_offered_at",
    "rhi_outcome",
    "rhi_held_at",
    "rhi_held_by",
    "rhi_by_independent_person",
    "notes",
]


def _fmt(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y at %H:%M}"


def _check_moment(child: Person, moment: datetime | None, field: str, what: str) -> dict:
    if moment is None:
        return {}
    if moment > timezone.now():
        return {field: f"{what} must be now or in the past"}
    if child.date_of_birth and timezone.localtime(moment).date() < child.date_of_birth:
        return {
            field: f"{what} must be on or after the child's date of birth ({child.date_of_birth:%-d %B %Y})"
        }
    return {}


def _rules(episode: MissingEpisode, child: Person) -> dict[str, str]:
    errors: dict[str, str] = {}
    errors |= _check_moment(child, episode.started_at, "started_at", "The time the child went missing")
    errors |= _check_moment(child, episode.ended_at, "ended_at", "The time the child returned")
    if episode.ended_at and "ended_at" not in errors and episode.ended_at <= episode.started_at:
        errors["ended_at"] = (
            f"The time the child returned must be after they went missing ({_fmt(episode.started_at)})"
        )
    others = MissingEpisode.objects.filter(child=child).exclude(pk=episode.pk)
    if not errors:
        open_other = next((o for o in others if o.ended_at is None), None)
        if episode.ended_at is None and open_other is not None:
            errors["ended_at"] = (
                f"{child.display_name} is already recorded as missing from {_fmt(open_other.started_at)}. "
                "Record their return on that episode first"
            )
        else:
            overlapping = next(
                (
                    o
                    for o in others
                    if (o.ended_at is None or episode.started_at < o.ended_at)
                    and (episode.ended_at is None or o.started_at < episode.ended_at)
                ),
                None,
            )
            if overlapping is not None:
                span = f"from {_fmt(overlapping.started_at)}" + (
                    f" to {_fmt(overlapping.ended_at)}" if overlapping.ended_at else ""
                )
                errors["started_at"] = f"This overlaps another episode recorded {span}"
    if not errors and episode.ended_at is None:
        # DfE rules 575/577: when the placement the child went missing from ends, the missing
        # episode has an end; one still open cannot begin before a placement that has ended.
        ended = placement_ended_on_or_after(child, timezone.localtime(episode.started_at).date())
        if ended is not None:
            errors["ended_at"] = (
                f"{child.display_name}'s placement ended on {ended:%-d %B %Y}, after they went missing: "
                "record when they came back"
            )
    errors |= _rhi_rules(episode, child)
    return errors


def _rhi_rules(episode: MissingEpisode, child: Person) -> dict[str, str]:
    errors: dict[str, str] = {}
    offered, held = episode.rhi_offered_at, episode.rhi_held_at
    if (offered or held or episode.rhi_outcome) and episode.ended_at is None:
        errors["rhi_offered_at"] = "A return home interview is offered only after the child has returned"
        return errors
    errors |= _check_moment(child, offered, "rhi_offered_at", "The time the interview was offered")
    errors |= _check_moment(child, held, "rhi_held_at", "The time the interview was held")
    if offered and "rhi_offered_at" not in errors and offered < episode.ended_at:
        errors["rhi_offered_at"] = (
            f"The interview must be offered after the child returned ({_fmt(episode.ended_at)})"
        )
    if episode.rhi_outcome and not offered:
        errors["rhi_offered_at"] = "Enter when the interview was offered"
    if held or episode.rhi_held_by:
        if episode.rhi_outcome != Outcome.ACCEPTED:
            errors["rhi_outcome"] = "An interview is held only if the child accepted it"
        if not held:
            errors["rhi_held_at"] = "Enter when the interview was held"
        elif "rhi_held_at" not in errors and offered and held < offered:
            errors["rhi_held_at"] = "The interview must be held on or after it was offered"
        if not episode.rhi_held_by:
            errors["rhi_held_by"] = "Enter who held the interview"
        if not episode.rhi_by_independent_person:
            errors["rhi_by_independent_person"] = (
                "A return home interview must be held by someone independent of the child's placement"
            )
    return errors


def _validate(episode: MissingEpisode, child: Person) -> None:
    errors = _rules(episode, child)
    try:
        episode.full_clean(exclude=["child", "created_by"], validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages[0])
    if errors:
        raise ValidationError(errors)


def _open_refused(child: Person) -> ValidationError:
    return ValidationError(
        {
            "ended_at": f"{child.display_name} is already recorded as missing. Record their return on that episode first"
        }
    )


@atomic_action
def missing_episode_record(
    *,
    child: Person,
    episode_type: str,
    started_at: datetime,
    by,
    ended_at: datetime | None = None,
    reported_to_police: bool = False,
    rhi_offered_at: datetime | None = None,
    rhi_outcome: str = "",
    rhi_held_at: datetime | None = None,
    rhi_held_by: str = "",
    rhi_by_independent_person: bool = False,
    notes: str = "",
) -> MissingEpisode:
    """Record an episode: the child is missing now (no return yet), or the whole episode."""
    # Lock the child so two workers recording at once cannot both see "no open episode".
    child = Person.objects.select_for_update().get(pk=child.pk)
    episode = MissingEpisode(
        child=child,
        episode_type=episode_type,
        started_at=started_at,
        ended_at=ended_at,
        reported_to_police=reported_to_police,
        rhi_offered_at=rhi_offered_at,
        rhi_outcome=rhi_outcome,
        rhi_held_at=rhi_held_at,
        rhi_held_by=rhi_held_by,
        rhi_by_independent_person=rhi_by_independent_person,
        notes=notes,
        created_by=by,
    )
    _validate(episode, child)
    episode._history_user = by
    try:
        with transaction.atomic():
            episode.save()
    except IntegrityError as error:  # the database's own guard, should a race get past the lock
        raise _open_refused(child) from error
    return episode


@atomic_action
def missing_episode_update(
    *, episode: MissingEpisode, expected_version: int, by, **changes
) -> MissingEpisode:
    """Change an episode: record the return, the interview, or correct what was recorded."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))} of a missing episode")
    child = Person.objects.select_for_update().get(pk=episode.child_id)
    for name, value in changes.items():
        setattr(episode, name, value)
    _validate(episode, child)
    episode._history_user = by
    try:
        with transaction.atomic():
            save_if_unchanged(episode, expected_version=expected_version, fields=EDITABLE)
    except IntegrityError as error:
        raise _open_refused(child) from error
    return episode
