"""The reads the case notes pages (and the worktray and chronology) need, in fixed queries.

Drafts are private to the worker writing them: lists show a worker their own drafts and
nobody else's.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Max, Prefetch, Q, QuerySet

from hearth.casenotes.models import CaseNote, LatestVisit
from hearth.people.models import Person, PersonType, Relationship

SIBLING_KINDS = frozenset({"sibling", "half_sibling", "step_sibling"})


def notes_for_child(child: Person, *, user, kind: str | None = None) -> list[CaseNote]:
    """The child's notes and visits, newest first (two queries, whatever their number)."""
    notes = (
        CaseNote.objects.filter(children=child)
        .filter(Q(is_draft=False) | Q(created_by=user))
        .select_related("created_by")
        .prefetch_related(Prefetch("children", queryset=Person.objects.order_by("first_name", "pk")))
        .order_by("-occurred_at", "-pk")
    )
    if kind:
        notes = notes.filter(kind=kind)
    return list(notes)


def note_for_child(child: Person, pk: int, *, user) -> CaseNote:
    """One note about ``child`` that ``user`` may see; ``CaseNote.DoesNotExist`` otherwise."""
    return (
        CaseNote.objects.filter(children=child)
        .filter(Q(is_draft=False) | Q(created_by=user))
        .prefetch_related("children")
        .get(pk=pk)
    )


def latest_draft(child: Person, *, user) -> CaseNote | None:
    """The draft ``user`` was last writing about ``child``, to carry on with."""
    return (
        CaseNote.objects.filter(children=child, is_draft=True, created_by=user)
        .prefetch_related("children")
        .order_by("-pk")
        .first()
    )


def siblings_of(child: Person) -> list[Person]:
    """Brothers and sisters (full, half and step) who are children, from the family network,
    whichever side recorded the relationship (one query)."""
    rows = (
        Relationship.objects.filter(kind__in=SIBLING_KINDS, end_date__isnull=True)
        .filter(Q(person=child) | Q(relative=child))
        .select_related("person", "relative")
    )
    siblings: dict[int, Person] = {}
    for row in rows:
        other = row.relative if row.person_id == child.pk else row.person
        if other.person_type in (PersonType.CHILD, PersonType.UNBORN) and other.merged_into_id is None:
            siblings.setdefault(other.pk, other)
    return sorted(siblings.values(), key=lambda p: (p.date_of_birth is None, p.date_of_birth, p.pk))


def last_visits(child_ids: Iterable[int], *, kind: str, since=None) -> dict[int, datetime]:
    """The latest visit of ``kind`` for each child (one query)."""
    notes = CaseNote.objects.filter(children__in=list(child_ids), kind=kind, is_draft=False)
    if since is not None:
        notes = notes.filter(occurred_at__gte=since)
    rows = notes.values("children").annotate(last=Max("occurred_at"))
    return {row["children"]: row["last"] for row in rows}


def latest_visit(child_id: int, *, kind: str) -> LatestVisit | None:
    """When the child was last visited, and last seen, on a visit of ``kind`` (one query,
    however long the child's history); None if never."""
    return LatestVisit.objects.filter(child_id=child_id, kind=kind).first()


def visits_queryset(child_ids: Iterable[int]) -> QuerySet:
    """Visits (not notes) about the children, for the chronology."""
    return CaseNote.objects.filter(
        children__in=list(child_ids), kind__in=CaseNote.VISIT_KINDS, is_draft=False
    )
