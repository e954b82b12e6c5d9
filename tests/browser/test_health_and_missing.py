"""A child in care's health, education, missing episodes and UASC status in the browser: a
worker records an initial health assessment (and is told why a bad SDQ cannot be saved), a PEP,
a missing episode and the return home interview, and the child's UASC status, seeing the due
dates and the day the child ceases to be UASC. Every page is checked for accessibility."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD
from hearth.childrenincare.models import PeriodOfCare
from hearth.people.services import person_create
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, username: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def fill_date(page: Page, legend: str, day: date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


@pytest.fixture
def child_in_care(social_worker):
    child = person_create(
        by=social_worker, first_name="Mia", last_name="Hart", date_of_birth=date(2011, 6, 10), sex="F"
    )
    PeriodOfCare.objects.create(
        child=child, start_date=timezone.localdate() - timedelta(days=60), category_of_need="N1"
    )
    return child


def test_a_worker_records_health_education_missing_and_uasc(page: Page, social_worker, child_in_care):
    child = child_in_care
    today = timezone.localdate()
    sign_in(page, "sam.social")

    # Health: the initial assessment is overdue, 20 working days after care began.
    page.goto(f"/children/{child.pk}/health/")
    expect(page.get_by_role("heading", name="Health", exact=True)).to_be_visible()
    expect(page.get_by_test_id("health-due")).to_contain_text("Overdue")
    expect(page.get_by_test_id("health-due")).to_contain_text("Initial health assessment due by")
    assert_accessible(page)
    page.get_by_role("link", name="Initial health assessment").click()
    fill_date(page, "Date of the initial health assessment", today - timedelta(days=3))
    page.get_by_label("Carried out by").fill("Dr A Khan")
    assert_accessible(page)
    page.get_by_role("button", name="Save the initial health assessment").click()
    expect(page.get_by_test_id("health-event")).to_have_count(1)
    expect(page.get_by_test_id("health-due")).to_contain_text("Review health assessment due by")

    # A score of 41 is refused with a GOV.UK error summary.
    page.get_by_text("Record a health event").click()
    page.get_by_role("link", name="Strengths and difficulties questionnaire").click()
    fill_date(page, "Date of the strengths and difficulties questionnaire", today - timedelta(days=1))
    page.get_by_label("SDQ total difficulties score").fill("41")
    page.get_by_role("button", name="Save the strengths and difficulties questionnaire").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("from 0 to 40")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)

    # Education: the PEP.
    page.goto(f"/children/{child.pk}/education/")
    expect(page.get_by_test_id("pep-due")).to_contain_text("Initial PEP due by")
    assert_accessible(page)
    page.get_by_role("link", name="Record a PEP meeting").click()
    fill_date(page, "Date of the PEP meeting", today - timedelta(days=2))
    page.get_by_label("School or setting").fill("Hill Top Academy")
    page.get_by_label("School URN").fill("138455")
    page.get_by_label("Designated teacher").fill("Ms Grey")
    assert_accessible(page)
    page.get_by_role("button", name="Save the PEP").click()
    expect(page.get_by_test_id("pep")).to_have_count(1)
    expect(page.get_by_test_id("pep-due")).to_contain_text("PEP review due by")
    assert_accessible(page)

    # Missing: an episode, then the return home interview.
    page.goto(f"/children/{child.pk}/missing/")
    expect(page.get_by_test_id("no-missing-episodes")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Record a missing episode").click()
    page.get_by_label("Missing from placement").check()
    fill_date(page, "Date the child went missing", today - timedelta(days=2))
    page.get_by_label("Time the child went missing").fill("21:30")
    fill_date(page, "Date the child returned", today - timedelta(days=1))
    page.get_by_label("Time the child returned").fill("09:00")
    assert_accessible(page)
    page.get_by_role("button", name="Save the episode").click()
    expect(page.get_by_test_id("rhi-state")).to_have_text("Due")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Change")).click()
    expect(page.get_by_test_id("rhi-due")).to_contain_text("72 hours after the child returned")
    fill_date(page, "Date the interview was offered", today - timedelta(days=1))
    page.get_by_label("Time the interview was offered").fill("10:00")
    page.get_by_label("Accepted").check()
    fill_date(page, "Date the interview was held", today - timedelta(days=1))
    page.get_by_label("Time the interview was held").fill("15:00")
    page.get_by_label("Who held the interview").fill("Jo Bell, Missing Children Service")
    page.get_by_label("They are independent of the child's placement").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_test_id("rhi-state")).to_have_text("Held within 72 hours")

    # UASC: the status and the day it ceases at 18.
    page.goto(f"/children/{child.pk}/uasc/")
    expect(page.get_by_test_id("not-uasc")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Record UASC status").click()
    fill_date(page, "Date the child became an unaccompanied asylum-seeking child", today - timedelta(days=60))
    assert_accessible(page)
    page.get_by_role("button", name="Save the UASC status").click()
    expect(page.get_by_test_id("ceases-at-18")).to_have_text(
        "Mia Hart ceases to be UASC at 18 on 10 June 2029."
    )
    assert_accessible(page)
