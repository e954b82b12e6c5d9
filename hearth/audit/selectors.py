"""Reads of the access log, restricted records and their overrides, each in a fixed number of
queries whatever the number of rows."""

from django.apps import apps
from django.db.models import Q, QuerySet

from hearth.accounts.models import User
from hearth.accounts.roles import Role
from hearth.audit.models import AccessLogEntry, RestrictedAccessOverride, RestrictedRecordGrant
from hearth.audit.services import may_manage_restrictions
from hearth.people.models import Person

ACCESS_LOG_PAGE_SIZE = 200


def access_log_for_person(person: Person, limit: int = ACCESS_LOG_PAGE_SIZE) -> list[AccessLogEntry]:
    """The latest ``limit`` views of ``person``'s record, newest first (one query)."""
    return list(AccessLogEntry.objects.filter(person=person).select_related("user")[:limit])


def _overrides_flagged_to(user) -> QuerySet[RestrictedAccessOverride]:
    """Unreviewed overrides this user should review: never their own.

    Administrators see every one. A team manager sees those of the staff they line-manage or
    whose team they manage, once the organisation records who manages whom; an override by
    someone with no recorded manager is shown to every team manager, so none goes unflagged.
    Before the organisation app is installed every team manager sees them all.
    """
    if not may_manage_restrictions(user):
        return RestrictedAccessOverride.objects.none()
    unreviewed = RestrictedAccessOverride.objects.filter(reviewed_at__isnull=True).exclude(user=user)
    if user.has_role(Role.ADMINISTRATOR) or not apps.is_installed("hearth.organisation"):
        return unreviewed
    managed_by_them = Q(user__staff_member__line_manager__user=user) | Q(
        user__staff_member__team__manager__user=user
    )
    managed_by_nobody = Q(user__staff_member__isnull=True) | Q(
        user__staff_member__line_manager__isnull=True, user__staff_member__team__manager__isnull=True
    )
    return unreviewed.filter(managed_by_them | managed_by_nobody).distinct()


def overrides_to_review(user) -> list[RestrictedAccessOverride]:
    """The overrides flagged to ``user``, oldest first so the longest-waiting is on top (one query)."""
    return list(_overrides_flagged_to(user).select_related("user", "person").order_by("created_at", "pk"))


def overrides_to_review_count(user) -> int:
    """How many overrides wait for ``user``'s review: one query for managers, none for others."""
    if not may_manage_restrictions(user):
        return 0
    return _overrides_flagged_to(user).count()


def restricted_grants_for_person(person: Person) -> list[RestrictedRecordGrant]:
    """The users named on ``person``'s restricted record, by name (one query)."""
    return list(
        RestrictedRecordGrant.objects.filter(person=person)
        .select_related("user", "granted_by")
        .order_by("user__last_name", "user__first_name", "user__username")
    )


def staff_who_may_be_named(person: Person) -> QuerySet[User]:
    """Active staff not yet named on ``person``'s record, for the 'add a named user' choice."""
    named = RestrictedRecordGrant.objects.filter(person=person).values("user")
    return (
        User.objects.filter(is_active=True)
        .exclude(pk__in=named)
        .order_by("last_name", "first_name", "username")
    )


def override_to_review_get(user, pk: int) -> RestrictedAccessOverride:
    """One override flagged to ``user``; any other raises ``DoesNotExist``."""
    return _overrides_flagged_to(user).select_related("user", "person").get(pk=pk)
