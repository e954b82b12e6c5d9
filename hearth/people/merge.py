"""Merging two records of the same person, and undoing a merge.

A merge moves everything recorded against the duplicate (addresses, other names,
relationships, and the case records of other apps: referrals, allocations, case notes, the
named users of a restricted record) onto the record kept, fills in identifiers the kept record lacks, adds the
duplicate's name to the kept record as an alias, and marks the duplicate ``merged_into`` the
kept record. Nothing is deleted: the duplicate stays, read-only, and ``PersonMerge.moved``
lists each change so ``person_unmerge`` can put everything back.

Records derived from the ones moved (a child's latest visits, worked out from the case notes)
are not moved: the app that keeps them registers a refresh (``merge_refresh_register``), called
for both people once a merge or unmerge has moved everything, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from hearth.accounts.roles import Role
from hearth.people.models import Address, Person, PersonMerge, PersonName, Relationship
from hearth.people.relationship_kinds import inverse_of
from hearth.people.search import name_keys
from hearth.transactions import atomic_action

MERGE_ROLES = frozenset({Role.TEAM_MANAGER, Role.ADMINISTRATOR})

# Filled in on the kept record from the duplicate when the kept record has none.
FILLED_FIELDS = ("nhs_number", "upn", "former_upn", "date_of_birth")

MergeRefresh = Callable[[Iterable[int]], None]
_refreshes: list[MergeRefresh] = []


def merge_refresh_register(refresh: MergeRefresh) -> None:
    """Let an app whose records are derived from the case records a merge moves recompute them.

    ``refresh`` is given the ids of both people after a merge or unmerge has moved everything,
    inside its transaction; its model says ``stays_with_merged_record`` so nothing moves it.
    """
    if refresh not in _refreshes:
        _refreshes.append(refresh)


def _refresh_derived(*people: Person) -> None:
    for refresh in _refreshes:
        refresh([person.pk for person in people])


def _saved(record, by) -> None:
    record._history_user = by
    record.save()


def _check_may_merge(by) -> None:
    if not (by and by.is_authenticated and by.has_role(*MERGE_ROLES)):
        raise PermissionDenied("Only team managers and system administrators may merge records.")


def _lock(*people: Person) -> dict[int, Person]:
    """Lock both rows for the transaction, so two merges of the same records cannot cross."""
    locked = Person.objects.select_for_update().filter(pk__in=[p.pk for p in people]).order_by("pk")
    return {person.pk: person for person in locked}


def merge_problem(*, keep: Person, merge: Person) -> str | None:
    """Why these two records cannot be merged, in words a worker can act on; None if they can."""
    if keep.pk == merge.pk:
        return "A record cannot be merged into itself: choose the other record"
    if merge.merged_into_id:
        return f"Hearth ID {merge.reference} was already merged into Hearth ID {merge.merged_into_id:07d}"
    if keep.merged_into_id:
        return (
            f"Hearth ID {keep.reference} was itself merged into Hearth ID {keep.merged_into_id:07d}: "
            "merge into that record instead"
        )
    return None


def _move_relationships(keep: Person, merge: Person, by) -> tuple[list[dict], list[int]]:
    moved, skipped = [], []
    others = Relationship.objects.filter(Q(person=merge) | Q(relative=merge)).order_by("pk")
    keep_has = {
        (r.person_id, r.relative_id, r.kind)
        for r in Relationship.objects.filter(Q(person=keep) | Q(relative=keep))
    }
    for relationship in others:
        end = "person" if relationship.person_id == merge.pk else "relative"
        person_id = keep.pk if end == "person" else relationship.person_id
        relative_id = keep.pk if end == "relative" else relationship.relative_id
        inverse = (relative_id, person_id, inverse_of(relationship.kind))
        if (
            person_id == relative_id
            or (person_id, relative_id, relationship.kind) in keep_has
            or inverse in keep_has
        ):
            # It would point the kept record at itself, or say again what it already says:
            # it stays on the merged record, where the unmerge finds it untouched.
            skipped.append(relationship.pk)
            continue
        setattr(relationship, f"{end}_id", keep.pk)
        _saved(relationship, by)
        keep_has.add((person_id, relative_id, relationship.kind))
        moved.append({"id": relationship.pk, "end": end})
    return moved, skipped


def _case_record_links() -> list[models.ForeignKey]:
    """Every foreign key to a person from the rest of Hearth (referrals, allocations, case notes'
    children, restricted-record grants, ...), found by introspection so this app need not import
    the apps that point at it. Left out: the person's own rows handled above, change-history
    rows, and models that say they stay with the record they were written about (the access log).
    """
    own = {Address, PersonName, Relationship, PersonMerge, Person}
    links = []
    for rel in Person._meta.get_fields(include_hidden=True):
        if not isinstance(rel, models.ManyToOneRel):
            continue
        model = rel.related_model
        is_history = any(field.name == "history_id" for field in model._meta.fields)
        if model in own or is_history or getattr(model, "stays_with_merged_record", False):
            continue
        links.append(rel.field)
    return links


def _move_case_records(keep: Person, merge: Person, by) -> list[dict]:
    """Point the duplicate's case records at the kept record. A row that would break a
    uniqueness rule (the same person twice on one contact, say) stays where it is."""
    moved = []
    for field in _case_record_links():
        model = field.model
        for row in model._default_manager.filter(**{field.name: merge}).order_by("pk"):
            setattr(row, field.attname, keep.pk)
            row._history_user = by
            try:
                with transaction.atomic():
                    row.save(update_fields=[field.attname])
            except IntegrityError:
                continue
            moved.append({"model": model._meta.label, "field": field.attname, "id": row.pk})
    return moved


def _return_case_records(keep: Person, merged: Person, moved: list[dict], by) -> None:
    from django.apps import apps

    for item in moved:
        model = apps.get_model(item["model"])
        row = model._default_manager.filter(pk=item["id"], **{item["field"]: keep.pk}).first()
        if row is not None:
            setattr(row, item["field"], merged.pk)
            row._history_user = by
            row.save(update_fields=[item["field"]])


def _add_alias(keep: Person, merge: Person, by) -> int | None:
    """The duplicate's name, kept as an alias of the kept record so a search for it still works."""
    if not (merge.first_name or merge.last_name):
        return None
    merged_name = (merge.first_name.lower(), merge.last_name.lower())
    known = [(keep.first_name, keep.last_name)]
    known += [(n.first_name, n.last_name) for n in PersonName.objects.filter(person=keep)]
    if any((first.lower(), last.lower()) == merged_name for first, last in known):
        return None
    alias = PersonName(
        person=keep, kind=PersonName.Kind.ALIAS, first_name=merge.first_name, last_name=merge.last_name
    )
    alias.search_surname_key, alias.search_forename_key = name_keys(alias.first_name, alias.last_name)
    alias.full_clean()
    _saved(alias, by)
    return alias.pk


@atomic_action
def person_merge(*, keep: Person, merge: Person, by, reason: str) -> PersonMerge:
    """Merge ``merge`` into ``keep``: raises ValidationError (nothing saved) if it cannot be done."""
    _check_may_merge(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why these records are the same person"})
    if keep.pk == merge.pk:
        raise ValidationError({"other": merge_problem(keep=keep, merge=merge)})
    locked = _lock(keep, merge)
    keep, merge = locked[keep.pk], locked[merge.pk]
    problem = merge_problem(keep=keep, merge=merge)
    if problem:
        raise ValidationError({"other": problem})

    addresses = list(Address.objects.filter(person=merge).order_by("pk"))
    for address in addresses:
        address.person = keep
        _saved(address, by)
    names = list(PersonName.objects.filter(person=merge).order_by("pk"))
    for name in names:
        name.person = keep
        _saved(name, by)
    relationships, skipped = _move_relationships(keep, merge, by)
    case_records = _move_case_records(keep, merge, by)
    _refresh_derived(keep, merge)
    alias_id = _add_alias(keep, merge, by)

    filled = {}
    for field in FILLED_FIELDS:
        if not getattr(keep, field) and getattr(merge, field):
            filled[field] = getattr(merge, field)
            setattr(keep, field, getattr(merge, field))
    if merge.is_restricted and not keep.is_restricted:
        # What was restricted must stay restricted once it sits on the kept record.
        filled["is_restricted"] = True
        keep.is_restricted = True
    if filled:
        keep.full_clean()
        keep.version += 1
        _saved(keep, by)

    merge.merged_into = keep
    merge.version += 1
    _saved(merge, by)

    return PersonMerge.objects.create(
        keep=keep,
        merged=merge,
        merged_by=by,
        reason=reason,
        moved={
            "addresses": [a.pk for a in addresses],
            "other_names": [n.pk for n in names],
            "relationships": relationships,
            "relationships_left": skipped,
            "case_records": case_records,
            "alias_added": alias_id,
            "fields_filled": {
                field: value.isoformat() if hasattr(value, "isoformat") else value
                for field, value in filled.items()
            },
        },
    )


@atomic_action
def person_unmerge(*, record: PersonMerge, by, reason: str) -> Person:
    """Undo a merge: the duplicate comes back with what it brought. Returns the restored person.

    Rows changed on the kept record since the merge (an address ended, say) move back as they
    are now; a field filled in by the merge is cleared only if nobody has changed it since.
    """
    _check_may_merge(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the merge is being undone"})
    record = PersonMerge.objects.select_for_update().get(pk=record.pk)
    if record.unmerged_at:
        raise ValidationError({"record": "This merge has already been undone"})
    locked = _lock(record.keep, record.merged)
    keep, merged = locked[record.keep_id], locked[record.merged_id]
    if merged.merged_into_id != keep.pk:
        raise ValidationError({"record": "The merged record no longer points at the kept one"})
    moved = record.moved

    for address in Address.objects.filter(pk__in=moved.get("addresses", []), person=keep):
        address.person = merged
        _saved(address, by)
    for name in PersonName.objects.filter(pk__in=moved.get("other_names", []), person=keep):
        name.person = merged
        _saved(name, by)
    ends = {item["id"]: item["end"] for item in moved.get("relationships", [])}
    for relationship in Relationship.objects.filter(pk__in=list(ends)):
        if getattr(relationship, f"{ends[relationship.pk]}_id") == keep.pk:
            setattr(relationship, f"{ends[relationship.pk]}_id", merged.pk)
            _saved(relationship, by)
    _return_case_records(keep, merged, moved.get("case_records", []), by)
    _refresh_derived(keep, merged)
    if moved.get("alias_added"):
        alias = PersonName.objects.filter(pk=moved["alias_added"], person=keep).first()
        if alias:
            alias._history_user = by
            alias.delete()

    changed = False
    for field, value in moved.get("fields_filled", {}).items():
        current = getattr(keep, field)
        current = current.isoformat() if hasattr(current, "isoformat") else current
        if current == value:
            setattr(
                keep, field, False if field == "is_restricted" else None if field == "date_of_birth" else ""
            )
            changed = True
    if changed:
        keep.version += 1
        _saved(keep, by)

    merged.merged_into = None
    merged.version += 1
    _saved(merged, by)

    record.unmerged_by = by
    record.unmerged_at = timezone.now()
    record.unmerge_reason = reason
    record.save(update_fields=["unmerged_by", "unmerged_at", "unmerge_reason"])
    return merged
