import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD
from hearth.audit.services import person_restrict
from hearth.people.services import person_create
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Police called the out-of-hours team about this child"


def sign_in(page: Page, username: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your worktray")).to_be_visible()


def test_a_worker_gives_a_reason_to_open_a_restricted_record_and_a_manager_sees_the_flag(
    page, social_worker, another_social_worker, team_manager
):
    child = person_create(
        by=social_worker, first_name="Riley", last_name="Marsh", date_of_birth=date(2015, 3, 14)
    )
    person_restrict(
        person=child, by=team_manager, named_users=[social_worker], reason="Relative on the staff"
    )

    sign_in(page, "kim.social")
    page.goto(f"/people/{child.pk}/")
    expect(page).to_have_url(re.compile(rf"/audit/restricted/{child.pk}/$"))
    expect(page.get_by_role("heading", name="This record is restricted")).to_be_visible()
    expect(page.get_by_test_id("restricted-reference")).to_contain_text(child.reference)
    expect(page.locator("main")).not_to_contain_text("Marsh")
    assert_accessible(page)

    page.get_by_role("button", name="Open the record").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you need to open this record")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)

    page.get_by_label("Why do you need to open this record?").fill(REASON)
    page.get_by_role("button", name="Open the record").click()
    expect(page).to_have_url(re.compile(rf"/people/{child.pk}/$"))
    expect(page.get_by_role("heading", name="Riley Marsh")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "tara.manager")
    page.get_by_role("link", name="1 restricted-record opening to review").click()
    expect(page.get_by_role("heading", name="Restricted records opened with a reason")).to_be_visible()
    expect(page.get_by_test_id("overrides")).to_contain_text(REASON)
    expect(page.get_by_test_id("overrides")).to_contain_text("Kim Shah")
    assert_accessible(page)

    page.get_by_role("button", name=re.compile("^Mark as reviewed")).click()
    expect(page.get_by_test_id("overrides-empty")).to_be_visible()
    assert_accessible(page)


def test_a_manager_sees_who_has_viewed_a_record_and_manages_its_restriction(
    page, social_worker, team_manager
):
    child = person_create(
        by=social_worker, first_name="Riley", last_name="Marsh", date_of_birth=date(2015, 3, 14)
    )

    sign_in(page, "tara.manager")
    page.goto(f"/people/{child.pk}/")
    page.get_by_role("link", name="Who has viewed").click()
    expect(page.get_by_role("heading", name="Who has viewed this record")).to_be_visible()
    expect(page.get_by_test_id("access-log")).to_contain_text("Tara Reid")
    assert_accessible(page)

    page.get_by_role("link", name="Restriction settings for this record").click()
    expect(page.get_by_test_id("restriction-status")).to_contain_text("not restricted")
    assert_accessible(page)
    page.get_by_role("button", name="Restrict this record").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why this record is being restricted")
    assert_accessible(page)
    page.get_by_label("Why is this record being restricted?").fill(
        "Adopted child: the birth family must not find them"
    )
    page.get_by_role("button", name="Restrict this record").click()
    expect(page.get_by_test_id("restriction-status")).to_contain_text("Restricted")

    page.get_by_label("Add someone who may open this record").select_option(label="Sam Okafor (sam.social)")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_test_id("named-users")).to_contain_text("Sam Okafor")
    assert_accessible(page)
