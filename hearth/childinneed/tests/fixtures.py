"""Children, a contact and an organisation shared by the journey apps' tests
(frontdoor, earlyhelp, childinneed, allocation): each app's conftest imports them."""

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from django.utils import timezone

from hearth.organisation.models import Service, StaffMember, Team, TeamType
from hearth.organisation.services import (
    area_create,
    services_register_load,
    staff_member_create,
    team_create,
    team_manager_set,
)
from hearth.people.models import Person, PersonType
from hearth.people.services import person_create


def local(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, minute))


@pytest.fixture
def child(db, social_worker) -> Person:
    return person_create(
        by=social_worker, first_name="Ava", last_name="Stone", date_of_birth=date(2018, 5, 1), sex="F"
    )


@pytest.fixture
def sibling(db, social_worker) -> Person:
    return person_create(
        by=social_worker, first_name="Leo", last_name="Stone", date_of_birth=date(2020, 2, 3), sex="M"
    )


@pytest.fixture
def mother(db, social_worker) -> Person:
    return person_create(
        by=social_worker,
        person_type=PersonType.ADULT,
        first_name="Jade",
        last_name="Stone",
        date_of_birth=date(1994, 7, 9),
        sex="F",
    )


@pytest.fixture
def unborn(db, social_worker) -> Person:
    return person_create(
        by=social_worker,
        person_type=PersonType.UNBORN,
        last_name="Stone",
        expected_date_of_birth=date(2027, 3, 1),
        sex="U",
    )


@dataclass
class Teams:
    assessment: Team
    safeguarding: Team
    manager: StaffMember
    worker: StaffMember
    safeguarding_worker: StaffMember


@pytest.fixture
def teams(db, social_worker, another_social_worker, team_manager) -> Teams:
    services_register_load()
    area = area_create(name="South")
    service = Service.objects.get(code="asti")
    assessment = team_create(name="South ASTI", team_type=TeamType.ASSESSMENT, service=service, area=area)
    safeguarding = team_create(
        name="South Safeguarding", team_type=TeamType.SAFEGUARDING, service=service, area=area
    )
    manager = staff_member_create(user=team_manager, role_label="Team manager", team=assessment)
    team_manager_set(team=assessment, manager=manager)
    worker = staff_member_create(user=social_worker, role_label="Social worker", team=assessment)
    safeguarding_worker = staff_member_create(
        user=another_social_worker, role_label="Social worker", team=safeguarding
    )
    return Teams(assessment, safeguarding, manager, worker, safeguarding_worker)
