"""A small organisation: the register, one area with an ASTI team, and an authority-wide LADO team."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from hearth.organisation.models import Area, EmploymentType, StaffMember, Team, TeamType
from hearth.organisation.services import (
    area_create,
    services_register_load,
    staff_member_create,
    team_create,
    team_manager_set,
)


@pytest.fixture(autouse=True)
def no_caseload_counter():
    """These tests start with no caseload counter (the allocation app registers one at
    start-up) and put back whatever was registered when they finish."""
    from hearth.organisation import selectors

    registered = selectors._caseload_counter
    selectors.caseload_counter_register(None)
    yield
    selectors.caseload_counter_register(registered)


@dataclass
class Organisation:
    area: Area
    asti: Team
    lado: Team
    manager: StaffMember
    worker: StaffMember
    agency_worker: StaffMember


@pytest.fixture
def register(db) -> None:
    services_register_load()


@pytest.fixture
def organisation(register, social_worker, team_manager) -> Organisation:
    from hearth.organisation.models import Service

    area = area_create(name="North")
    asti = team_create(
        name="North ASTI", team_type=TeamType.ASSESSMENT, service=Service.objects.get(code="asti"), area=area
    )
    lado = team_create(
        name="LADO",
        team_type=TeamType.LADO,
        service=Service.objects.get(code="cp-chairs-iro-lado-disclosure"),
    )
    manager = staff_member_create(
        user=team_manager, role_label="Team manager", team=asti, registration_number="SW100001"
    )
    team_manager_set(team=asti, manager=manager)
    worker = staff_member_create(
        user=social_worker,
        role_label="Social worker",
        team=asti,
        line_manager=manager,
        fte=Decimal("0.8"),
        registration_number="sw 100 002",
    )
    agency_worker = staff_member_create(
        first_name="Kit",
        last_name="Adams",
        role_label="Social worker",
        team=asti,
        line_manager=manager,
        employment_type=EmploymentType.AGENCY,
        registration_number="SW100003",
    )
    return Organisation(area, asti, lado, manager, worker, agency_worker)
