"""Teams and staff: who works where, who manages whom, and input that is refused."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hearth.organisation import selectors
from hearth.organisation.models import StaffMember
from hearth.organisation.services import staff_member_create


def _create(team, **fields):
    return staff_member_create(
        first_name="Lee", last_name="Ward", role_label="Social worker", team=team, **fields
    )


def test_a_registration_number_is_tidied_to_the_register_s_format(organisation):
    assert organisation.worker.registration_number == "SW100002"


@pytest.mark.parametrize("bad", ["12345", "SW", "SWE12345", "SW12-345", "HCPC12345"])
def test_a_badly_formed_registration_number_is_refused_and_nothing_saved(organisation, bad):
    before = StaffMember.objects.count()
    with pytest.raises(ValidationError) as refused:
        _create(organisation.asti, registration_number=bad)
    assert refused.value.message_dict["registration_number"] == [
        "Enter a Social Work England registration number: SW followed by numbers, like SW123456"
    ]
    assert StaffMember.objects.count() == before


def test_two_people_cannot_share_a_registration_number(organisation):
    with pytest.raises(ValidationError, match="already has this registration number"):
        _create(organisation.asti, registration_number="SW100002")


def test_staff_without_a_registration_are_allowed(organisation):
    assert _create(organisation.asti).registration_number == ""


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("0", "FTE must be more than 0, like 0.6 for three days"),
        ("1.5", "FTE must be 1 or less: 1 is full time"),
        ("-0.5", "FTE must be more than 0, like 0.6 for three days"),
        ("most days", "Enter the FTE as a number, like 1 for full time or 0.6 for three days"),
    ],
)
def test_an_impossible_fte_is_refused_with_a_clear_message_and_nothing_saved(organisation, bad, message):
    before = StaffMember.objects.count()
    with pytest.raises(ValidationError) as refused:
        _create(organisation.asti, fte=bad)
    assert message in refused.value.message_dict["fte"]
    assert StaffMember.objects.count() == before


def test_a_part_time_fte_is_kept(organisation):
    assert organisation.worker.fte == Decimal("0.80")


def test_a_worker_s_team_is_found_from_their_sign_in(organisation, social_worker, analyst):
    assert selectors.team_for_user(social_worker) == organisation.asti
    assert selectors.team_for_user(analyst) is None


def test_team_members_list_the_manager_first(organisation):
    members = selectors.team_members(organisation.asti)
    assert members[0] == organisation.manager
    assert set(members) == {organisation.manager, organisation.worker, organisation.agency_worker}


def test_a_manager_s_teams_are_found_from_their_sign_in(organisation, team_manager, social_worker):
    assert list(selectors.teams_managed_by(team_manager)) == [organisation.asti]
    assert list(selectors.teams_managed_by(social_worker)) == []


def test_staff_take_their_name_from_their_sign_in(organisation):
    assert organisation.worker.full_name == "Sam Okafor"


def test_caseloads_are_not_counted_until_an_app_offers_a_counter(organisation):
    members = selectors.team_members(organisation.asti)
    assert selectors.team_caseloads(members) is None
    selectors.caseload_counter_register(lambda staff: {member.pk: 3 for member in staff})
    try:
        assert selectors.team_caseloads(members) == {member.pk: 3 for member in members}
    finally:
        selectors.caseload_counter_register(None)
