"""Writes to staff accounts."""

from django.contrib.auth.models import Group

from hearth.accounts.models import User
from hearth.accounts.roles import Role
from hearth.transactions import atomic_action


def role_groups_ensure() -> dict[str, Group]:
    """The group for every role, created if missing (a flushed database has none)."""
    existing = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
    for code in Role.values:
        if code not in existing:
            existing[code] = Group.objects.create(name=code)
    return existing


@atomic_action
def staff_roles_set(*, user: User, roles: list[str]) -> None:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    groups = role_groups_ensure()
    user.groups.set([groups[code] for code in roles])
    user._role_codes = None
