"""A worker opens a child's record, changes a detail, adds a relationship, and reads the
family network and the history; every page passes the accessibility check."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from conftest import TEST_PASSWORD
from hearth.people.models import PersonType
from hearth.people.services import address_add, person_create, relationship_add
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_worker_keeps_a_childs_record_up_to_date(page, social_worker):
    sam = person_create(
        by=social_worker, first_name="Sam", last_name="Jones", date_of_birth=date(2015, 4, 1), sex="M"
    )
    jo = person_create(by=social_worker, person_type=PersonType.ADULT, first_name="Jo", last_name="Jones")
    address_add(
        person=sam,
        by=social_worker,
        line_1="1 High Street",
        town="Birmingham",
        postcode="B15 2TT",
        start_date=date(2020, 1, 1),
    )

    page.goto(f"/people/{sam.pk}/")
    page.get_by_label("Username").fill("sam.social")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Sam Jones", level=1)).to_be_visible()
    expect(page.get_by_test_id("child-banner")).to_contain_text(f"Hearth ID {sam.reference}")
    expect(page.get_by_role("link", name="Summary", exact=True)).to_have_attribute("aria-current", "page")
    assert_accessible(page)

    page.get_by_role("link", name="Change Sam Jones's details").click()
    expect(page.get_by_role("heading", name="Change details")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("NHS number").fill("943 476 591")
    page.get_by_role("button", name="Save changes").click()
    expect(page).to_have_title(re.compile(r"^Error: Change details"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter an NHS number of 10 digits")
    assert_accessible(page)
    page.get_by_label("NHS number").fill("943 476 5919")
    page.get_by_label("Ethnicity").select_option(label="Black African")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_test_id("nhs-number")).to_have_text("943 476 5919")
    expect(page.get_by_test_id("person-details")).to_contain_text("Black African")

    page.get_by_role("link", name="Family network", exact=True).click()
    expect(page.get_by_test_id("network-empty")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add a relationship").click()
    assert_accessible(page)
    page.get_by_label("Hearth ID of the relative").fill(jo.reference)
    page.get_by_label("What they are to Sam Jones").select_option(label="Mother")
    page.get_by_label("They live in the same household").check()
    page.get_by_role("button", name="Add relationship").click()
    expect(page.get_by_test_id("network-list")).to_contain_text("Jo Jones")
    expect(page.get_by_test_id("network-list")).to_contain_text("Mother")
    expect(page.get_by_test_id("network-picture")).to_be_visible()
    assert_accessible(page)

    page.get_by_test_id("network-list").get_by_role("link", name="Jo Jones", exact=True).click()
    page.get_by_role("link", name="Family network", exact=True).click()
    expect(page.get_by_test_id("network-list")).to_contain_text("Sam Jones")
    expect(page.get_by_test_id("network-list")).to_contain_text("Child")

    page.goto(f"/people/{sam.pk}/addresses/")
    expect(page.get_by_test_id("address-history")).to_contain_text("1 High Street")
    assert_accessible(page)

    page.get_by_role("link", name="History", exact=True).click()
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("Sam Okafor")
    expect(history).to_contain_text("Black African")
    expect(history).to_contain_text("Relationship: Jo Jones, mother")
    assert_accessible(page)


def test_a_worker_adds_an_alias_ends_an_address_and_ends_a_relationship(page, social_worker):
    sam = person_create(
        by=social_worker, first_name="Sam", last_name="Jones", date_of_birth=date(2015, 4, 1), sex="M"
    )
    jo = person_create(by=social_worker, person_type=PersonType.ADULT, first_name="Jo", last_name="Jones")
    person_create(
        by=social_worker,
        person_type=PersonType.ADULT,
        first_name="Lee",
        last_name="Jones",
        date_of_birth=date(1988, 7, 9),
    )
    relationship_add(person=sam, relative=jo, kind="mother", by=social_worker, start_date=date(2015, 4, 1))
    address_add(
        person=sam,
        by=social_worker,
        line_1="1 High Street",
        town="Birmingham",
        postcode="B15 2TT",
        start_date=date(2020, 1, 1),
    )

    page.goto(f"/people/{sam.pk}/")
    page.get_by_label("Username").fill("sam.social")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # Another name, found by search afterwards.
    page.get_by_role("link", name="Add a previous name or alias").click()
    expect(page.get_by_role("heading", name="Add a previous name or alias")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Also known as").check()
    page.get_by_role("button", name="Save name").click()
    expect(page).to_have_title(re.compile(r"^Error: Add a previous name or alias"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a first name or a last name")
    assert_accessible(page)
    page.get_by_label("First name").fill("Sammy")
    page.get_by_label("Last name").fill("Brooks")
    page.get_by_role("button", name="Save name").click()
    expect(page.get_by_test_id("other-names")).to_contain_text("Sammy Brooks")
    assert_accessible(page)
    page.goto("/people/search/?name=Sammy+Brooks")
    expect(page.get_by_test_id("search-results")).to_contain_text("Sam Jones")

    # They moved out: a date before they moved in is refused, then the right one saved.
    page.goto(f"/people/{sam.pk}/addresses/")
    page.get_by_role("link", name="They moved out of 1 High Street").click()
    expect(page.get_by_role("heading", name="They moved out")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2019")
    page.get_by_role("button", name="Save the date they moved out").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("on or after the date they moved in")
    assert_accessible(page)
    page.get_by_label("Year").fill("2024")
    page.get_by_role("button", name="Save the date they moved out").click()
    expect(page.get_by_test_id("address-history")).to_contain_text("31 Dec 2024")
    expect(page.get_by_role("link", name="They moved out of 1 High Street")).to_have_count(0)
    assert_accessible(page)

    # A relative chosen by searching for them.
    page.get_by_role("link", name="Family network", exact=True).click()
    page.get_by_role("link", name="Add a relationship").click()
    page.get_by_label("Name", exact=True).fill("Lee Jones")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_test_id("relative-results-count")).to_contain_text("1 person found")
    assert_accessible(page)
    page.get_by_label("Lee Jones").check()
    page.get_by_label("What they are to Sam Jones").select_option(label="Father")
    page.get_by_role("button", name="Add relationship").click()
    expect(page.get_by_test_id("network-list")).to_contain_text("Lee Jones")
    assert_accessible(page)

    # Ending a relationship: it stays in the list as ended and leaves the picture.
    page.get_by_role("link", name="End this relationship with Jo Jones").click()
    expect(page.get_by_role("heading", name="End this relationship")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2015")
    page.get_by_role("button", name="End this relationship").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("on or after the date it started")
    assert_accessible(page)
    page.get_by_label("Year").fill("2024")
    page.get_by_role("button", name="End this relationship").click()
    expect(page.get_by_test_id("network-list")).to_contain_text("Ended 1 Mar 2024")
    expect(page.get_by_test_id("network-picture")).not_to_contain_text("Jo Jones")
    expect(page.get_by_test_id("network-picture")).to_contain_text("Lee Jones")
    assert_accessible(page)

    page.get_by_role("link", name="History", exact=True).click()
    expect(page.get_by_test_id("history")).to_contain_text("Other name: Sammy Brooks")
    assert_accessible(page)
