"""An adoption in the browser: a child in care gets the decision that they should be placed for
adoption, a placement order, a match, is placed with the adopters and adopted; the period of
care then shows as ended with the adoption reason.

The child comes into care through the children-in-care service; every date is in the past.
"""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD
from hearth.childrenincare.services import period_of_care_start
from hearth.people.services import person_create
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def child_in_care(social_worker):
    today = timezone.localdate()
    child = person_create(
        by=social_worker,
        first_name="Ruby",
        last_name="Hart",
        date_of_birth=today - timedelta(days=3 * 365),
        sex="F",
    )
    period_of_care_start(
        child=child,
        start_date=today - timedelta(days=400),
        legal_status="C2",
        placement={
            "placement_type": "U6",
            "provider": "PR1",
            "carer_name": "Ann and Joe Price",
            "postcode": "B15 2TT",
            "ofsted_urn": "SC123456",
        },
        category_of_need="N1",
        by=social_worker,
    )
    return child


def sign_in(page: Page, username: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your worktray")).to_be_visible()


def fill_date(page: Page, legend: str, day: date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def open_step(page: Page, button: str, heading: str) -> None:
    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    assert_accessible(page)


def saved(page: Page, message: str) -> None:
    expect(page.get_by_role("heading", name="Permanence", exact=True)).to_be_visible()
    expect(
        page.locator(".govuk-notification-banner, .govuk-panel, [role=alert], [role=status]").first
    ).to_contain_text(message)
    assert_accessible(page)


def test_a_child_in_care_is_placed_for_adoption_and_adopted(page, child_in_care, fostering_adoption_worker):
    today = timezone.localdate()
    sign_in(page, "fay.adoption")
    page.goto(f"/children/{child_in_care.pk}/permanence/")
    expect(page.get_by_role("heading", name="Permanence", exact=True)).to_be_visible()
    assert_accessible(page)

    open_step(
        page, "Record a should-be-placed decision", "Decision that the child should be placed for adoption"
    )
    fill_date(page, "Date of the agency decision maker's decision", today - timedelta(days=300))
    page.get_by_role("button", name="Record decision").click()
    saved(page, "The decision was recorded")

    open_step(page, "Record authority to place", "Authority to place for adoption")
    page.get_by_label("Placement order granted by the court").check()
    fill_date(page, "Date granted or given", today - timedelta(days=250))
    page.get_by_role("button", name="Record authority").click()
    saved(page, "The authority to place was recorded")

    open_step(page, "Record match", "Match with adopters")
    fill_date(page, "Date of the match", today - timedelta(days=150))
    page.get_by_label("Adopters' names").fill("Dee and Rob Lane")
    page.get_by_label("Two").check()
    page.get_by_label("Sex of the adopter or adopters").select_option("MF")
    page.get_by_label("Adopters' legal status").select_option("L11")
    page.get_by_role("group", name="Are the adopters the child's current foster carers?").get_by_label(
        "No"
    ).check()
    page.get_by_role("button", name="Record match").click()
    saved(page, "The match was recorded")

    open_step(page, "Record placed for adoption", "Placed for adoption")
    fill_date(page, "Date the child moved in with the adopters", today - timedelta(days=120))
    page.get_by_label("Adoption agency (placement provider)").select_option("PR1")
    page.get_by_role("button", name="Record placement").click()
    saved(page, "The child is placed for adoption")
    expect(page.get_by_test_id("adoption-timeliness")).to_contain_text("Within 426 days")

    open_step(page, "Record adoption order", "Adoption order")
    fill_date(page, "Date of the adoption order", today - timedelta(days=10))
    page.get_by_label("E12: consent dispensed with by the court").check()
    page.get_by_role("button", name="Record adoption order").click()
    saved(page, "The adoption order was recorded")
    expect(page.get_by_test_id("adoption-stage")).to_have_text("Adopted")
    expect(page.get_by_test_id("adoption-order")).to_contain_text("E12")

    page.goto(f"/children/{child_in_care.pk}/care/")
    period = page.get_by_test_id("period-of-care").first
    expect(period).to_contain_text(re.compile(r"Period of care from .* to "))
    expect(period).to_contain_text("E12")
    assert_accessible(page)
