"""Previous permanence on the Permanence tab and a personal adviser visit on the Leaving care tab,
in the browser, each page checked for accessibility."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from playwright.sync_api import Page, expect

from hearth.childrenincare.services import period_of_care_end, period_of_care_start
from hearth.people.services import person_create
from tests.browser.conftest import assert_accessible
from tests.browser.test_adoption_journey import child_in_care, fill_date, sign_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_previous_permanence_is_recorded_with_its_rule(page: Page, child_in_care, social_worker):  # noqa: F811
    sign_in(page, social_worker.username)
    page.goto(f"/children/{child_in_care.pk}/permanence/")
    page.get_by_role("link", name="Record previous permanence").click()
    expect(page.get_by_role("heading", name="Previous permanence")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Permanent home before this period of care").select_option("Z1")
    page.get_by_label("Local authority that made the order (optional)").fill("330")
    page.get_by_role("button", name="Save previous permanence").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Leave the local authority blank")
    assert_accessible(page)
    page.get_by_label("Local authority that made the order (optional)").fill("")
    page.get_by_role("button", name="Save previous permanence").click()
    expect(page.get_by_test_id("previous-permanence")).to_contain_text("Z1")
    assert_accessible(page)


def test_a_personal_adviser_visit_is_recorded(page: Page, social_worker):
    today = timezone.localdate()
    born = today - relativedelta(years=20)
    person = person_create(
        by=social_worker,
        first_name="Jay",
        last_name="Reed",
        date_of_birth=born,
        sex="M",
    )
    period = period_of_care_start(
        child=person,
        start_date=born + relativedelta(years=15),
        legal_status="C2",
        placement={
            "placement_type": "U4",
            "provider": "PR1",
            "carer_name": "Pat and Sol Evans",
            "postcode": "B15 2TT",
            "ofsted_urn": "SC123456",
        },
        category_of_need="N1",
        by=social_worker,
    )
    period_of_care_end(
        period=period, end_date=born + relativedelta(years=18), reason_ceased="E17", by=social_worker
    )
    sign_in(page, social_worker.username)
    page.goto(f"/children/{person.pk}/leaving-care/")
    page.get_by_role("link", name="Record a personal adviser contact").click()
    expect(page.get_by_role("heading", name="Personal adviser contact")).to_be_visible()
    assert_accessible(page)
    fill_date(page, "Date of the contact", today - timedelta(days=2))
    page.get_by_label("Visit", exact=True).check()
    page.get_by_label("The young person was seen (visits only)").check()
    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_test_id("adviser-contacts")).to_contain_text("Visit")
    assert_accessible(page)
