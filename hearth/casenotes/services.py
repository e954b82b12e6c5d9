"""Every write to case notes and visits.

A note is recorded once for one or several children of a family. Each function validates,
saves and leaves a simple-history row naming the worker, inside one transaction: bad input
raises ``ValidationError`` with a message a worker can act on, and nothing is saved.

Drafts are notes with ``is_draft=True``: the recording page saves one as the worker types, so
a lost connection or a timed-out session never throws the words away. A draft may be
incomplete (no narrative yet); saving it as a note applies every rule.
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from hearth.casenotes.models import CaseNote
from hearth.concurrency import ConcurrentEditError, save_if_unchanged
from hearth.people.models import Person, PersonType
from hearth.transactions import atomic_action

__all__ = ["ConcurrentEditError", "case_note_record", "case_note_update", "case_notes_record_many"]

CHILD_TYPES = frozenset({PersonType.CHILD, PersonType.UNBORN})

# Fields a worker may change on an existing note (children are set separately).
EDITABLE_FIELDS = (
    "occurred_at",
    "kind",
    "child_seen",
    "child_seen_alone",
    "narrative",
    "child_voice",
    "is_draft",
)


def _children_errors(children: list[Person], occurred_at: datetime | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not children:
        errors["children"] = "Choose at least one child the note is about"
        return errors
    not_children = [person.display_name for person in children if person.person_type not in CHILD_TYPES]
    if not_children:
        errors["children"] = f"A case note is recorded for children: {', '.join(not_children)} is not a child"
    if occurred_at is not None:
        on = timezone.localtime(occurred_at).date() if timezone.is_aware(occurred_at) else occurred_at.date()
        born_later = [
            person.display_name for person in children if person.date_of_birth and on < person.date_of_birth
        ]
        if born_later:
            errors["occurred_at"] = (
                f"The date must be on or after the date of birth of {', '.join(born_later)}"
            )
    return errors


def _rule_errors(note: CaseNote) -> dict[str, str]:
    errors: dict[str, str] = {}
    if note.occurred_at and note.occurred_at > timezone.now():
        errors["occurred_at"] = "The date and time of the note must be now or in the past"
    if note.kind and note.kind not in CaseNote.VISIT_KINDS and (note.child_seen or note.child_seen_alone):
        errors["child_seen"] = "Only a visit records whether the child was seen: choose a kind of visit"
    elif note.child_seen_alone and not note.child_seen:
        errors["child_seen_alone"] = "A child seen alone must also have been seen: tick 'Child seen'"
    if not note.is_draft and not (note.narrative or "").strip():
        errors["narrative"] = "Enter what happened"
    return errors


def _validate(note: CaseNote, children: list[Person]) -> None:
    errors = _rule_errors(note)
    for field, message in _children_errors(children, note.occurred_at).items():
        errors.setdefault(field, message)
    try:
        # A draft may have no narrative yet; the rule above covers a note proper.
        note.full_clean(exclude=["narrative"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, messages[0])
    if errors:
        raise ValidationError(errors)


def _unique(children: Iterable[Person]) -> list[Person]:
    seen: dict[int, Person] = {}
    for child in children:
        seen.setdefault(child.pk, child)
    return list(seen.values())


def case_note_build(
    *,
    children: Iterable[Person],
    occurred_at: datetime,
    kind: str,
    narrative: str,
    by,
    child_seen: bool = False,
    child_seen_alone: bool = False,
    child_voice: str = "",
    is_draft: bool = False,
) -> tuple[CaseNote, list[Person]]:
    """A validated, unsaved note and the children it is about."""
    children = _unique(children)
    note = CaseNote(
        occurred_at=occurred_at,
        kind=kind,
        narrative=(narrative or "").strip(),
        child_voice=(child_voice or "").strip(),
        child_seen=child_seen,
        child_seen_alone=child_seen_alone,
        is_draft=is_draft,
        created_by=by,
    )
    _validate(note, children)
    return note, children


@atomic_action
def case_note_record(
    *,
    children: Iterable[Person],
    occurred_at: datetime,
    kind: str,
    narrative: str,
    by,
    child_seen: bool = False,
    child_seen_alone: bool = False,
    child_voice: str = "",
    is_draft: bool = False,
) -> CaseNote:
    """Record a note or visit about one or several children."""
    note, children = case_note_build(
        children=children,
        occurred_at=occurred_at,
        kind=kind,
        narrative=narrative,
        by=by,
        child_seen=child_seen,
        child_seen_alone=child_seen_alone,
        child_voice=child_voice,
        is_draft=is_draft,
    )
    note._history_user = by
    note.save()
    note.children.set(children)
    return note


@atomic_action
def case_note_update(
    *,
    note: CaseNote,
    by,
    expected_version: int,
    children: Iterable[Person] | None = None,
    **changes,
) -> CaseNote:
    """Change a note (or finish a draft by passing ``is_draft=False``).

    Refused with ``ConcurrentEditError`` if someone saved the note since ``expected_version``.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"case_note_update cannot change {', '.join(sorted(unknown))}")
    for name in ("narrative", "child_voice"):
        if name in changes:
            changes[name] = (changes[name] or "").strip()
    for name, value in changes.items():
        setattr(note, name, value)
    new_children = _unique(children) if children is not None else list(note.children.all())
    _validate(note, new_children)
    note._history_user = by
    save_if_unchanged(note, expected_version=expected_version, fields=list(EDITABLE_FIELDS))
    if children is not None:
        note.children.set(new_children)
    return note


def case_notes_record_many(*, by, notes: list[dict]) -> list[CaseNote]:
    """Record many notes at once (the demo, imports): each validated as ``case_note_record``
    does, then inserted with their history rows and children links in a few queries."""
    built = [case_note_build(**{"by": by, **fields}) for fields in notes]
    for note, _ in built:
        note._history_user = note.created_by
    with transaction.atomic():
        saved = bulk_create_with_history(
            [note for note, _ in built], CaseNote, batch_size=500, default_user=by
        )
        links = [
            CaseNote.children.through(casenote_id=note.pk, person_id=child.pk)
            for note, (_, children) in zip(saved, built, strict=True)
            for child in children
        ]
        CaseNote.children.through.objects.bulk_create(links, batch_size=1000)
    return saved
