"""A child's whole journey in the browser: a contact at the front door, the manager's sign-off,
referral and allocation, assessment, strategy discussion and section 47 enquiry, an initial
conference starting a child protection plan, a child protection visit, a review conference
ending the plan, and closure. Along the way the worktray and the chronology show the right
items on the right dates.

The journey is dated over the last eight working days, so every step is in the past (the
services refuse future dates) and the worktray's deadlines fall inside its 10-working-day view.
"""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD
from hearth.organisation.models import Service, TeamType
from hearth.organisation.services import (
    services_register_load,
    staff_member_create,
    team_create,
    team_manager_set,
)
from hearth.people.services import person_create
from hearth.timescales.clocks import due_date
from hearth.timescales.working_days import add_working_days, is_working_day
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def working_days_before(day: date, count: int) -> date:
    while count:
        day -= timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def shown(day: date) -> str:
    """A date as the worktray and chronology print it: 3 Nov 2026."""
    return f"{day.day} {day:%b %Y}"


def long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@pytest.fixture
def authority(front_door_worker, social_worker, team_manager, cp_chair):
    """A front door team and a safeguarding team, both managed by Tara."""
    services_register_load()
    mash = team_create(
        name="MASH", team_type=TeamType.FRONT_DOOR, service=Service.objects.get(code="single-point-of-entry")
    )
    safeguarding = team_create(
        name="South Safeguarding", team_type=TeamType.SAFEGUARDING, service=Service.objects.get(code="asti")
    )
    manager = staff_member_create(role_label="Team manager", team=safeguarding, user=team_manager)
    team_manager_set(team=safeguarding, manager=manager)
    team_manager_set(team=mash, manager=manager)
    staff_member_create(role_label="Social worker", team=mash, user=front_door_worker, line_manager=manager)
    staff_member_create(
        role_label="Social worker", team=safeguarding, user=social_worker, line_manager=manager
    )
    return safeguarding


@pytest.fixture
def child(social_worker):
    return person_create(
        by=social_worker, first_name="Ava", last_name="Stone", date_of_birth=date(2018, 5, 1), sex="F"
    )


def sign_in(page: Page, username: str) -> None:
    page.context.clear_cookies()
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


def worktray_task(page: Page, title: str):
    page.goto("/")
    expect(page.get_by_role("heading", name="Your worktray")).to_be_visible()
    assert_accessible(page)
    return page.get_by_test_id("task").filter(has_text=title)


def open_tab(page: Page, child, tab: str) -> None:
    page.goto(f"/people/{child.pk}/")
    page.get_by_role("navigation", name="Child's record").get_by_role("link", name=tab, exact=True).click()


def chronology_row(page: Page, child, title: str):
    open_tab(page, child, "Chronology")
    expect(page.get_by_role("heading", name="Chronology")).to_be_visible()
    assert_accessible(page)
    return page.locator(f'[data-testid="chronology-entry"][data-title="{title}"]')


def test_a_child_goes_from_contact_to_a_plan_and_on_to_closure(
    page, authority, child, front_door_worker, social_worker, team_manager, cp_chair
):
    today = timezone.localdate()
    day0 = working_days_before(today, 8)
    day = {n: add_working_days(day0, n) for n in range(7)}

    # --- the front door records the contact ----------------------------------------------------
    sign_in(page, "fran.frontdoor")
    page.goto("/front-door/contacts/new/")
    fill_date(page, "Date received", day0)
    page.get_by_label("Time received").fill("10:20")
    page.get_by_label("Where the contact came from").select_option("2A")
    page.get_by_label("Name of the person who made contact").fill("Ms Hill")
    page.get_by_label("Concerns").fill("Ava came to school with bruising on her arm.")
    page.get_by_role("button", name="Save and add the people involved").click()
    page.get_by_label("Name, date of birth or NHS number").fill("Ava Stone")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name=re.compile(r"^Child the contact is about\s*for Ava Stone")).click()
    expect(page.get_by_test_id("contact-people")).to_contain_text("Ava Stone")

    # The contact waits on the front door's worktray, due one working day after it came in.
    task = worktray_task(page, "Decide what happens with the contact")
    expect(task).to_contain_text("Ava Stone")
    expect(task).to_contain_text(shown(due_date("contact.decision", day0)))
    expect(task).to_contain_text("Overdue")
    task.get_by_role("link").click()
    page.get_by_role("link", name="Decide the response").click()
    page.get_by_label("Referral and strategy discussion").check()
    page.get_by_label("Reasons for the decision").fill("Unexplained injury to a child of eight.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("decision")).to_have_text("Referral and strategy discussion")
    assert_accessible(page)

    # --- the manager signs it off from their worktray, and allocates the case ------------------
    sign_in(page, "tara.manager")
    task = worktray_task(page, "Sign off the contact decision")
    expect(task).to_contain_text("Ava Stone")
    task.get_by_role("link").click()
    page.get_by_role("link", name="Sign off the decision").click()
    page.get_by_label("Primary need (optional)").select_option("N1")
    page.get_by_role("button", name="Sign off the decision").click()
    expect(page.get_by_test_id("signed-off")).to_contain_text("Tara Reid")
    assert_accessible(page)

    open_tab(page, child, "Allocation")
    page.get_by_role("link", name="Allocate the case").click()
    page.get_by_label("Team").select_option(label="South Safeguarding")
    page.get_by_label("Worker (optional)").select_option(label="Sam Okafor")
    fill_date(page, "Date allocated", day0)
    assert_accessible(page)
    page.get_by_role("button", name="Allocate the case").click()
    expect(page.locator("main")).to_contain_text("Sam Okafor")
    assert_accessible(page)

    # --- the social worker starts the assessment and the child protection enquiry --------------
    sign_in(page, "sam.social")
    open_tab(page, child, "Assessments")
    page.get_by_role("link", name="Start an assessment").click()
    fill_date(page, "Date the assessment started", day[1])
    page.get_by_role("button", name="Start assessment").click()
    expect(page.get_by_test_id("assessment-clock")).to_contain_text(
        f"Due {long(due_date('assessment.complete', day0))}"
    )
    assert_accessible(page)

    open_tab(page, child, "Child protection")
    page.get_by_role("link", name="Record a strategy discussion").click()
    fill_date(page, "Date of the strategy discussion", day[1])
    page.get_by_label("Who took part").fill("Police: DC Priya Shah\nSchool: Mr Ade Lewis")
    page.get_by_role("group", name="Was a section 47 enquiry started?").get_by_label("Yes").check()
    page.get_by_role("button", name="Save strategy discussion").click()
    page.get_by_role("link", name="Start a section 47 enquiry").click()
    page.get_by_label(f"Strategy discussion on {long(day[1])}").check()
    fill_date(page, "Date the enquiry started", day[1])
    page.get_by_role("button", name="Start section 47 enquiry").click()
    icpc_due = due_date("icpc.held", day[1])
    expect(page.get_by_test_id("icpc-due")).to_contain_text(f"due by {long(icpc_due)}")
    assert_accessible(page)

    task = worktray_task(page, "Hold the initial child protection conference")
    expect(task).to_contain_text("Ava Stone")
    expect(task).to_contain_text(shown(icpc_due))
    expect(chronology_row(page, child, "Strategy discussion")).to_contain_text(shown(day[1]))
    expect(page.locator('[data-title="Contact received"]')).to_contain_text(shown(day0))

    # --- the chair holds the initial conference: a plan starts ---------------------------------
    sign_in(page, "chris.chair")
    page.goto(f"/children/{child.pk}/child-protection/")
    page.get_by_role("link", name="Record a conference").click()
    page.get_by_label("Initial child protection conference").check()
    page.get_by_label("Section 47 enquiry").select_option(label=f"Section 47 enquiry started {long(day[1])}")
    fill_date(page, "Date of the conference", day[3])
    page.get_by_label("Child protection plan", exact=True).check()
    page.get_by_label("Category of abuse").select_option(label="Neglect")
    page.get_by_role("button", name="Save conference").click()
    expect(page.get_by_test_id("cp-plan-summary")).to_contain_text(
        f"On a child protection plan since {long(day[3])}"
    )
    assert_accessible(page)

    # --- the worker sees the plan's work due, and records a visit from the worktray -------------
    sign_in(page, "sam.social")
    expect(worktray_task(page, "Hold the first core group")).to_contain_text(
        shown(due_date("core_group.first", day[3]))
    )
    expect(
        page.get_by_test_id("task").filter(has_text="Hold the initial child protection conference")
    ).to_have_count(0)
    visit_task = page.get_by_test_id("task").filter(has_text="Visit the child on a child protection plan")
    expect(visit_task).to_contain_text(shown(due_date("cp.visit", day[3])))
    visit_task.get_by_role("link").click()

    expect(page.get_by_role("heading", name="Record a note or visit")).to_be_visible()
    expect(page.get_by_test_id("child-banner")).to_contain_text("Ava Stone")
    assert_accessible(page)
    page.get_by_label("What kind of note is it?").select_option(label="Child protection visit")
    fill_date(page, "Date of the note or visit", day[4])
    page.get_by_label("Time").fill("15:00")
    page.get_by_label("The child was seen", exact=True).check()
    page.get_by_label("The child was seen alone").check()
    narrative = page.get_by_label("What happened")
    narrative.fill("Visited at home. Ava showed me her room; mum")
    narrative.press_sequentially(" was calm.")
    # The words are kept as a draft while the worker types.
    expect(page.get_by_test_id("draft-status")).to_contain_text("Draft saved", timeout=8_000)
    page.get_by_label("The child's voice").fill("Ava said she feels safe now that the shouting has stopped.")
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_test_id("note").first).to_contain_text("Seen alone")
    expect(page.get_by_test_id("note")).to_have_count(1)
    assert_accessible(page)

    expect(worktray_task(page, "Visit the child on a child protection plan")).to_contain_text(
        shown(due_date("cp.visit", day[4]))
    )
    visit_row = chronology_row(page, child, "Child protection visit")
    expect(visit_row).to_contain_text(shown(day[4]))
    expect(visit_row).to_contain_text("Child seen alone")

    # --- the assessment is submitted, and waits on the manager's worktray ----------------------
    open_tab(page, child, "Assessments")
    page.get_by_role("link", name=re.compile(shown(day[1]).replace(" ", r"\s"))).click()
    page.get_by_role("link", name="Complete and submit for authorisation").click()
    fill_date(page, "Date the assessment was completed", day[5])
    page.get_by_label("Neglect (16A)").check()
    page.get_by_label("Strategy discussion", exact=True).check()
    page.get_by_role("button", name="Submit for authorisation").click()
    expect(page.get_by_test_id("assessment-summary")).to_contain_text("Neglect (16A)")

    sign_in(page, "tara.manager")
    task = worktray_task(page, "Authorise the assessment")
    expect(task).to_contain_text("Ava Stone")
    task.get_by_role("link").click()
    page.get_by_role("link", name="Authorise this assessment").click()
    fill_date(page, "Date authorised", day[5])
    page.get_by_role("button", name="Authorise assessment").click()
    expect(page.get_by_test_id("assessment-clock")).to_contain_text("In timescale")
    assert_accessible(page)

    # --- the review conference ends the plan -----------------------------------------------------
    sign_in(page, "chris.chair")
    page.goto(f"/children/{child.pk}/child-protection/")
    page.get_by_role("link", name="Record a conference").click()
    page.get_by_label("Review child protection conference").check()
    fill_date(page, "Date of the conference", day[5])
    page.get_by_label("Plan ends").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save conference").click()
    expect(page.get_by_test_id("conferences")).to_contain_text("Plan ends")
    assert_accessible(page)

    # --- the case closes with its reason ---------------------------------------------------------
    sign_in(page, "tara.manager")
    open_tab(page, child, "Referrals and plans")
    page.get_by_test_id("episode").get_by_role("link").first.click()
    page.get_by_role("link", name="Close the case").click()
    fill_date(page, "Date the case closed", day[6])
    page.get_by_label("Reason for closure").select_option("RC7")
    assert_accessible(page)
    page.get_by_role("button", name="Close the case").click()
    expect(page.get_by_test_id("referral-status")).to_contain_text("Closed")
    assert_accessible(page)

    # Nothing is left on the worktrays, and the chronology tells the story in order.
    sign_in(page, "sam.social")
    page.goto("/")
    expect(page.get_by_test_id("worktray-empty")).to_be_visible()
    assert_accessible(page)
    chronology_row(page, child, "Case closed")
    rows = page.get_by_test_id("chronology-entry")
    story = [
        ("Contact received", day0),
        ("Referral", day0),
        ("Strategy discussion", day[1]),
        ("Initial child protection conference", day[3]),
        ("Child protection plan started", day[3]),
        ("Child protection visit", day[4]),
        ("Assessment authorised", day[5]),
        ("Child protection plan ended", day[5]),
        ("Case closed", day[6]),
    ]
    texts = rows.all_inner_texts()
    positions = []
    for title, on in story:
        index = next(i for i, text in enumerate(texts) if f"\t{title}" in text and shown(on) in text)
        positions.append(index)
    assert positions == sorted(positions)
    expect(page.locator('[data-title="Case closed"]')).to_contain_text(
        "Services ceased for any other reason, including no longer in need"
    )
    # The chronology prints without the page's navigation.
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Child's record")).to_be_hidden()
    expect(page.get_by_test_id("chronology-filter")).to_be_hidden()
