"""The reads the person record's pages need, each in a fixed number of queries.

Loading the person itself (and the access check that goes with it) is hearth.audit.access's
``open_person_record``; these functions start from a person already opened.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise

from django.db.models import Q

from hearth.people.models import Address, Person, PersonName, Relationship
from hearth.people.relationship_kinds import RELATIONSHIP_KINDS, inverse_of, label_of
from hearth.people.services import EDITABLE_PERSON_FIELDS, describe_value

# --- family network --------------------------------------------------------------------------

# The order relatives are listed and drawn in: parents first, then siblings, and so on.
_GROUPS: list[tuple[str, set[str]]] = [
    ("Parents", {"mother", "father", "parent", "step_parent", "partner"}),
    ("Brothers and sisters", {"sibling", "half_sibling", "step_sibling"}),
    ("Children", {"child", "step_child", "partners_child"}),
    ("Grandparents", {"grandparent"}),
    ("Grandchildren", {"grandchild"}),
    ("Wider family", {"aunt_uncle", "niece_nephew", "cousin", "other_relative"}),
    ("Carers and household", {"carer", "cared_for", "household_member", "friend"}),
    ("Professionals", {"professional", "professional_for"}),
]
_GROUP_OF = {code: index for index, (_, codes) in enumerate(_GROUPS) for code in codes}


@dataclass(frozen=True)
class Relative:
    """One line of a person's family network, read from that person's side."""

    relationship: Relationship
    other: Person
    kind: str  # what ``other`` is to the person whose network this is

    @property
    def label(self) -> str:
        return label_of(self.kind)

    @property
    def group(self) -> int:
        return _GROUP_OF.get(self.kind, len(_GROUPS))

    @property
    def group_label(self) -> str:
        return _GROUPS[self.group][0] if self.group < len(_GROUPS) else "Other"

    @property
    def is_current(self) -> bool:
        return self.relationship.end_date is None

    @property
    def is_family(self) -> bool:
        return RELATIONSHIP_KINDS[self.kind].family if self.kind in RELATIONSHIP_KINDS else False


def family_network(person: Person) -> list[Relative]:
    """Everyone related to ``person``, whichever side recorded the relationship (one query).

    A relationship stored as (person=Sam, relative=Jo, kind=mother) reads on Sam's network as
    "Jo, mother" and on Jo's as "Sam, child": the inverse comes from RELATIONSHIP_KINDS.
    """
    rows = Relationship.objects.filter(Q(person=person) | Q(relative=person)).select_related(
        "person", "relative"
    )
    relatives = []
    for row in rows:
        if row.person_id == person.pk:
            relatives.append(Relative(row, row.relative, row.kind))
        else:
            kind = inverse_of(row.kind) if row.kind in RELATIONSHIP_KINDS else row.kind
            relatives.append(Relative(row, row.person, kind))
    relatives.sort(
        key=lambda r: (not r.is_current, r.group, r.other.last_name, r.other.first_name, r.other.pk)
    )
    return relatives


def network_relative(person: Person, relationship_id: int) -> Relative | None:
    """One line of ``person``'s network, by its relationship's id, read from their side (one
    query); None when the relationship is not one of theirs."""
    row = (
        Relationship.objects.filter(Q(person=person) | Q(relative=person), pk=relationship_id)
        .select_related("person", "relative")
        .first()
    )
    if row is None:
        return None
    if row.person_id == person.pk:
        return Relative(row, row.relative, row.kind)
    return Relative(row, row.person, inverse_of(row.kind) if row.kind in RELATIONSHIP_KINDS else row.kind)


@dataclass(frozen=True)
class PictureNode:
    relative: Relative
    x: float
    y: float
    name_lines: list[str]


@dataclass
class NetworkPicture:
    width: int
    height: int
    centre_x: float
    centre_y: float
    centre_lines: list[str]
    nodes: list[PictureNode] = field(default_factory=list)
    left_out: int = 0


def _name_lines(person: Person, limit: int = 16) -> list[str]:
    name = person.display_name
    if len(name) <= limit:
        return [name]
    first, _, rest = name.partition(" ")
    lines = [first[:limit], rest[:limit]] if rest else [name[: limit - 1] + "…"]
    if rest and len(rest) > limit:
        lines[1] = rest[: limit - 1] + "…"
    return lines


def network_picture(person: Person, relatives: list[Relative], *, most: int = 20) -> NetworkPicture:
    """Positions for a simple picture: the person in the centre, their current relationships on
    an ellipse around them, each kind together (parents at the top, then clockwise). Past
    twelve, alternate relatives step inwards so the boxes do not overlap."""
    shown = [r for r in relatives if r.is_current][:most]
    left_out = len(relatives) - len(shown)
    two_rings = len(shown) > 12
    rx, ry = (330, 230) if two_rings else (290, 190) if len(shown) > 6 else (230, 150)
    width, height = 2 * rx + 180, 2 * ry + 100
    cx, cy = width / 2, height / 2
    picture = NetworkPicture(width, height, cx, cy, _name_lines(person), left_out=left_out)
    for index, relative in enumerate(shown):
        angle = -math.pi / 2 + 2 * math.pi * index / max(len(shown), 1)
        scale = 0.62 if two_rings and index % 2 else 1.0
        picture.nodes.append(
            PictureNode(
                relative,
                round(cx + rx * scale * math.cos(angle), 1),
                round(cy + ry * scale * math.sin(angle), 1),
                _name_lines(relative.other),
            )
        )
    return picture


# --- summary and addresses -------------------------------------------------------------------


@dataclass(frozen=True)
class PersonSummary:
    person: Person
    current_address: Address | None
    other_names: list[PersonName]
    relatives: list[Relative]


def address_history(person: Person) -> list[Address]:
    """Every address, the current ones first, then newest first (one query)."""
    addresses = list(Address.objects.filter(person=person))
    addresses.sort(key=lambda a: (a.end_date is not None, -a.start_date.toordinal(), -a.pk))
    return addresses


def person_summary(person: Person) -> PersonSummary:
    addresses = address_history(person)
    current = next((a for a in addresses if a.end_date is None), None)
    return PersonSummary(
        person=person,
        current_address=current,
        other_names=list(PersonName.objects.filter(person=person).order_by("kind", "pk")),
        relatives=[r for r in family_network(person) if r.is_current],
    )


# --- history ---------------------------------------------------------------------------------

# Fields of each record shown in its history; anything else is bookkeeping.
_ADDRESS_FIELDS = ("line_1", "line_2", "town", "postcode", "start_date", "end_date")
_NAME_FIELDS = ("kind", "first_name", "last_name", "used_until")
# The kind is in the entry's title, read from the page's side; it never changes once recorded.
_RELATIONSHIP_FIELDS = (
    "lives_with",
    "has_parental_responsibility",
    "start_date",
    "end_date",
    "notes",
)
_FIELD_LABELS = {
    "line_1": "Address line 1",
    "line_2": "Address line 2",
    "town": "Town or city",
    "postcode": "Postcode",
    "start_date": "Start date",
    "end_date": "End date",
    "kind": "Kind",
    "used_until": "Used until",
    "lives_with": "Lives with them",
    "has_parental_responsibility": "Parental responsibility",
    "notes": "Notes",
}
_HISTORY_LIMIT = 500


@dataclass(frozen=True)
class HistoryChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    what: str  # "Person details", "Address: 1 High Street", "Relationship: Jo Smith, mother"
    action: str  # "Created", "Changed", "Deleted"
    changes: list[HistoryChange]


def _who(row) -> str:
    user = row.history_user
    if user is None:
        return "The system"
    return user.get_full_name() or user.username


def _person_field_label(name: str) -> str:
    label = str(Person._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def _entries(rows, fields, labeller, describe, what_of) -> list[HistoryEntry]:
    """Turn history rows of several records into entries, each compared with the record's
    previous row."""
    by_record: dict[int, list] = {}
    for row in rows:
        by_record.setdefault(row.id, []).append(row)
    entries = []
    for record_rows in by_record.values():
        record_rows.sort(key=lambda r: (r.history_date, r.history_id))
        first = record_rows[0]
        entries.append(
            HistoryEntry(
                first.history_date,
                _who(first),
                what_of(first),
                "Created" if first.history_type == "+" else "Recorded",
                [
                    HistoryChange(labeller(name), "", describe(name, getattr(first, name)))
                    for name in fields
                    if getattr(first, name) not in (None, "", [], False)
                ],
            )
        )
        for before, after in pairwise(record_rows):
            if after.history_type == "-":
                changes = []
                action = "Deleted"
            else:
                changes = [
                    HistoryChange(
                        labeller(name),
                        describe(name, getattr(before, name)),
                        describe(name, getattr(after, name)),
                    )
                    for name in fields
                    if getattr(before, name) != getattr(after, name)
                ]
                action = "Changed"
                if not changes:
                    continue
            entries.append(HistoryEntry(after.history_date, _who(after), what_of(after), action, changes))
    return entries


def person_history(person: Person) -> list[HistoryEntry]:
    """Every change to the person, their names, addresses and relationships, newest first.

    Five queries whatever the length of the history: one per history table, one for the
    names of the other people in relationships.
    """
    person_rows = list(
        Person.history.filter(id=person.pk)
        .select_related("history_user")
        .order_by("-history_date")[:_HISTORY_LIMIT]
    )
    address_rows = list(
        Address.history.filter(person_id=person.pk)
        .select_related("history_user")
        .order_by("-history_date")[:_HISTORY_LIMIT]
    )
    name_rows = list(
        PersonName.history.filter(person_id=person.pk)
        .select_related("history_user")
        .order_by("-history_date")[:_HISTORY_LIMIT]
    )
    relationship_rows = list(
        Relationship.history.filter(Q(person_id=person.pk) | Q(relative_id=person.pk))
        .select_related("history_user")
        .order_by("-history_date")[:_HISTORY_LIMIT]
    )
    other_ids = {r.relative_id if r.person_id == person.pk else r.person_id for r in relationship_rows}
    others = {p.pk: p for p in Person.objects.filter(pk__in=other_ids)} if other_ids else {}

    def relationship_what(row) -> str:
        if row.person_id == person.pk:
            other, kind = others.get(row.relative_id), row.kind
        else:
            other, kind = (
                others.get(row.person_id),
                inverse_of(row.kind) if row.kind in RELATIONSHIP_KINDS else row.kind,
            )
        name = other.display_name if other else "a removed record"
        return f"Relationship: {name}, {label_of(kind).lower() if kind in RELATIONSHIP_KINDS else kind}"

    entries = [
        *_entries(
            person_rows,
            EDITABLE_PERSON_FIELDS,
            _person_field_label,
            describe_value,
            lambda r: "Person details",
        ),
        *_entries(
            address_rows,
            _ADDRESS_FIELDS,
            _FIELD_LABELS.get,
            describe_value,
            lambda r: f"Address: {r.line_1}{', ' + r.postcode if r.postcode else ''}",
        ),
        *_entries(
            name_rows,
            _NAME_FIELDS,
            lambda n: _person_field_label(n) if n in ("first_name", "last_name") else _FIELD_LABELS[n],
            lambda n, v: (
                PersonName.Kind(v).label
                if n == "kind" and v in PersonName.Kind.values
                else describe_value(n, v)
            ),
            lambda r: f"Other name: {' '.join(p for p in (r.first_name, r.last_name) if p)}",
        ),
        *_entries(
            relationship_rows,
            _RELATIONSHIP_FIELDS,
            _FIELD_LABELS.get,
            describe_value,
            relationship_what,
        ),
    ]
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def person_ids_by_return_id(return_ids) -> dict[str, int]:
    """The people whom statutory returns name by these IDs (``Person.return_id``), in two
    indexed queries: a legacy ID from the previous system wins over a Hearth ID."""
    wanted = {value for value in return_ids if value}
    found = dict(Person.objects.filter(legacy_id__in=wanted).values_list("legacy_id", "pk"))
    hearth_ids = {int(value) for value in wanted - found.keys() if value.isdigit()}
    for pk in Person.objects.filter(pk__in=hearth_ids, legacy_id="").values_list("pk", flat=True):
        found[f"{pk:07d}"] = pk
    return found
