"""Writes to the access log, to restricted records and to their overrides.

Restricting a record, naming or removing a user and reviewing an override are for team
managers and administrators only; each is checked here, so a view, a command or the demo
generator cannot get round it.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hearth.accounts.roles import Role
from hearth.audit.models import AccessLogEntry, RestrictedAccessOverride, RestrictedRecordGrant
from hearth.people.models import Person
from hearth.transactions import atomic_action

RESTRICTION_MANAGERS: frozenset[str] = frozenset({Role.TEAM_MANAGER, Role.ADMINISTRATOR})


def may_manage_restrictions(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role(*RESTRICTION_MANAGERS))


def _require_manager(user) -> None:
    if not may_manage_restrictions(user):
        raise PermissionDenied("Only team managers and administrators may manage restricted records.")


def _require_reason(reason: str, *, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: "Enter the reason"})
    return reason


def access_log_entry_add(
    *, user, person: Person, page: str, path: str, override_reason: str = ""
) -> AccessLogEntry:
    """Record that ``user`` read ``page`` of ``person``'s record. The only write the log allows."""
    return AccessLogEntry.objects.create(
        user=user, person=person, page=page[:100], path=path[:500], override_reason=override_reason
    )


def _person_restriction_save(*, person: Person, by, restricted: bool, reason: str) -> None:
    # Lock and re-read the row so the version counter moves on from what is stored, not from a
    # copy that may be stale. The person's own history (simple-history) keeps who changed the
    # flag, when and why.
    stored = Person.objects.select_for_update().get(pk=person.pk)
    stored.is_restricted = restricted
    stored.version += 1
    stored._history_user = by
    stored._change_reason = reason
    stored.save(update_fields=["is_restricted", "version"])
    person.is_restricted, person.version = stored.is_restricted, stored.version


@atomic_action
def person_restrict(*, person: Person, by, named_users: Iterable, reason: str) -> Person:
    """Restrict ``person``'s record to ``named_users``; anyone else must give a reason to open it."""
    _require_manager(by)
    reason = _require_reason(reason)
    if not person.is_restricted:
        _person_restriction_save(person=person, by=by, restricted=True, reason=reason)
    for user in named_users:
        restricted_grant_add(person=person, user=user, by=by)
    return person


@atomic_action
def person_unrestrict(*, person: Person, by, reason: str) -> Person:
    """Open ``person``'s record to everyone again. The named users are removed with it, so a
    later restriction starts from an empty list rather than silently bringing them back."""
    _require_manager(by)
    reason = _require_reason(reason)
    if not person.is_restricted:
        return person
    for grant in RestrictedRecordGrant.objects.filter(person=person):
        grant._history_user = by
        grant.delete()
    _person_restriction_save(person=person, by=by, restricted=False, reason=reason)
    return person


@atomic_action
def restricted_grant_add(*, person: Person, user, by) -> RestrictedRecordGrant:
    """Name ``user`` on ``person``'s restricted record. Naming someone twice changes nothing."""
    _require_manager(by)
    if not person.is_restricted:
        raise ValidationError({"user": "This record is not restricted, so anyone may open it"})
    existing = RestrictedRecordGrant.objects.filter(person=person, user=user).first()
    if existing:
        return existing
    grant = RestrictedRecordGrant(person=person, user=user, granted_by=by)
    grant._history_user = by
    grant.full_clean()
    grant.save()
    return grant


@atomic_action
def restricted_grant_remove(*, person: Person, user, by) -> None:
    _require_manager(by)
    for grant in RestrictedRecordGrant.objects.filter(person=person, user=user):
        grant._history_user = by
        grant.delete()


@atomic_action
def restricted_access_override_add(*, user, person: Person, reason: str) -> RestrictedAccessOverride:
    """``user``, not named on ``person``'s restricted record, gave ``reason`` to open it."""
    reason = _require_reason(reason)
    override = RestrictedAccessOverride(user=user, person=person, reason=reason)
    override.full_clean()
    override.save()
    return override


@atomic_action
def restricted_access_override_review(*, override: RestrictedAccessOverride, by) -> RestrictedAccessOverride:
    """A manager has looked at the override. Nobody reviews their own."""
    _require_manager(by)
    if override.user_id == by.pk:
        raise PermissionDenied("You cannot review your own opening of a restricted record.")
    # A conditional update, so two managers reviewing at once do not overwrite each other.
    now = timezone.now()
    claimed = RestrictedAccessOverride.objects.filter(pk=override.pk, reviewed_at__isnull=True).update(
        reviewed_by=by, reviewed_at=now
    )
    if claimed:
        override.reviewed_by, override.reviewed_at = by, now
    else:
        override.refresh_from_db(fields=["reviewed_by", "reviewed_at"])
    return override
