import re
from datetime import date

import pytest
from playwright.sync_api import expect

from conftest import TEST_PASSWORD
from hearth.people.models import Person
from hearth.people.services import person_create
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("sam.social")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your worktray")).to_be_visible()


def test_a_worker_searches_is_warned_of_a_likely_duplicate_and_creates_a_new_person(page, social_worker):
    person_create(
        by=social_worker, first_name="Mohammed", last_name="Thompson", date_of_birth=date(2015, 4, 1), sex="M"
    )
    sign_in(page)

    page.get_by_role("link", name="Find a person").first.click()
    expect(page.get_by_role("heading", name="Find a person")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Name").fill("Thomson Muhammad")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 person found")).to_be_visible()
    expect(page.get_by_test_id("search-results")).to_contain_text("Mohammed Thompson")
    expect(page.get_by_test_id("search-results")).to_contain_text("1 Apr 2015")
    assert_accessible(page)

    page.get_by_role("link", name="Create a new person").click()
    expect(page.get_by_role("heading", name="Create a new person")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("First name").fill("Muhammad")
    page.get_by_label("Last name").fill("Thomson")
    page.get_by_label("Day").first.fill("1")
    page.get_by_label("Month").first.fill("4")
    page.get_by_label("Year").first.fill("2015")
    page.get_by_label("Male", exact=True).check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_test_id("duplicate-warning")).to_contain_text("These might be the same person")
    expect(page.get_by_test_id("duplicates")).to_contain_text("Mohammed Thompson")
    expect(page).to_have_title(re.compile(r"^Check for duplicates"))
    assert Person.objects.count() == 1
    assert_accessible(page)

    page.get_by_role("button", name="None of these – create a new record").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Muhammad Thomson was added")
    assert Person.objects.count() == 2
    assert_accessible(page)


def test_a_form_with_mistakes_shows_an_error_summary_that_passes_accessibility(page, social_worker):
    sign_in(page)
    page.goto("/people/new/")
    page.get_by_label("NHS number (optional)").fill("943 476 5910")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter their last name")
    expect(page.locator(".govuk-error-summary")).to_contain_text("check digit")
    expect(page).to_have_title(re.compile(r"^Error: Create a new person"))
    assert not Person.objects.exists()
    assert_accessible(page)
