"""Writes for a child's UASC status (``hearth.childrenincare.models.UASCStatus``).

``uasc_status_record`` starts it (once per child), ``uasc_status_update`` corrects it and
``uasc_status_cease`` records the day it ceased (SSDA903 UASC.DUC). Refused: dates in the
future or before the child's birth; status before arrival; an age assessment date without a
disputed age; a status ceasing before it began or after the child's 18th birthday (the status
ends at 18).
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.childrenincare.models import UASCStatus
from hearth.concurrency import ConcurrentEditError, save_if_unchanged
from hearth.people.models import Person
from hearth.transactions import atomic_action

__all__ = [
    "ConcurrentEditError",
    "eighteenth_birthday",
    "uasc_status_cease",
    "uasc_status_record",
    "uasc_status_update",
]

EDITABLE = ["arrived_on", "status_from", "age_disputed", "age_assessment_on"]
LABELS = {
    "arrived_on": "The date the child arrived",
    "status_from": "The date the child became UASC",
    "age_assessment_on": "The date of the age assessment",
    "status_ceased_on": "The date UASC status ceased",
}


def eighteenth_birthday(date_of_birth: date) -> date:
    """The day UASC status ends at the latest (29 February birthdays: 28 February)."""
    return date_of_birth + relativedelta(years=18)


def _rules(status: UASCStatus, child: Person) -> dict[str, str]:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    for name, what in LABELS.items():
        day = getattr(status, name)
        if day is None:
            continue
        if day > today:
            errors[name] = f"{what} must be today or in the past"
        elif child.date_of_birth and day < child.date_of_birth:
            errors[name] = (
                f"{what} must be on or after the child's date of birth ({child.date_of_birth:%-d %B %Y})"
            )
    if status.arrived_on and "status_from" not in errors and status.status_from < status.arrived_on:
        errors["status_from"] = "The date the child became UASC must be on or after the date they arrived"
    if status.age_assessment_on and not status.age_disputed:
        errors["age_assessment_on"] = "Record that the child's age is disputed to give an age assessment date"
    ceased = status.status_ceased_on
    if ceased and "status_ceased_on" not in errors:
        if ceased < status.status_from:
            errors["status_ceased_on"] = (
                f"The date UASC status ceased must be on or after it began ({status.status_from:%-d %B %Y})"
            )
        elif child.date_of_birth and ceased > eighteenth_birthday(child.date_of_birth):
            errors["status_ceased_on"] = (
                "UASC status ceases at 18 at the latest: "
                f"on {eighteenth_birthday(child.date_of_birth):%-d %B %Y} for {child.display_name}"
            )
    return errors


def _validate(status: UASCStatus, child: Person) -> None:
    errors = _rules(status, child)
    try:
        status.full_clean(exclude=["child", "created_by"], validate_unique=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages[0])
    if errors:
        raise ValidationError(errors)


def _sync_person_flag(child: Person, status: UASCStatus, by) -> None:
    """Keep the person record's UASC flag saying what the status says, so search results,
    the census and every page that shows the flag agree with this record."""
    is_uasc = status.status_ceased_on is None
    if child.uasc != is_uasc:
        child.uasc = is_uasc
        child.version += 1
        child._history_user = by
        child.save(update_fields=["uasc", "version"])


@atomic_action
def uasc_status_record(
    *,
    child: Person,
    status_from: date,
    by,
    arrived_on: date | None = None,
    age_disputed: bool = False,
    age_assessment_on: date | None = None,
) -> UASCStatus:
    child = Person.objects.select_for_update().get(pk=child.pk)
    if UASCStatus.objects.filter(child=child).exists():
        raise ValidationError(
            {"status_from": f"{child.display_name} already has a UASC status: change that one"}
        )
    status = UASCStatus(
        child=child,
        status_from=status_from,
        arrived_on=arrived_on,
        age_disputed=age_disputed,
        age_assessment_on=age_assessment_on,
        created_by=by,
    )
    _validate(status, child)
    status._history_user = by
    status.save()
    _sync_person_flag(child, status, by)
    return status


@atomic_action
def uasc_status_update(*, status: UASCStatus, expected_version: int, by, **changes) -> UASCStatus:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))} of a UASC status")
    for name, value in changes.items():
        setattr(status, name, value)
    _validate(status, status.child)
    status._history_user = by
    save_if_unchanged(status, expected_version=expected_version, fields=EDITABLE)
    return status


@atomic_action
def uasc_status_cease(*, status: UASCStatus, ceased_on: date, expected_version: int, by) -> UASCStatus:
    status.status_ceased_on = ceased_on
    _validate(status, status.child)
    status._history_user = by
    save_if_unchanged(status, expected_version=expected_version, fields=["status_ceased_on"])
    _sync_person_flag(Person.objects.select_for_update().get(pk=status.child_id), status, by)
    return status
