"""A large authority's staff sign in by name; a small demo keeps to its role sign-ins."""

import random

import pytest

from hearth.accounts.roles import Role
from hearth.demo.organisation import create_demo_organisation
from hearth.demo.staff import create_demo_staff
from hearth.organisation.models import StaffMember, Team, TeamType

pytestmark = pytest.mark.django_db

AREA_CASEWORK = [TeamType.ASSESSMENT, TeamType.SAFEGUARDING, TeamType.CHILDREN_IN_CARE]
SOCIAL_WORK_LABELS = ["Social worker", "Senior social worker", "Advanced practitioner"]


def _build(colleagues_sign_in: bool) -> None:
    rng = random.Random(3)
    create_demo_staff(rng, 1)
    create_demo_organisation(rng, 1, colleagues_sign_in=colleagues_sign_in)


def test_every_registered_area_social_worker_signs_in_at_a_large_authority():
    _build(colleagues_sign_in=True)
    registered = StaffMember.objects.filter(
        team__team_type__in=AREA_CASEWORK, role_label__in=SOCIAL_WORK_LABELS
    ).exclude(registration_number="")
    assert registered.count() > 10
    assert not registered.filter(user__isnull=True).exists()
    assert set(registered.values_list("user__groups__name", flat=True).distinct()) >= {Role.SOCIAL_WORKER}
    # Unregistered colleagues (family support, business support) still have no account.
    assert (
        StaffMember.objects.filter(registration_number="", user__isnull=False)
        .filter(team__team_type__in=AREA_CASEWORK)
        .count()
        < StaffMember.objects.filter(team__team_type__in=AREA_CASEWORK, registration_number="").count()
    )


def test_a_small_demo_gives_accounts_only_to_its_role_sign_ins():
    _build(colleagues_sign_in=False)
    registered = StaffMember.objects.filter(
        team__team_type__in=AREA_CASEWORK, role_label__in=SOCIAL_WORK_LABELS
    ).exclude(registration_number="")
    assert registered.filter(user__isnull=True).count() > registered.filter(user__isnull=False).count()


def test_a_large_service_is_several_teams_of_about_a_dozen():
    rng = random.Random(3)
    create_demo_staff(rng, 4)
    # Four sign-ins a role: 26 staff a service in each area, so two teams of each kind.
    create_demo_organisation(rng, 4)
    safeguarding = Team.objects.filter(team_type=TeamType.SAFEGUARDING, area__name="South").order_by("name")
    assert list(safeguarding.values_list("name", flat=True)) == [
        "South Safeguarding 1",
        "South Safeguarding 2",
    ]
    sizes = [StaffMember.objects.filter(team=team).count() for team in safeguarding]
    assert all(10 <= size <= 18 for size in sizes), sizes
    # Every team has a manager of its own.
    assert not Team.objects.filter(manager__isnull=True).exists()
