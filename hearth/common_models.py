"""Fields every recorded event shares: who recorded it, when, and a version for safe editing;
and the validation shortcut every service-written model uses."""

from django.conf import settings
from django.core.exceptions import FieldError, ValidationError
from django.db import DatabaseError, models, router, transaction
from django.db.models import BooleanField, Q, Value
from django.db.models.functions import Coalesce
from django.db.models.sql import Query
from django.db.models.sql.constants import SINGLE

from hearth.transactions import savepoints_wanted


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


def _failed_checks(instance: models.Model, checks: list, exclude, using: str) -> list:
    """The check constraints ``instance`` fails, asked in one query. Django asks the database
    once per constraint, each inside a savepoint of its own."""
    query = Query(None)
    against = instance._get_field_expression_map(meta=instance._meta, exclude=exclude)
    for name, value in against.items():
        query.add_annotation(
            value if hasattr(value, "resolve_expression") else Value(value), name, select=False
        )
    asked = []
    for index, constraint in enumerate(checks):
        # As in a CHECK constraint, a condition that comes out NULL passes.
        condition = Coalesce(Q(constraint.condition), Value(True), output_field=BooleanField())
        try:
            query.add_annotation(condition, f"_check_{index}")
        except FieldError:
            continue  # it reads a field left out of this validation: skipped, as Django does
        asked.append(constraint)
    if not asked:
        return []
    # A savepoint, so a query the database refuses cannot spoil the caller's transaction; except
    # in a batch run all_or_nothing(), which has nothing to keep and rolls back on any error.
    keep_transaction = savepoints_wanted()
    try:
        with transaction.atomic(using=using, savepoint=keep_transaction):
            row = query.get_compiler(using=using).execute_sql(SINGLE)
    except DatabaseError:
        if not keep_transaction:
            raise
        return [c for c in asked if not Q(c.condition).check(against, using=using)]
    return [constraint for constraint, passed in zip(asked, row, strict=True) if not passed]


class HeldRelationsClean:
    """Model mixin: ``full_clean`` with fewer queries, for the records services write.

    Django checks a foreign key by asking the database whether the row exists, once per key
    per ``full_clean``. A service builds a record from objects it has just read or saved, so
    that query only repeats what the service already knows (and the database's own foreign
    key constraint still refuses a row that vanished in between). A key given only as an id,
    or to an unsaved object, is still checked as Django does. Check constraints are asked
    together in one query rather than one each.
    """

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(type(self), instance=self)
        errors: dict = {}
        checks = []
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                if isinstance(constraint, models.CheckConstraint) and model_class._meta is self._meta:
                    checks.append(constraint)
                    continue
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as invalid:
                    if getattr(invalid, "code", None) == "unique" and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(invalid)
                    else:
                        errors = invalid.update_error_dict(errors)
        for constraint in _failed_checks(self, checks, exclude, using) if checks else []:
            failure = ValidationError(
                constraint.get_violation_error_message(), code=constraint.violation_error_code
            )
            errors = failure.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

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
