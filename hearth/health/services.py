"""Writes for the health of children in care.

``health_event_record`` and ``health_event_update`` check the rules of the SSDA903 OC2 table
(an SDQ score only for ages 4 to 16 and 0 to 40, or a reason instead; a development check only
under 5; intervention offered and received only with substance misuse) and the record's own
(no date in the future or before the child's birth), then save in one transaction with the
worker in the history. Bad input raises ValidationError keyed by field and saves nothing.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.concurrency import ConcurrentEditError, save_if_unchanged
from hearth.health.models import HealthEvent
from hearth.people.models import Person
from hearth.transactions import atomic_action

__all__ = ["ConcurrentEditError", "age_on", "health_event_record", "health_event_update"]

Kind = HealthEvent.Kind
SDQ_AGES = range(4, 17)  # 4 to 16 inclusive
EDITABLE = [
    "event_date",
    "carried_out_by",
    "immunisations_up_to_date",
    "sdq_score",
    "sdq_reason",
    "intervention_offered",
    "intervention_received",
    "notes",
]


def age_on(date_of_birth: date, day: date) -> int:
    """Age in whole years on ``day``."""
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def _fmt(day: date) -> str:
    return f"{day:%-d %B %Y}"


def _rules(event: HealthEvent, child: Person) -> dict[str, str]:
    errors: dict[str, str] = {}
    day = event.event_date
    label = event.get_kind_display()
    if day > timezone.localdate():
        errors["event_date"] = f"The date of the {label.lower()} must be today or in the past"
    elif child.date_of_birth and day < child.date_of_birth:
        errors["event_date"] = (
            f"The date of the {label.lower()} must be on or after the child's date of birth "
            f"({_fmt(child.date_of_birth)})"
        )
    age = age_on(child.date_of_birth, day) if child.date_of_birth and "event_date" not in errors else None

    if event.kind == Kind.DEVELOPMENT and age is not None and age >= 5:
        errors["event_date"] = (
            "A development check is recorded only for a child under 5: "
            f"{child.display_name} was {age} on that date"
        )
    if event.kind == Kind.SDQ:
        has_score, has_reason = event.sdq_score is not None, bool(event.sdq_reason)
        if has_score and has_reason:
            errors["sdq_reason"] = "Give either a score or a reason there is no score, not both"
        elif not has_score and not has_reason:
            errors["sdq_score"] = "Enter the SDQ score, or choose the reason there is no score"
        elif has_score and not 0 <= event.sdq_score <= 40:
            errors["sdq_score"] = "The SDQ score must be a whole number from 0 to 40"
        elif has_score and age is not None and age not in SDQ_AGES:
            errors["sdq_score"] = (
                f"An SDQ score is recorded only for children aged 4 to 16: {child.display_name} was {age}. "
                "Choose a reason instead"
            )
    else:
        if event.sdq_score is not None or event.sdq_reason:
            errors["sdq_score"] = (
                "An SDQ score or reason belongs only on a strengths and difficulties questionnaire"
            )
    if event.kind == Kind.IMMUNISATIONS:
        if event.immunisations_up_to_date is None:
            errors["immunisations_up_to_date"] = "Say whether the child's immunisations are up to date"
    elif event.immunisations_up_to_date is not None:
        errors["immunisations_up_to_date"] = "Immunisations are recorded only on an immunisations check"
    if event.kind != Kind.SUBSTANCE_MISUSE and (
        event.intervention_offered is not None or event.intervention_received is not None
    ):
        errors["intervention_offered"] = (
            "An intervention offered or received is recorded only with substance misuse"
        )
    if (
        event.kind == Kind.SUBSTANCE_MISUSE
        and event.intervention_received
        and event.intervention_offered is False
    ):
        errors["intervention_received"] = "An intervention received must also have been offered"
    return errors


def _validate(event: HealthEvent, child: Person) -> None:
    errors = _rules(event, child)
    try:
        event.full_clean(exclude=["child", "created_by"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages[0])
    if errors:
        raise ValidationError(errors)


@atomic_action
def health_event_record(
    *,
    child: Person,
    kind: str,
    event_date: date,
    by,
    carried_out_by: str = "",
    immunisations_up_to_date: bool | None = None,
    sdq_score: int | None = None,
    sdq_reason: str = "",
    intervention_offered: bool | None = None,
    intervention_received: bool | None = None,
    notes: str = "",
) -> HealthEvent:
    """Record one health event for a child."""
    if kind not in Kind.values:
        raise ValidationError({"kind": f"{kind} is not a kind of health event Hearth records"})
    event = HealthEvent(
        child=child,
        kind=kind,
        event_date=event_date,
        carried_out_by=carried_out_by,
        immunisations_up_to_date=immunisations_up_to_date,
        sdq_score=sdq_score,
        sdq_reason=sdq_reason,
        intervention_offered=intervention_offered,
        intervention_received=intervention_received,
        notes=notes,
        created_by=by,
    )
    _validate(event, child)
    event._history_user = by
    event.save()
    return event


@atomic_action
def health_event_update(*, event: HealthEvent, expected_version: int, by, **changes) -> HealthEvent:
    """Change a recorded event (not its kind). Refused with ConcurrentEditError if someone
    saved it since ``expected_version``."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))} of a health event")
    for name, value in changes.items():
        setattr(event, name, value)
    _validate(event, event.child)
    event._history_user = by
    save_if_unchanged(event, expected_version=expected_version, fields=EDITABLE)
    return event
