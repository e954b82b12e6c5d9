"""Optimistic concurrency: two people editing one record never silently overwrite each other.

Editable records carry a ``version``. A form carries the version it was loaded at; the save
is a conditional UPDATE on that version. If someone else saved first, nothing is written and
``ConcurrentEditError`` says which fields they changed, so the worker can see and redo.
"""

from dataclasses import dataclass

from django.db import models, transaction


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    yours: object
    theirs: object


class ConcurrentEditError(Exception):
    def __init__(self, changes: list[FieldChange]):
        super().__init__("Someone else changed this record while you were editing it.")
        self.changes = changes


def save_if_unchanged(instance: models.Model, *, expected_version: int, fields: list[str]) -> None:
    """Save ``fields`` of ``instance`` only if the stored version is still ``expected_version``.

    Call inside the service's transaction, after ``full_clean()``. On success the instance's
    version goes up by one (and its history row is written by the caller's ``save``).
    """
    model = type(instance)
    if not transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return save_if_unchanged(instance, expected_version=expected_version, fields=fields)
    # Claim the row: the version moves on only if nobody has saved since the form was loaded,
    # and the UPDATE holds the row's lock until the caller's transaction ends. No savepoint is
    # needed: a refusal writes nothing, and the caller's transaction can carry on.
    claimed = model._base_manager.filter(pk=instance.pk, version=expected_version).update(
        version=expected_version + 1
    )
    if not claimed:
        current = model._base_manager.get(pk=instance.pk)
        changes = [
            FieldChange(
                field=name,
                label=str(model._meta.get_field(name).verbose_name),
                yours=getattr(instance, name),
                theirs=getattr(current, name),
            )
            for name in fields
            if getattr(current, name) != getattr(instance, name)
        ]
        raise ConcurrentEditError(changes)
    instance.version = expected_version + 1
    instance.save(update_fields=[*fields, "version"])
