"""Writes for personal education plans: ``pep_record`` and ``pep_update``.

Refused: a meeting date in the future or before the child's birth; a school URN that is not 6
digits; a second initial PEP in the same period of care (later ones are reviews). Saved in one
transaction with the worker in the history; nothing saved on bad input.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.childrenincare.models import PeriodOfCare
from hearth.concurrency import ConcurrentEditError, save_if_unchanged
from hearth.education.models import PersonalEducationPlan
from hearth.people.models import Person
from hearth.transactions import atomic_action

__all__ = ["ConcurrentEditError", "pep_record", "pep_update"]

Kind = PersonalEducationPlan.Kind
EDITABLE = ["meeting_date", "school_name", "school_urn", "designated_teacher", "notes"]


def _rules(plan: PersonalEducationPlan, child: Person) -> dict[str, str]:
    errors: dict[str, str] = {}
    if plan.meeting_date > timezone.localdate():
        errors["meeting_date"] = "The date of the PEP meeting must be today or in the past"
    elif child.date_of_birth and plan.meeting_date < child.date_of_birth:
        errors["meeting_date"] = (
            f"The date of the PEP meeting must be on or after the child's date of birth "
            f"({child.date_of_birth:%-d %B %Y})"
        )
    if plan.kind == Kind.INITIAL and "meeting_date" not in errors:
        period = (
            PeriodOfCare.objects.filter(child=child, start_date__lte=plan.meeting_date)
            .order_by("-start_date")
            .first()
        )
        if period is not None:
            earlier = PersonalEducationPlan.objects.filter(
                child=child, kind=Kind.INITIAL, meeting_date__gte=period.start_date
            ).exclude(pk=plan.pk)
            if period.end_date:
                earlier = earlier.filter(meeting_date__lte=period.end_date)
            first = earlier.first()
            if first is not None:
                errors["kind"] = (
                    f"{child.display_name} already has an initial PEP in this period of care "
                    f"({first.meeting_date:%-d %B %Y}). Record a PEP review instead"
                )
    return errors


def _validate(plan: PersonalEducationPlan, child: Person) -> None:
    errors = _rules(plan, child)
    try:
        plan.full_clean(exclude=["child", "created_by"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages[0])
    if errors:
        raise ValidationError(errors)


@atomic_action
def pep_record(
    *,
    child: Person,
    kind: str,
    meeting_date: date,
    school_name: str,
    by,
    school_urn: str = "",
    designated_teacher: str = "",
    notes: str = "",
) -> PersonalEducationPlan:
    plan = PersonalEducationPlan(
        child=child,
        kind=kind,
        meeting_date=meeting_date,
        school_name=school_name,
        school_urn=school_urn.strip(),
        designated_teacher=designated_teacher,
        notes=notes,
        created_by=by,
    )
    _validate(plan, child)
    plan._history_user = by
    plan.save()
    return plan


@atomic_action
def pep_update(*, plan: PersonalEducationPlan, expected_version: int, by, **changes) -> PersonalEducationPlan:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))} of a PEP")
    for name, value in changes.items():
        setattr(plan, name, value.strip() if name == "school_urn" else value)
    _validate(plan, plan.child)
    plan._history_user = by
    save_if_unchanged(plan, expected_version=expected_version, fields=EDITABLE)
    return plan
