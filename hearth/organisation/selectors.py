"""Reads of the organisation for pages and for other apps, each in a fixed number of queries.

Everything here is open to every signed-in member of staff: the register, teams and who works
in them are not confidential, so there is no visibility rule to apply.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet

from hearth.organisation.models import (
    Area,
    Service,
    ServiceScopeChange,
    StaffMember,
    Team,
)

# ---------------------------------------------------------------------------------------------
# The services register


@dataclass(frozen=True)
class RegisterEntry:
    service: Service
    change: ServiceScopeChange


def register_as_at(*, on: date, status: str | None = None) -> list[RegisterEntry]:
    """Each service with the scope change in force on ``on`` (one query).

    A service whose first change is later than ``on`` was not yet on the register then.
    """
    changes = (
        ServiceScopeChange.objects.filter(effective_from__lte=on)
        .select_related("service")
        .order_by("service__name", "service_id", "-effective_from")
    )
    entries: list[RegisterEntry] = []
    seen: set[int] = set()
    for change in changes:
        if change.service_id in seen:
            continue
        seen.add(change.service_id)
        if status and change.status != status:
            continue
        entries.append(RegisterEntry(service=change.service, change=change))
    return entries


def service_history(service: Service) -> list[ServiceScopeChange]:
    """Every scope change of a service, newest first."""
    return list(service.scope_changes.order_by("-effective_from"))


def service_scope_on(service: Service, on: date) -> ServiceScopeChange | None:
    return service.scope_changes.filter(effective_from__lte=on).order_by("-effective_from").first()


# ---------------------------------------------------------------------------------------------
# Areas, teams and staff


@dataclass(frozen=True)
class AreaTeams:
    area: Area | None  # None: teams that work across the whole authority
    teams: list[Team]


def areas_with_teams() -> list[AreaTeams]:
    """Each area with its teams, then the authority-wide teams (two queries)."""
    teams = list(
        Team.objects.select_related("service", "manager", "area")
        .annotate(member_count=Count("members"))
        .order_by("name")
    )
    grouped = [
        AreaTeams(area, [team for team in teams if team.area_id == area.pk]) for area in Area.objects.all()
    ]
    grouped.append(AreaTeams(None, [team for team in teams if team.area_id is None]))
    return grouped


def team_for_user(user) -> Team | None:
    """The team a signed-in member of staff works in, if they are in one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Team.objects.select_related("area", "service").filter(members__user=user).first()


def team_members(team: Team) -> list[StaffMember]:
    """The team's staff, manager first, then by name (one query)."""
    members = list(
        team.members.select_related("line_manager", "user").order_by("last_name", "first_name", "pk")
    )
    members.sort(key=lambda member: member.pk != team.manager_id)
    return members


def teams_managed_by(user) -> QuerySet[Team]:
    return Team.objects.filter(manager__user=user).select_related("area", "service").order_by("name")


def staff_member_get(pk: int) -> StaffMember:
    """One member of staff with their team, line manager and the teams they manage."""
    return (
        StaffMember.objects.select_related("team__area", "team__service", "line_manager", "user")
        .prefetch_related("managed_teams", "reports")
        .get(pk=pk)
    )


# ---------------------------------------------------------------------------------------------
# Caseloads: counted by the apps that hold the cases, offered here through a hook.

CaseloadCounter = Callable[[list[StaffMember]], dict[int, int]]
_caseload_counter: CaseloadCounter | None = None


def caseload_counter_register(counter: CaseloadCounter | None) -> None:
    """Let the app that allocates cases say how to count each worker's caseload.

    ``counter`` takes a list of staff and returns their open case counts keyed by staff id,
    in a fixed number of queries. Until one is registered, pages show no caseload column.
    """
    global _caseload_counter
    _caseload_counter = counter


def team_caseloads(members: list[StaffMember]) -> dict[int, int] | None:
    """Open cases per member of staff, or None when nothing counts caseloads yet."""
    if _caseload_counter is None:
        return None
    return _caseload_counter(members)
