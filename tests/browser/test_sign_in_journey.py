import re

import pytest
from playwright.sync_api import expect

from conftest import TEST_PASSWORD
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_worker_signs_in_lands_on_their_worktray_and_signs_out(page, social_worker):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    expect(page.get_by_role("heading", name="Sign in to Hearth")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Username").fill("sam.social")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Your worktray")).to_be_visible()
    expect(page.get_by_test_id("signed-in-user")).to_have_text("Sam Okafor")
    expect(page.get_by_test_id("worktray-empty")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You have signed out")).to_be_visible()
    assert_accessible(page)


def test_a_wrong_password_shows_an_error_summary_that_passes_accessibility(page, social_worker):
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("sam.social")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a correct username and password")
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    assert_accessible(page)


def test_the_error_pages_pass_accessibility(page, client, no_role_user):
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("nora.norole")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="You do not have access to this page")).to_be_visible()
    assert_accessible(page)
    page.goto("/no-such-page/")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert_accessible(page)
