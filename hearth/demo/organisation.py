"""The demo authority's organisation: the services register, three areas, their teams and staff.

Every demo sign-in gets a place in a team that fits their role, the team-manager sign-ins
manage teams, and colleagues without sign-ins fill each team out so pages look real.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import Group

from hearth.accounts.models import User
from hearth.accounts.roles import Role
from hearth.demo.staff import FIRST_NAMES, LAST_NAMES
from hearth.organisation.models import (
    EmploymentType,
    Service,
    StaffMember,
    Team,
    TeamType,
    TransferArrangement,
)
from hearth.organisation.services import (
    area_create,
    services_register_load,
    staff_member_create,
    team_create,
    team_manager_set,
)

AREA_NAMES = ("North and West", "South", "East")

# A team is a manager and about a dozen staff (eight to ten of them social workers); a service
# with more staff than that in an area is several teams, as in a real authority.
STAFF_PER_TEAM = 12


@dataclass(frozen=True)
class TeamPlan:
    team_type: str
    name: str
    service_code: str
    # Relative size: 1.0 is a typical social work team.
    size: float


# Each area has these teams, named "<area> <name>".
AREA_TEAMS = (
    TeamPlan(TeamType.ASSESSMENT, "ASTI", "asti", 1.0),
    TeamPlan(TeamType.SAFEGUARDING, "Safeguarding", "safeguarding", 1.2),
    TeamPlan(TeamType.CHILDREN_IN_CARE, "Children in care", "children-in-care", 1.0),
    TeamPlan(TeamType.LEAVING_CARE, "Leaving care", "leaving-care", 0.8),
)

AUTHORITY_WIDE_TEAMS = (
    TeamPlan(TeamType.FRONT_DOOR, "MASH and front door", "single-point-of-entry", 1.5),
    TeamPlan(TeamType.DISABLED_CHILDREN, "Disabled children", "disabled-childrens-social-care", 1.0),
    TeamPlan(TeamType.FOSTERING, "Fostering", "fostering", 1.0),
    TeamPlan(TeamType.ADOPTION, "Adoption", "adoption", 0.7),
    TeamPlan(
        TeamType.CP_CHAIRS_IRO, "Child protection chairs and IROs", "cp-chairs-iro-lado-disclosure", 0.8
    ),
    TeamPlan(TeamType.LADO, "LADO", "cp-chairs-iro-lado-disclosure", 0.3),
    TeamPlan(TeamType.COMPLAINTS, "Complaints", "complaints-quality-assurance", 0.3),
    TeamPlan(TeamType.YOUTH_OFFENDING, "Youth offending", "youth-offending", 1.0),
    TeamPlan(TeamType.PLACEMENTS, "Placements and commissioning", "commissioning-contracting", 0.5),
    TeamPlan(TeamType.PERFORMANCE, "Performance and data", "performance-data-analysis", 0.5),
)

# Where each role's sign-ins work. Social workers are spread over the area teams.
TEAM_TYPES_FOR_ROLE: dict[str, tuple[str, ...]] = {
    Role.FRONT_DOOR: (TeamType.FRONT_DOOR,),
    Role.SOCIAL_WORKER: tuple(plan.team_type for plan in AREA_TEAMS),
    Role.CP_CHAIR_IRO: (TeamType.CP_CHAIRS_IRO,),
    Role.FOSTERING_ADOPTION: (TeamType.FOSTERING, TeamType.ADOPTION),
    Role.PLACEMENTS: (TeamType.PLACEMENTS,),
    Role.LADO: (TeamType.LADO,),
    Role.COMPLAINTS: (TeamType.COMPLAINTS,),
    Role.YOUTH_OFFENDING: (TeamType.YOUTH_OFFENDING,),
    Role.PERFORMANCE: (TeamType.PERFORMANCE,),
    Role.ADMINISTRATOR: (TeamType.PERFORMANCE,),
}

SOCIAL_WORK_TEAM_TYPES = frozenset(
    {
        TeamType.FRONT_DOOR,
        TeamType.ASSESSMENT,
        TeamType.SAFEGUARDING,
        TeamType.CHILDREN_IN_CARE,
        TeamType.LEAVING_CARE,
        TeamType.DISABLED_CHILDREN,
        TeamType.FOSTERING,
        TeamType.ADOPTION,
        TeamType.CP_CHAIRS_IRO,
        TeamType.LADO,
        TeamType.YOUTH_OFFENDING,
    }
)

# (role label, weight, holds a social work registration) for colleagues without sign-ins.
_CASEWORK_MIX = (
    ("Social worker", 6, True),
    ("Senior social worker", 2, True),
    ("Advanced practitioner", 1, True),
    ("Family support worker", 2, False),
    ("Business support officer", 1, False),
)
ROLE_MIX: dict[str, tuple[tuple[str, int, bool], ...]] = {
    TeamType.FRONT_DOOR: (
        ("Social worker", 4, True),
        ("Senior social worker", 1, True),
        ("Contact officer", 3, False),
        ("Business support officer", 1, False),
    ),
    TeamType.ASSESSMENT: _CASEWORK_MIX,
    TeamType.SAFEGUARDING: _CASEWORK_MIX,
    TeamType.CHILDREN_IN_CARE: _CASEWORK_MIX,
    TeamType.LEAVING_CARE: (
        ("Social worker", 2, True),
        ("Personal adviser", 5, False),
        ("Business support officer", 1, False),
    ),
    TeamType.DISABLED_CHILDREN: _CASEWORK_MIX,
    TeamType.FOSTERING: (
        ("Supervising social worker", 4, True),
        ("Assessing social worker", 2, True),
        ("Recruitment officer", 1, False),
        ("Business support officer", 1, False),
    ),
    TeamType.ADOPTION: (
        ("Adoption social worker", 4, True),
        ("Post-adoption support worker", 2, False),
        ("Business support officer", 1, False),
    ),
    TeamType.CP_CHAIRS_IRO: (
        ("Independent reviewing officer", 3, True),
        ("Child protection chair", 2, True),
        ("Business support officer", 1, False),
    ),
    TeamType.LADO: (("Designated officer (LADO)", 2, True), ("Business support officer", 1, False)),
    TeamType.COMPLAINTS: (("Complaints officer", 2, False), ("Business support officer", 1, False)),
    TeamType.YOUTH_OFFENDING: (
        ("Youth justice officer", 4, False),
        ("Social worker", 2, True),
        ("Business support officer", 1, False),
    ),
    TeamType.PLACEMENTS: (("Placements officer", 3, False), ("Commissioning officer", 1, False)),
    TeamType.PERFORMANCE: (
        ("Performance analyst", 2, False),
        ("Data officer", 2, False),
        ("System support officer", 1, False),
    ),
}


def create_demo_organisation(
    rng: random.Random, staff_per_role: int, *, colleagues_sign_in: bool = False
) -> None:
    """Areas, teams and their staff. With ``colleagues_sign_in`` (a large authority's named users)
    every registered social worker in an area casework team gets an account of their own, so
    caseloads spread as they would; otherwise only the demo's role sign-ins can sign in."""
    services_register_load()
    services = {service.code: service for service in Service.objects.all()}
    # Staff in a service of relative size 1.0 in one area: about fourteen at small scale.
    staff_per_service = min(6 * staff_per_role + 2, 80)
    teams = _create_teams(services, staff_per_service)
    registrations = _registration_numbers(rng)
    users = list(User.objects.prefetch_related("groups").order_by("pk"))
    social_worker_group = Group.objects.get(name=Role.SOCIAL_WORKER)
    managers = _place_team_manager_sign_ins(rng, users, teams, registrations)
    _place_other_sign_ins(rng, users, teams, managers, registrations)
    # Colleagues fill each team out to its share of the service's staff.
    for team in teams:
        plan = _plan_for(team)
        already = StaffMember.objects.filter(team=team).count()
        wanted = max(2, round(plan.size * staff_per_service / _teams_in(plan, staff_per_service))) - already
        signs_in = colleagues_sign_in and team.team_type in TEAM_TYPES_FOR_ROLE[Role.SOCIAL_WORKER]
        for _ in range(max(wanted, 0)):
            _add_colleague(rng, team, managers, registrations, social_worker_group if signs_in else None)


def _teams_in(plan: TeamPlan, staff_per_service: int) -> int:
    return max(1, int(plan.size * staff_per_service) // STAFF_PER_TEAM)


def _team_names(name: str, count: int) -> list[str]:
    return [name] if count == 1 else [f"{name} {number}" for number in range(1, count + 1)]


def _create_teams(services: dict[str, Service], staff_per_service: int) -> list[Team]:
    """The area teams area by area, then the authority-wide ones; a service too big for one
    team is numbered teams ("South Safeguarding 3")."""
    teams = []
    for area_name in AREA_NAMES:
        area = area_create(name=area_name)
        for plan in AREA_TEAMS:
            for name in _team_names(f"{area_name} {plan.name}", _teams_in(plan, staff_per_service)):
                teams.append(
                    team_create(
                        name=name, team_type=plan.team_type, service=services[plan.service_code], area=area
                    )
                )
    for plan in AUTHORITY_WIDE_TEAMS:
        for name in _team_names(plan.name, _teams_in(plan, staff_per_service)):
            teams.append(
                team_create(name=name, team_type=plan.team_type, service=services[plan.service_code])
            )
    return teams


def _plan_for(team: Team) -> TeamPlan:
    return next(plan for plan in AREA_TEAMS + AUTHORITY_WIDE_TEAMS if plan.team_type == team.team_type)


def _roles_of(user: User) -> set[str]:
    return {group.name for group in user.groups.all()}


def _place_team_manager_sign_ins(
    rng: random.Random, users: list[User], teams: list[Team], registrations: Iterator[str]
) -> dict[int, StaffMember]:
    """Team-manager sign-ins manage teams in order; every other team gets a manager without one."""
    manager_users = [user for user in users if Role.TEAM_MANAGER in _roles_of(user)]
    managers: dict[int, StaffMember] = {}
    for team, user in zip(teams, manager_users, strict=False):
        managers[team.pk] = _manager_create(rng, team, registrations, user=user)
    # More manager sign-ins than teams (the largest scale): the rest are assistant managers.
    for index, user in enumerate(manager_users[len(teams) :]):
        team = teams[index % len(AREA_NAMES * len(AREA_TEAMS))]
        staff_member_create(
            user=user,
            role_label="Assistant team manager",
            team=team,
            line_manager=managers[team.pk],
            registration_number=next(registrations),
            **_terms(rng),
        )
    for team in teams:
        if team.pk not in managers:
            managers[team.pk] = _manager_create(rng, team, registrations)
    return managers


def _manager_create(
    rng: random.Random, team: Team, registrations: Iterator[str], user: User | None = None
) -> StaffMember:
    social_work = team.team_type in SOCIAL_WORK_TEAM_TYPES
    manager = staff_member_create(
        user=user,
        first_name="" if user else rng.choice(FIRST_NAMES),
        last_name="" if user else rng.choice(LAST_NAMES),
        role_label="Team manager",
        team=team,
        registration_number=next(registrations) if social_work else "",
        fte=Decimal("1.00"),
        employment_type=EmploymentType.PERMANENT,
        transfer_arrangement=TransferArrangement.TRANSFERRED,
    )
    team_manager_set(team=team, manager=manager)
    return manager


def _place_other_sign_ins(
    rng: random.Random,
    users: list[User],
    teams: list[Team],
    managers: dict[int, StaffMember],
    registrations: Iterator[str],
) -> None:
    placed = {manager.user_id for manager in managers.values() if manager.user_id}
    placed |= set(StaffMember.objects.filter(user__isnull=False).values_list("user_id", flat=True))
    next_index: dict[str, int] = {}
    for user in users:
        if user.pk in placed:
            continue
        role = next((code for code in Role.values if code in _roles_of(user)), None)
        if role is None or role not in TEAM_TYPES_FOR_ROLE:
            continue
        # Take the role's teams in turn, so the first sign-in of each role is in the first team.
        candidates = [team for team in teams if team.team_type in TEAM_TYPES_FOR_ROLE[role]]
        index = next_index.get(role, 0)
        next_index[role] = index + 1
        team = candidates[index % len(candidates)]
        registered = role in {
            Role.FRONT_DOOR,
            Role.SOCIAL_WORKER,
            Role.CP_CHAIR_IRO,
            Role.FOSTERING_ADOPTION,
            Role.LADO,
        }
        staff_member_create(
            user=user,
            role_label=Role(role).label,
            team=team,
            line_manager=managers[team.pk],
            registration_number=next(registrations) if registered else "",
            **_terms(rng),
        )


def _add_colleague(
    rng: random.Random,
    team: Team,
    managers: dict[int, StaffMember],
    registrations: Iterator[str],
    sign_in_group: Group | None = None,
) -> None:
    """A colleague; a registered one gets an account in ``sign_in_group`` when one is given."""
    mix = ROLE_MIX[team.team_type]
    label, _, registered = rng.choices(mix, weights=[weight for _, weight, _ in mix])[0]
    first_name, last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    registration = next(registrations) if registered else ""
    user = None
    if registration and sign_in_group is not None:
        user = User(
            username=registration.lower(), first_name=first_name, last_name=last_name, job_title=label
        )
        user.set_unusable_password()
        user.save()
        user.groups.add(sign_in_group)
    staff_member_create(
        first_name=first_name,
        last_name=last_name,
        role_label=label,
        team=team,
        line_manager=managers[team.pk],
        registration_number=registration,
        user=user,
        **_terms(rng, support=team.team_type == TeamType.PERFORMANCE),
    )


def _terms(rng: random.Random, *, support: bool = False) -> dict:
    """FTE, employment type and how the person came to the trust, in plausible proportions."""
    draw = rng.random()
    if draw < 0.12:
        employment = EmploymentType.AGENCY
    elif draw < 0.18:
        employment = EmploymentType.FIXED_TERM
    else:
        employment = EmploymentType.PERMANENT
    fte = (
        Decimal("1.00")
        if rng.random() < 0.8
        else rng.choice([Decimal("0.5"), Decimal("0.6"), Decimal("0.8")])
    )
    if employment != EmploymentType.PERMANENT:
        transfer = TransferArrangement.RECRUITED
    elif support and rng.random() < 0.3:
        transfer = TransferArrangement.BOUGHT_BACK
    elif rng.random() < 0.2:
        transfer = TransferArrangement.RECRUITED
    else:
        transfer = TransferArrangement.TRANSFERRED
    return {"fte": fte, "employment_type": employment, "transfer_arrangement": transfer}


def _registration_numbers(rng: random.Random) -> Iterator[str]:
    """Distinct, made-up Social Work England numbers."""
    used: set[int] = set()
    while True:
        number = rng.randrange(10_000, 1_000_000)
        if number not in used:
            used.add(number)
            yield f"SW{number}"
