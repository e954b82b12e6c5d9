"""Fixtures shared by every test: a fixed cast of staff, one per role."""

import pytest

from hearth.accounts.models import User
from hearth.accounts.roles import Role
from hearth.accounts.services import staff_roles_set

TEST_PASSWORD = "correct-horse-battery-staple"


def make_staff(username: str, *roles: str, **fields) -> User:
    user = User.objects.create_user(username=username, password=TEST_PASSWORD, **fields)
    staff_roles_set(user=user, roles=list(roles))
    return user


@pytest.fixture
def social_worker(db) -> User:
    return make_staff("sam.social", Role.SOCIAL_WORKER, first_name="Sam", last_name="Okafor")


@pytest.fixture
def team_manager(db) -> User:
    return make_staff("tara.manager", Role.TEAM_MANAGER, first_name="Tara", last_name="Reid")


@pytest.fixture
def front_door_worker(db) -> User:
    return make_staff("fran.frontdoor", Role.FRONT_DOOR, first_name="Fran", last_name="Ellis")


@pytest.fixture
def another_social_worker(db) -> User:
    return make_staff("kim.social", Role.SOCIAL_WORKER, first_name="Kim", last_name="Shah")


@pytest.fixture
def another_team_manager(db) -> User:
    return make_staff("max.manager", Role.TEAM_MANAGER, first_name="Max", last_name="Doyle")


@pytest.fixture
def cp_chair(db) -> User:
    return make_staff("chris.chair", Role.CP_CHAIR_IRO, first_name="Chris", last_name="Adebayo")


@pytest.fixture
def analyst(db) -> User:
    return make_staff("pat.analyst", Role.PERFORMANCE, first_name="Pat", last_name="Moore")


@pytest.fixture
def administrator(db) -> User:
    return make_staff("ada.admin", Role.ADMINISTRATOR, first_name="Ada", last_name="Lowe")


@pytest.fixture
def no_role_user(db) -> User:
    """Someone with an account but no role: they may sign in and see nothing."""
    return make_staff("nora.norole")


@pytest.fixture
def fostering_adoption_worker(db) -> User:
    return make_staff("fay.adoption", Role.FOSTERING_ADOPTION, first_name="Fay", last_name="Osei")
