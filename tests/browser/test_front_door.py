"""A front-door worker records a contact about a child already known to Hearth, a team manager
signs off the referral, and the referral shows on the child's record."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD
from hearth.people.services import person_create
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def known_child(social_worker):
    return person_create(
        by=social_worker, first_name="Ava", last_name="Stone", date_of_birth=date(2018, 5, 1), sex="F"
    )


def sign_in(page: Page, username: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_contact_becomes_a_referral_on_the_childs_record(
    page, front_door_worker, team_manager, known_child
):
    yesterday = date.today() - timedelta(days=1)

    sign_in(page, "fran.frontdoor")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Front door").click()
    expect(page.get_by_role("heading", name="Front door", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record a contact").click()
    page.get_by_role("button", name="Save and add the people involved").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the concerns")
    assert_accessible(page)

    page.get_by_label("Day").fill(str(yesterday.day))
    page.get_by_label("Month").fill(str(yesterday.month))
    page.get_by_label("Year").fill(str(yesterday.year))
    page.get_by_label("Time received").fill("10:20")
    page.get_by_label("Where the contact came from").select_option("2A")
    page.get_by_label("Name of the person who made contact").fill("Ms Hill")
    page.get_by_label("Concerns").fill("Ava came to school with bruising on her arm.")
    page.get_by_role("button", name="Save and add the people involved").click()

    expect(page.get_by_role("heading", name="People involved")).to_be_visible()
    page.get_by_label("Name, date of birth or NHS number").fill("Ava Stone")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_test_id("search-results")).to_contain_text("Ava Stone")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"^Child the contact is about\s*for Ava Stone")).click()
    expect(page.get_by_test_id("contact-people")).to_contain_text("Ava Stone")
    page.get_by_role("link", name="Continue to the contact").click()

    expect(page.get_by_test_id("contact-clock")).to_contain_text("Decide by")
    assert_accessible(page)
    page.get_by_role("link", name="Decide the response").click()
    page.get_by_label("Referral to children's social care").check()
    page.get_by_label("Reasons for the decision").fill("Unexplained injury to a child of eight.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("decision")).to_have_text("Referral to children's social care")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "tara.manager")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Front door").click()
    awaiting = page.get_by_test_id("awaiting-sign-off")
    expect(awaiting).to_contain_text("Ava Stone")
    awaiting.get_by_role("link").first.click()
    page.get_by_role("link", name="Sign off the decision").click()
    expect(page.get_by_role("heading", name="Sign off the decision")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Primary need (optional)").select_option("N1")
    page.get_by_role("button", name="Sign off the decision").click()

    expect(page.get_by_test_id("signed-off")).to_contain_text("Tara Reid")
    page.get_by_test_id("referrals-made").get_by_role("link").click()
    expect(page.get_by_role("heading", name=f"Referral on {yesterday:%-d %B %Y}")).to_be_visible()
    expect(page.get_by_test_id("referral-status")).to_contain_text("Open")
    assert_accessible(page)

    page.get_by_role("link", name="Referrals and plans", exact=True).click()
    expect(page.get_by_test_id("episode")).to_contain_text("N1")
    assert_accessible(page)
