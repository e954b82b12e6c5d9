import re

import pytest
from playwright.sync_api import expect

from conftest import TEST_PASSWORD
from hearth.organisation.models import Service, TeamType
from hearth.organisation.services import (
    area_create,
    services_register_load,
    staff_member_create,
    team_create,
    team_manager_set,
)
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def safeguarding_team(social_worker, team_manager):
    services_register_load()
    team = team_create(
        name="South Safeguarding",
        team_type=TeamType.SAFEGUARDING,
        service=Service.objects.get(code="safeguarding"),
        area=area_create(name="South"),
    )
    manager = staff_member_create(user=team_manager, role_label="Team manager", team=team)
    team_manager_set(team=team, manager=manager)
    staff_member_create(user=social_worker, role_label="Social worker", team=team, line_manager=manager)
    return team


def test_a_worker_reads_the_services_register_filters_it_and_opens_a_team(page, safeguarding_team):
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("sam.social")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organisation").click()
    expect(page.get_by_role("heading", name="Organisation", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="services register").click()
    expect(page.get_by_role("heading", name="Services register")).to_be_visible()
    expect(page.get_by_test_id("register-table")).to_contain_text("Adoption")
    assert_accessible(page)

    page.get_by_label("Scope status").select_option(label="Out of scope")
    page.get_by_role("button", name="Apply filters").click()
    table = page.get_by_test_id("register-table")
    expect(table).to_contain_text("Education Services")
    expect(table).not_to_contain_text("Adoption")
    assert_accessible(page)

    page.get_by_label("Scope status").select_option(label="All statuses")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("9")
    page.get_by_label("Year").fill("2016")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_test_id("register-summary")).to_contain_text("as it stood on 1 September 2016")
    page.get_by_role("link", name="Disabled Children's Social Care").click()
    expect(page.get_by_test_id("scope-history")).to_contain_text("Under further consideration")
    assert_accessible(page)

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Organisation").click()
    page.get_by_role("link", name="South Safeguarding").click()
    expect(page).to_have_url(re.compile(rf"/organisation/teams/{safeguarding_team.pk}/$"))
    members = page.get_by_test_id("team-members")
    expect(members).to_contain_text("Sam Okafor")
    expect(members).to_contain_text("Tara Reid")
    assert_accessible(page)

    page.get_by_role("link", name="Sam Okafor").click()
    expect(page.get_by_role("heading", name="Sam Okafor")).to_be_visible()
    assert_accessible(page)
