"""Fields every recorded event shares: who recorded it, when, and a version for safe editing;
and the validation shortcut every service-written model uses."""

from django.conf import settings
from django.db import models, router


def _holds_saved_row(instance: models.Model, field: models.Field) -> bool:
    """Whether ``field`` is a foreign key whose related object ``instance`` already holds as a
    row read from (or saved to) the database it would be checked against, with no further
    restriction to check."""
    if not isinstance(field, models.ForeignKey) or field.validators or not field.is_cached(instance):
        return False
    related = field.get_cached_value(instance)
    if related is None or related._state.adding or field.get_limit_choices_to():
        return False
    if related._state.db != router.db_for_read(field.remote_field.model, instance=instance):
        return False
    return getattr(instance, field.attname) == getattr(related, field.target_field.attname)


class HeldRelationsClean:
    """Model mixin: ``full_clean`` without a query per foreign key the instance already holds.

    Django checks a foreign key by asking the database whether the row exists, once per key
    per ``full_clean``. A service builds a record from objects it has just read or saved, so
    that query only repeats what the service already knows (and the database's own foreign
    key constraint still refuses a row that vanished in between). A key given only as an id,
    or to an unsaved object, is still checked as Django does.
    """

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ())
        held = {
            field.name
            for field in self._meta.concrete_fields
            if field.name not in exclude and _holds_saved_row(self, field)
        }
        # Held keys have nothing left to check: no validators, no choices, and a value.
        super().clean_fields(exclude=exclude | held)


class Recorded(HeldRelationsClean, models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Optimistic concurrency: services refuse a save whose expected version is out of date.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True
