"""A child in care in the browser: a social worker brings the child into care, moves the
placement, the IRO holds the first review, and the Care tab shows the timelines and the
SSDA903 episodes worked out from them. The whole journey of the issue then runs on to an
adoption order through the permanence pages, ending the period of care.

Dates are a few weeks before today, so every step is in the past (the services refuse future
dates).
"""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD
from hearth.people.services import person_create
from tests.browser.conftest import assert_accessible
from tests.browser.test_adoption_journey import open_step, saved

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def child(social_worker):
    return person_create(
        by=social_worker, first_name="Mia", last_name="Cole", date_of_birth=date(2016, 9, 12), sex="F"
    )


def sign_in(page: Page, username: str) -> None:
    page.context.clear_cookies()
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


def test_a_child_comes_into_care_moves_placement_and_has_their_first_review(
    page, child, social_worker, cp_chair
):
    today = timezone.localdate()
    came_in, moved, reviewed = (
        today - timedelta(days=30),
        today - timedelta(days=12),
        today - timedelta(days=5),
    )
    care_page = f"/children/{child.pk}/care/"

    sign_in(page, "sam.social")
    page.goto(care_page)
    expect(page.get_by_role("heading", name="Care", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Bring into care").click()
    expect(page.get_by_role("heading", name="Bring into care")).to_be_visible()
    # Submitting with nothing filled in shows the GOV.UK error summary.
    page.get_by_role("button", name="Bring into care").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the legal status")
    expect(page).to_have_title(re.compile(r"^Error: Bring into care"))
    assert_accessible(page)

    fill_date(page, "Date the child came into care", came_in)
    page.get_by_label("Legal status").select_option("C1")
    page.get_by_label("Category of need").select_option("N1")
    page.get_by_label("Referral source").select_option("10")
    page.get_by_label("Postcode of the home the child was living in").fill("B12 9QS")
    page.get_by_label("Placement type").select_option("U6")
    page.get_by_label("Placement provider").select_option("PR1")
    page.get_by_label("Carer or setting").fill("Jan and Lee Harris")
    page.get_by_label("Postcode of the placement").fill("B15 2TT")
    page.get_by_label("Ofsted URN").fill("SC123456")
    page.get_by_role("button", name="Bring into care").click()
    expect(page.get_by_text("Mia Cole is now looked after")).to_be_visible()
    expect(page.get_by_test_id("care-due")).to_contain_text("Statutory visit")
    assert_accessible(page)

    page.get_by_role("button", name="Move placement").click()
    fill_date(page, "Date of the move", moved)
    page.get_by_label("Reason the placement changed").select_option("CREQB")
    page.get_by_label("Placement type").select_option("K2")
    page.get_by_label("Placement provider").select_option("PR4")
    page.get_by_label("Carer or setting").fill("Oakfield House")
    page.get_by_label("Postcode of the placement").fill("B29 6BD")
    page.get_by_label("Ofsted URN").fill("SC654321")
    assert_accessible(page)
    page.get_by_role("button", name="Move placement").click()
    expect(page.get_by_text("The placement was changed")).to_be_visible()
    expect(page.get_by_test_id("placements")).to_contain_text("Oakfield House")

    sign_in(page, "chris.chair")
    page.goto(care_page)
    page.get_by_role("button", name="Hold a review").click()
    fill_date(page, "Date of the review", reviewed)
    page.get_by_label("Independent reviewing officer who chaired it").select_option(label="Chris Adebayo")
    page.get_by_label("PN1: Child attends and speaks for themselves").check()
    page.get_by_label("Decisions").fill("Stay at Oakfield House; contact with mum fortnightly.")
    assert_accessible(page)
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_text("The review was saved")).to_be_visible()
    expect(page.get_by_test_id("reviews")).to_contain_text("Chris Adebayo")

    episodes = page.get_by_test_id("episodes")
    rows = episodes.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(f"{came_in:%d/%m/%Y}")
    expect(rows.nth(0)).to_contain_text("CREQB")
    expect(rows.nth(1)).to_contain_text("K2")
    expect(rows.nth(1).locator("td").nth(1)).to_have_text("P")
    assert_accessible(page)


def test_a_child_is_brought_into_care_moved_reviewed_and_adopted(
    page, social_worker, cp_chair, fostering_adoption_worker
):
    today = timezone.localdate()
    child = person_create(
        by=social_worker,
        first_name="Ruby",
        last_name="Hart",
        date_of_birth=today - timedelta(days=3 * 365),
        sex="F",
    )
    care_page = f"/children/{child.pk}/care/"

    # The social worker brings Ruby into care under an interim care order, in foster care.
    sign_in(page, "sam.social")
    page.goto(care_page)
    assert_accessible(page)
    page.get_by_role("button", name="Bring into care").click()
    expect(page.get_by_role("heading", name="Bring into care")).to_be_visible()
    assert_accessible(page)
    fill_date(page, "Date the child came into care", today - timedelta(days=420))
    page.get_by_label("Legal status").select_option("C1")
    page.get_by_label("Category of need").select_option("N1")
    page.get_by_label("Referral source").select_option("10")
    page.get_by_label("Placement type").select_option("U6")
    page.get_by_label("Placement provider").select_option("PR1")
    page.get_by_label("Carer or setting").fill("Ann and Joe Price")
    page.get_by_label("Postcode of the placement").fill("B15 2TT")
    page.get_by_label("Ofsted URN").fill("SC123456")
    page.get_by_role("button", name="Bring into care").click()
    expect(page.get_by_text("Ruby Hart is now looked after")).to_be_visible()
    assert_accessible(page)

    # The placement moves to other foster carers, designated long-term.
    page.get_by_role("button", name="Move placement").click()
    expect(page.get_by_role("heading", name="Move placement")).to_be_visible()
    fill_date(page, "Date of the move", today - timedelta(days=410))
    page.get_by_label("Reason the placement changed").select_option("CREQB")
    page.get_by_label("Placement type").select_option("U6")
    page.get_by_label("Placement provider").select_option("PR1")
    page.get_by_label("Carer or setting").fill("Meg and Ian Shaw")
    page.get_by_label("Postcode of the placement").fill("B29 6BD")
    page.get_by_label("Ofsted URN").fill("SC654321")
    page.get_by_label("The placement is intended to last until the child is 18").check()
    assert_accessible(page)
    page.get_by_role("button", name="Move placement").click()
    expect(page.get_by_text("The placement was changed")).to_be_visible()
    expect(page.get_by_test_id("placements")).to_contain_text("Meg and Ian Shaw")
    assert_accessible(page)

    # The IRO holds the first review.
    sign_in(page, "chris.chair")
    page.goto(care_page)
    assert_accessible(page)
    page.get_by_role("button", name="Hold a review").click()
    expect(page.get_by_role("heading", name="Hold a looked-after review")).to_be_visible()
    fill_date(page, "Date of the review", today - timedelta(days=400))
    page.get_by_label("Independent reviewing officer who chaired it").select_option(label="Chris Adebayo")
    page.get_by_label("PN0: Child under 4 at the time of the review").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_text("The review was saved")).to_be_visible()
    expect(page.get_by_test_id("reviews")).to_contain_text("Chris Adebayo")
    assert_accessible(page)

    # The adoption worker records each step of the adoption on the permanence pages.
    sign_in(page, "fay.adoption")
    page.goto(f"/children/{child.pk}/permanence/")
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

    open_step(page, "Record adoption order", "Adoption order")
    fill_date(page, "Date of the adoption order", today - timedelta(days=10))
    page.get_by_label("E11: application unopposed").check()
    page.get_by_role("button", name="Record adoption order").click()
    saved(page, "The adoption order was recorded")
    expect(page.get_by_test_id("adoption-stage")).to_have_text("Adopted")

    # The Care tab shows the period of care ended by the adoption, with every placement.
    page.goto(care_page)
    expect(page.get_by_role("heading", name="Care", exact=True)).to_be_visible()
    period = page.get_by_test_id("period-of-care").first
    expect(period).to_contain_text(re.compile(r"Period of care from .* to "))
    expect(period.get_by_test_id("period-summary")).to_contain_text(re.compile(r"E1[12]"))
    expect(period.get_by_test_id("placements")).to_contain_text("Meg and Ian Shaw")
    expect(period.get_by_test_id("placements")).to_contain_text("Dee and Rob Lane")
    expect(page.get_by_text("Ruby Hart is not looked after now.")).to_be_visible()
    assert_accessible(page)
