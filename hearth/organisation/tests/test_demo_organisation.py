"""The demo authority's organisation: every sign-in has a place in a team that fits their role."""

import pytest
from django.core.management import call_command

from hearth.accounts.models import User
from hearth.organisation.models import Area, StaffMember, Team, TeamType


def _generate(seed=3):
    call_command("generate_demo_authority", "--scale", "tiny", "--seed", str(seed), "--no-progress")


@pytest.mark.django_db(transaction=True)
def test_every_demo_sign_in_works_in_a_fitting_team():
    _generate()
    assert Area.objects.count() == 3
    assert not User.objects.filter(staff_member__isnull=True).exists()
    assert StaffMember.objects.get(user__username="frontdoor").team.team_type == TeamType.FRONT_DOOR
    assert StaffMember.objects.get(user__username="lado").team.team_type == TeamType.LADO
    assert Team.objects.get(manager__user__username="teammanager").team_type == TeamType.ASSESSMENT
    assert not Team.objects.filter(manager__isnull=True).exists()
    assert StaffMember.objects.filter(user__isnull=True).count() > 100


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_gives_the_same_staff():
    def snapshot():
        return list(
            StaffMember.objects.order_by(
                "team__name", "last_name", "first_name", "registration_number"
            ).values_list("first_name", "last_name", "team__name", "role_label", "fte", "registration_number")
        )

    _generate(seed=5)
    first = snapshot()
    call_command("flush", interactive=False, verbosity=0)
    _generate(seed=5)
    assert snapshot() == first
