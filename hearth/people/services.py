"""Every write to a person's record: people, their names, addresses and relationships.

Each function validates with ``full_clean()``, saves, and leaves a simple-history row naming
``by`` as the person who made the change, all inside one transaction: bad input raises
``ValidationError`` with a message a worker can act on, and nothing is saved.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from hearth.people.identifiers import normalise_nhs_number
from hearth.people.models import Address, Person, PersonName, PersonType, Relationship
from hearth.people.relationship_kinds import RELATIONSHIP_KINDS, inverse_of, label_of
from hearth.people.search import name_keys
from hearth.people.search import normalise_postcode as postcode_key
from hearth.reference.selectors import code_label
from hearth.transactions import atomic_action

# Person fields a worker may change through person_update (and set through person_create).
# Everything else (version, merge, restriction, search keys, audit fields) is managed here or
# by the audit and merge services.
EDITABLE_PERSON_FIELDS: tuple[str, ...] = (
    "person_type",
    "first_name",
    "middle_names",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "date_of_birth_estimated",
    "expected_date_of_birth",
    "date_of_death",
    "sex",
    "gender",
    "ethnicity",
    "first_language",
    "interpreter_needed",
    "religion",
    "disabilities",
    "immigration_status",
    "uasc",
    "nhs_number",
    "upn",
    "former_upn",
    "upn_unknown_reason",
    "school_name",
    "school_urn",
    "gp_name",
    "gp_practice_code",
    "organisation",
    "job_title",
)
# person_create may also mark a record restricted from the start (the demo and importers do),
# and a legacy importer gives the child's ID in the previous system (``legacy_id``).
_CREATE_ONLY_FIELDS = ("is_restricted", "legacy_id")

_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$")


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: Any
    after: Any

    @property
    def before_text(self) -> str:
        return describe_value(self.field, self.before)

    @property
    def after_text(self) -> str:
        return describe_value(self.field, self.after)


class ConcurrentEditError(Exception):
    """Someone else saved the record after the form was opened; nothing was saved.

    ``changes`` lists each field that differs between the version the form was opened at and
    the record as it is now; ``changed_by`` names who saved the versions in between.
    """

    def __init__(self, *, person: Person, expected_version: int, changes: list[FieldChange], changed_by):
        super().__init__(
            f"Person {person.pk} is at version {person.version}, not {expected_version} as expected"
        )
        self.person = person
        self.expected_version = expected_version
        self.changes = changes
        self.changed_by = changed_by


# --- search keys -----------------------------------------------------------------------------


def _set_search_keys(record: Person | PersonName) -> None:
    # The search module owns how names are keyed; storing its keys keeps search in step.
    record.search_surname_key, record.search_forename_key = name_keys(record.first_name, record.last_name)


# --- people ----------------------------------------------------------------------------------


def _normalise_person_fields(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(fields)
    for name in ("first_name", "middle_names", "last_name", "preferred_name"):
        if name in cleaned and cleaned[name] is not None:
            cleaned[name] = cleaned[name].strip()
    if cleaned.get("nhs_number"):
        cleaned["nhs_number"] = normalise_nhs_number(cleaned["nhs_number"])
    for name in ("upn", "former_upn"):
        if cleaned.get(name):
            cleaned[name] = cleaned[name].strip().upper()
    return cleaned


def _check_field_names(fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise TypeError(f"These are not fields a worker may set on a person: {', '.join(unknown)}")


def _save_with_history(record, by) -> None:
    if by is not None:
        record._history_user = by
    record.save()


def person_build(*, by, **fields) -> Person:
    """A validated, unsaved person; used by person_create and by batch creation."""
    _check_field_names(fields, EDITABLE_PERSON_FIELDS + _CREATE_ONLY_FIELDS)
    person = Person(**_normalise_person_fields(fields), created_by=by)
    _set_search_keys(person)
    person.full_clean()
    return person


@atomic_action
def person_create(*, by, **fields) -> Person:
    person = person_build(by=by, **fields)
    _save_with_history(person, by)
    return person


def people_create_many(*, by, people: list[dict[str, Any]]) -> list[Person]:
    """Create many people at once (imports, the demo): each is validated as person_create does,
    then all are inserted with their history rows in a few queries."""
    built = [person_build(by=by, **fields) for fields in people]
    with transaction.atomic():
        return bulk_create_with_history(built, Person, batch_size=500, default_user=by)


def _field_label(name: str) -> str:
    label = str(Person._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def person_changes_since(person: Person, version: int) -> tuple[list[FieldChange], list]:
    """What differs between ``person`` now and as it was at ``version``, and who changed it.

    Reads the simple-history rows, which carry the version number of each saved state.
    """
    rows = list(
        person.history.filter(version__gte=version)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    then = next((row for row in rows if row.version == version), None)
    editors = []
    for row in rows:
        if row.version > version and row.history_user and row.history_user not in editors:
            editors.append(row.history_user)
    if then is None:
        return [], editors
    changes = [
        FieldChange(name, _field_label(name), getattr(then, name), getattr(person, name))
        for name in EDITABLE_PERSON_FIELDS
        if getattr(then, name) != getattr(person, name)
    ]
    return changes, editors


@atomic_action
def person_update(*, person: Person, by, expected_version: int, **changes) -> Person:
    """Change a person's details, refusing the save if the record moved on since the form opened.

    The row is locked for the rest of the transaction, so two saves from forms opened at the
    same version cannot both pass the check.
    """
    _check_field_names(changes, EDITABLE_PERSON_FIELDS)
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.version != expected_version:
        differences, editors = person_changes_since(current, expected_version)
        raise ConcurrentEditError(
            person=current, expected_version=expected_version, changes=differences, changed_by=editors
        )
    changes = _normalise_person_fields(changes)
    if all(getattr(current, name) == value for name, value in changes.items()):
        return current
    for name, value in changes.items():
        setattr(current, name, value)
    _set_search_keys(current)
    current.full_clean()
    current.version += 1
    _save_with_history(current, by)
    return current


# --- other names -----------------------------------------------------------------------------


@atomic_action
def other_name_add(
    *,
    person: Person,
    by,
    kind: str,
    first_name: str = "",
    last_name: str = "",
    used_until: date | None = None,
) -> PersonName:
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    if not (first_name or last_name):
        raise ValidationError({"last_name": "Enter a first name or a last name"})
    name = PersonName(
        person=person, kind=kind, first_name=first_name, last_name=last_name, used_until=used_until
    )
    _set_search_keys(name)
    name.full_clean()
    _save_with_history(name, by)
    return name


# --- addresses -------------------------------------------------------------------------------


def normalise_postcode(value: str) -> str:
    """'b15 2tt' -> 'B15 2TT'; raises ValidationError when it is not shaped like a UK postcode."""
    compact = re.sub(r"\s+", "", (value or "").upper())
    if not compact:
        return ""
    match = _POSTCODE.match(compact)
    if not match:
        raise ValidationError({"postcode": "Enter a real postcode, like B15 2TT"})
    return f"{match.group(1)} {match.group(2)}"


def _today() -> date:
    return timezone.localdate()


def address_build(
    *,
    person: Person,
    line_1: str,
    start_date: date,
    line_2: str = "",
    town: str = "",
    postcode: str = "",
    end_date: date | None = None,
) -> Address:
    """A validated, unsaved address (does not look at the person's other addresses)."""
    postcode = normalise_postcode(postcode)
    address = Address(
        person=person,
        line_1=(line_1 or "").strip(),
        line_2=(line_2 or "").strip(),
        town=(town or "").strip(),
        postcode=postcode,
        postcode_key=postcode_key(postcode),
        start_date=start_date,
        end_date=end_date,
    )
    errors = {}
    if start_date and start_date > _today():
        errors["start_date"] = "The date they moved in must be today or in the past"
    if end_date and end_date > _today():
        errors["end_date"] = "The date they left must be today or in the past"
    if errors:
        raise ValidationError(errors)
    address.full_clean(validate_constraints=False)  # clean() already checks the dates' order
    return address


@atomic_action
def address_add(
    *,
    person: Person,
    by,
    line_1: str,
    start_date: date,
    line_2: str = "",
    town: str = "",
    postcode: str = "",
    end_date: date | None = None,
) -> Address:
    """Record an address. A current address (no end date) is a move: the address they lived at
    until then is ended on the day they moved."""
    address = address_build(
        person=person,
        line_1=line_1,
        line_2=line_2,
        town=town,
        postcode=postcode,
        start_date=start_date,
        end_date=end_date,
    )
    if end_date is None:
        for previous in Address.objects.select_for_update().filter(person=person, end_date__isnull=True):
            if previous.start_date > start_date:
                raise ValidationError(
                    {
                        "start_date": f"They moved into {previous.line_1} on "
                        f"{previous.start_date:%-d %B %Y}; the date they moved here must be on or after that"
                    }
                )
            previous.end_date = start_date
            _save_with_history(previous, by)
    _save_with_history(address, by)
    return address


@atomic_action
def address_end(*, address: Address, by, end_date: date) -> Address:
    if address.end_date is not None:
        raise ValidationError({"end_date": "This address already has the date they left"})
    if end_date > _today():
        raise ValidationError({"end_date": "The date they left must be today or in the past"})
    address.end_date = end_date
    address.full_clean(validate_constraints=False)
    _save_with_history(address, by)
    return address


# --- relationships ---------------------------------------------------------------------------


def _kinds_read_back_as(kind: str) -> set[str]:
    """The kinds which, recorded the other way round, say the same as ``kind``.

    Inverses are not one-to-one (a mother's inverse is child, a child's is parent), so
    "Jo is Sam's mother" read from Jo's side is "Sam is Jo's child", and recording that again
    from Jo's side must count as a duplicate.
    """
    return {code for code, spec in RELATIONSHIP_KINDS.items() if spec.inverse == kind} | {inverse_of(kind)}


def _relationship_duplicate(person: Person, relative: Person, kind: str) -> Relationship | None:
    """The relationship that already says the same thing, recorded either way round."""
    same_way = Relationship.objects.filter(person=person, relative=relative, kind=kind)
    other_way = Relationship.objects.filter(
        person=relative, relative=person, kind__in=_kinds_read_back_as(kind)
    )
    return (same_way | other_way).first()


def relationship_build(
    *,
    person: Person,
    relative: Person,
    kind: str,
    lives_with: bool = False,
    has_parental_responsibility: bool = False,
    start_date: date | None = None,
    end_date: date | None = None,
    notes: str = "",
) -> Relationship:
    """A validated, unsaved relationship, without the duplicate check (which needs the database)."""
    if kind not in RELATIONSHIP_KINDS:
        raise ValidationError({"kind": "Choose a relationship from the list"})
    if relative.merged_into_id:
        raise ValidationError(
            {"relative": f"Hearth ID {relative.reference} was merged into another record: use that one"}
        )
    relationship = Relationship(
        person=person,
        relative=relative,
        kind=kind,
        lives_with=lives_with,
        has_parental_responsibility=has_parental_responsibility,
        start_date=start_date,
        end_date=end_date,
        notes=(notes or "").strip(),
    )
    # clean() refuses a relationship to self and an end before the start; the database
    # constraints say the same and the duplicate check is done by the caller.
    relationship.full_clean(validate_constraints=False)
    return relationship


@atomic_action
def relationship_add(
    *,
    person: Person,
    relative: Person,
    kind: str,
    by,
    lives_with: bool = False,
    has_parental_responsibility: bool = False,
    start_date: date | None = None,
    end_date: date | None = None,
    notes: str = "",
) -> Relationship:
    """Record that ``relative`` is ``person``'s ``kind`` (and so, read the other way, that
    ``person`` is ``relative``'s inverse kind)."""
    relationship = relationship_build(
        person=person,
        relative=relative,
        kind=kind,
        lives_with=lives_with,
        has_parental_responsibility=has_parental_responsibility,
        start_date=start_date,
        end_date=end_date,
        notes=notes,
    )
    if _relationship_duplicate(person, relative, kind):
        raise ValidationError(
            {
                "relative": f"{relative.display_name} is already recorded as {person.display_name}'s "
                f"{label_of(kind).lower()}"
            }
        )
    _save_with_history(relationship, by)
    return relationship


def relationships_add_many(*, by, relationships: list[dict[str, Any]]) -> list[Relationship]:
    """Batch form of relationship_add for the demo and importers: each is validated, and the
    batch is refused if it repeats itself or a relationship already recorded."""
    built = [relationship_build(**fields) for fields in relationships]
    seen: set[tuple[int, int, str]] = set()
    for rel in built:
        keys = {(rel.person.pk, rel.relative.pk, rel.kind)} | {
            (rel.relative.pk, rel.person.pk, kind) for kind in _kinds_read_back_as(rel.kind)
        }
        if keys & seen:
            raise ValidationError(
                {
                    "relative": f"{rel.relative.display_name} appears twice as {rel.person.display_name}'s "
                    f"{label_of(rel.kind).lower()}"
                }
            )
        seen |= keys
    person_ids = {rel.person.pk for rel in built} | {rel.relative.pk for rel in built}
    existing = Relationship.objects.filter(person_id__in=person_ids, relative_id__in=person_ids)
    if any((r.person_id, r.relative_id, r.kind) in seen for r in existing.only("person", "relative", "kind")):
        raise ValidationError({"relative": "Some of these relationships are already recorded"})
    with transaction.atomic():
        return bulk_create_with_history(built, Relationship, batch_size=500, default_user=by)


@atomic_action
def relationship_end(*, relationship: Relationship, by, end_date: date) -> Relationship:
    if relationship.end_date is not None:
        raise ValidationError({"end_date": "This relationship has already ended"})
    if end_date > _today():
        raise ValidationError({"end_date": "The date the relationship ended must be today or in the past"})
    relationship.end_date = end_date
    relationship.full_clean(validate_constraints=False)
    _save_with_history(relationship, by)
    return relationship


def addresses_add_many(*, by, addresses: list[dict[str, Any]]) -> list[Address]:
    """Batch form of address_add for the demo and importers: each address is validated and
    inserted as given (the caller supplies complete histories, so no earlier address is ended)."""
    built = [address_build(**fields) for fields in addresses]
    with transaction.atomic():
        return bulk_create_with_history(built, Address, batch_size=500, default_user=by)


def describe_value(name: str, value: Any) -> str:
    """A field's value as a worker would read it (used by the conflict message and history)."""
    if value is None or value == "" or value == []:
        return "Not recorded"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%-d %B %Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    if name in ("sex", "ethnicity"):
        return code_label(name, value)
    if name == "upn_unknown_reason":
        return code_label("upn_unknown", value)
    if name == "disabilities":
        return ", ".join(code_label("disability", code) for code in value)
    if name == "kind" and value in RELATIONSHIP_KINDS:
        return label_of(value)
    if name == "person_type":
        return PersonType(value).label if value in PersonType.values else value
    return str(value)
