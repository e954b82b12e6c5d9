"""Every write to case notes and visits.

A note is recorded once for one or several children of a family. Each function validates,
saves and leaves a simple-history row naming the worker, inside one transaction: bad input
raises ``ValidationError`` with a message a worker can act on, and nothing is saved.

Drafts are notes with ``is_draft=True``: the recording page saves one as the worker types, so
a lost connection or a timed-out session never throws the words away. A draft may be
incomplete (no narrative yet); saving it as a note applies every rule.

Each child's latest visits (``LatestVisit``) are derived from the notes: every function here
that changes what they could say ends with ``latest_visits_refresh`` for the children
concerned, in the same transaction.
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.db.models import Max, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from hearth.casenotes.models import CaseNote, LatestVisit
from hearth.casenotes.signals import visits_changed
from hearth.concurrency import ConcurrentEditError, save_if_unchanged
from hearth.people.models import Person, PersonType
from hearth.transactions import atomic_action

__all__ = [
    "ConcurrentEditError",
    "case_note_record",
    "case_note_update",
    "case_notes_record_many",
    "latest_visits_refresh",
]

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

# Children refreshed per round of ``latest_visits_refresh``: well inside the bound parameters a
# statement may carry (65,535 on PostgreSQL, 32,766 on older SQLite builds).
REFRESH_CHUNK = 10_000


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
    if _is_visit(note):
        latest_visits_refresh([child.pk for child in children])
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
    # Whether the note counted towards its children's latest visits before the change, and so
    # whether the children it was about matter: a draft being typed costs nothing here. A caller
    # holding another version than the one changed gets the stored children recomputed anyway.
    current = note.version == expected_version
    was_visit = _is_visit(note) or not current
    old_children = []
    if was_visit or children is None:
        old_children = list(note.children.all() if current else Person.objects.filter(case_notes=note))
    for name in ("narrative", "child_voice"):
        if name in changes:
            changes[name] = (changes[name] or "").strip()
    for name, value in changes.items():
        setattr(note, name, value)
    new_children = _unique(children) if children is not None else old_children
    _validate(note, new_children)
    note._history_user = by
    save_if_unchanged(note, expected_version=expected_version, fields=list(EDITABLE_FIELDS))
    if children is not None:
        note.children.set(new_children)
    if was_visit or _is_visit(note):
        # A child taken off the note loses it from their latest visits as surely as a child added gains it.
        latest_visits_refresh({child.pk for child in [*old_children, *new_children]})
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
        latest_visits_refresh({child.pk for note, children in built if _is_visit(note) for child in children})
    return saved


def _is_visit(note: CaseNote) -> bool:
    """Whether the note counts towards the children's latest visits: a visit, and not a draft."""
    return not note.is_draft and note.kind in CaseNote.VISIT_KINDS


@transaction.atomic(savepoint=False)
def latest_visits_refresh(child_ids: Iterable[int]) -> None:
    """Recompute the children's ``LatestVisit`` rows from their notes: three queries for up to
    ``REFRESH_CHUNK`` children, however many notes they have.

    Recomputed, never adjusted, so whatever happened to a note (recorded, redated, made a
    different kind, finished from a draft, a child taken off it, moved by a merge) the rows
    end as the notes say. The children's person rows are locked first (``FOR NO KEY UPDATE``,
    which still lets other records point at them), so two actions about the same child take
    turns and the later one recomputes with the earlier one's note in view.
    """
    ids = sorted(set(child_ids))
    for start in range(0, len(ids), REFRESH_CHUNK):
        chunk = ids[start : start + REFRESH_CHUNK]
        list(
            Person.objects.select_for_update(no_key=True)
            .filter(pk__in=chunk)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        LatestVisit.objects.filter(child_id__in=chunk).delete()
        _insert_latest_visits(chunk)
        visits_changed.send(sender=LatestVisit, child_ids=chunk)


def _insert_latest_visits(child_ids: list[int]) -> None:
    """One ``INSERT ... SELECT ... GROUP BY`` over the children's notes: the rows are worked out
    in the database, never carried to Python and back."""
    latest = (
        CaseNote.children.through.objects.filter(
            person_id__in=child_ids, casenote__kind__in=CaseNote.VISIT_KINDS, casenote__is_draft=False
        )
        .values("person_id", "casenote__kind")
        .annotate(
            last_at=Max("casenote__occurred_at"),
            last_seen_at=Max("casenote__occurred_at", filter=Q(casenote__child_seen=True)),
        )
        .order_by()
    )
    select, params = latest.query.get_compiler(using=latest.db).as_sql()
    connection = connections[latest.db]
    table = connection.ops.quote_name(LatestVisit._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(LatestVisit._meta.get_field(name).column)
        for name in ("child", "kind", "last_at", "last_seen_at")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {select}", params)
