import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD
from hearth.childinneed.models import Referral
from hearth.people.models import Person
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def children(db) -> list[Person]:
    """One child whose record is complete, one with no sex or ethnicity recorded."""
    complete = Person.objects.create(
        first_name="Ava",
        last_name="Stone",
        date_of_birth=date(2019, 5, 1),
        sex="F",
        ethnicity="WBRI",
        disabilities=["NONE"],
    )
    gaps = Person.objects.create(first_name="Zed", last_name="Moss", date_of_birth=date(2020, 2, 3))
    for child in (complete, gaps):
        Referral.objects.create(
            child=child,
            referral_date=date(2026, 6, 1),
            source="2A",
            no_further_action=True,
            closure_date=date(2026, 6, 1),
            closure_reason="RC7",
        )
    return [complete, gaps]


def sign_in(page: Page, username: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_the_analyst_checks_the_census_and_downloads_it(page, analyst, children):
    sign_in(page, "pat.analyst")
    page.get_by_role("link", name="Returns").click()
    expect(page.get_by_role("heading", name="Returns and data quality")).to_be_visible()
    expect(page.get_by_test_id("no-run")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Run validation now").click()
    expect(page.get_by_text(re.compile(r"CIN census 20\d\d-\d\d checked"))).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("by-rule")).to_contain_text("4180")
    expect(page.get_by_test_id("by-child")).to_contain_text("Zed Moss")
    expect(page.get_by_test_id("by-child")).not_to_contain_text("Ava Stone")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_test_id("download-cin").click()
    assert download.value.suggested_filename.startswith("cin-census-")
    content = Path(download.value.path()).read_bytes()
    assert b"<Collection>CIN</Collection>" in content
    assert f"<LAchildID>{children[1].reference}</LAchildID>".encode() in content

    page.get_by_role("link", name="Zed Moss").click()
    expect(page.get_by_role("heading", name="Data quality")).to_be_visible()
    expect(page.get_by_test_id("child-issues")).to_contain_text("Record the child's sex")
    assert_accessible(page)

    page.goto("/returns/annex-a/")
    expect(page.get_by_role("heading", name="Ofsted Annex A lists")).to_be_visible()
    assert_accessible(page)
