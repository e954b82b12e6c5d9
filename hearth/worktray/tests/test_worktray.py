from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.assessment.services import assessment_authorise, assessment_complete
from hearth.childinneed.services import cin_plan_review_add, cin_plan_start, referral_close
from hearth.childprotection.services import core_group_record
from hearth.frontdoor.services import contact_decide, contact_record
from hearth.organisation.models import TeamType
from hearth.reference.selectors import clear_cache as clear_code_cache
from hearth.timescales.clocks import clear_cache as clear_clock_cache
from hearth.timescales.clocks import due_date
from hearth.worktray.selectors import worktray_for
from hearth.worktray.tests.journey import (
    at,
    make_chair,
    make_child,
    make_team,
    protect,
    refer_and_allocate,
    start_assessment,
    visit,
)


@pytest.fixture(autouse=True)
def _fresh_caches():
    clear_code_cache()
    clear_clock_cache()
    yield
    clear_code_cache()
    clear_clock_cache()


@pytest.fixture
def team(social_worker, another_social_worker, team_manager):
    return make_team(
        "South Safeguarding",
        TeamType.SAFEGUARDING,
        manager=team_manager,
        members=[social_worker, another_social_worker],
    )


@pytest.fixture
def chair(db):
    return make_chair()


@pytest.fixture
def referral(team, social_worker):
    # Friday 19 December 2025: the assessment is due by Wednesday 25 February 2026.
    child = make_child(social_worker)
    return refer_and_allocate(child, on=date(2025, 12, 19), team=team, worker=social_worker, by=social_worker)


def titles(tasks):
    return [(task.title, task.due) for task in tasks]


def test_a_worker_with_no_cases_has_an_empty_worktray(social_worker):
    assert worktray_for(social_worker, today=date(2026, 2, 2)).is_empty


def test_an_open_assessment_is_due_45_working_days_after_the_referral(referral, social_worker):
    start_assessment(referral, on=date(2025, 12, 22), by=social_worker)
    before = worktray_for(social_worker, today=date(2026, 2, 20))
    assert titles(before.due_soon) == [("Complete the assessment", date(2026, 2, 25))]
    assert before.due_soon[0].child_name == "Ava Stone"
    assert before.due_soon[0].href == reverse(
        "assessment:detail", args=[referral.child_id, referral.assessments.get().pk]
    )
    after = worktray_for(social_worker, today=date(2026, 2, 26))
    assert titles(after.overdue) == [("Complete the assessment", date(2026, 2, 25))]
    # Work due more than 10 working days ahead is not shown yet.
    assert worktray_for(social_worker, today=date(2026, 1, 5)).is_empty


def test_the_assessment_leaves_the_worktray_when_it_is_completed(referral, social_worker, team_manager):
    assessment = start_assessment(referral, on=date(2025, 12, 22), by=social_worker)
    assessment_complete(
        assessment=assessment, completed_on=date(2026, 2, 10), factors=["3B"], outcome="cin", by=social_worker
    )
    assert worktray_for(social_worker, today=date(2026, 2, 20)).is_empty
    # ... and waits for the manager's authorisation instead.
    manager = worktray_for(team_manager, today=date(2026, 2, 20))
    assert titles(manager.sign_offs) == [("Authorise the assessment", date(2026, 2, 25))]


def test_the_initial_conference_is_due_15_working_days_after_the_strategy_discussion(
    referral, social_worker, chair
):
    protect(referral, strategy_on=date(2025, 12, 22), icpc_on=None, by=social_worker, chair=chair)
    tray = worktray_for(social_worker, today=date(2026, 1, 12))
    assert ("Hold the initial child protection conference", date(2026, 1, 15)) in titles(tray.due_soon)


def test_a_plan_brings_the_core_group_the_review_conference_and_visits(referral, social_worker, chair):
    protect(
        referral, strategy_on=date(2025, 12, 22), icpc_on=date(2026, 1, 14), by=social_worker, chair=chair
    )
    tray = worktray_for(social_worker, today=date(2026, 1, 19))
    due = titles(tray.due_soon)
    assert ("Hold the initial child protection conference", date(2026, 1, 15)) not in due
    assert ("Hold the first core group", date(2026, 1, 28)) in due
    assert ("Visit the child on a child protection plan", date(2026, 1, 28)) in due
    review = worktray_for(social_worker, today=date(2026, 4, 7))
    assert ("Hold the review child protection conference", date(2026, 4, 14)) in titles(review.due_soon)


def test_a_cp_visit_restarts_the_visit_clock_and_a_core_group_ends_the_first_core_group_task(
    referral, social_worker, chair
):
    protection = protect(
        referral, strategy_on=date(2025, 12, 22), icpc_on=date(2026, 1, 14), by=social_worker, chair=chair
    )
    visit(referral.child, on=date(2026, 1, 20), by=social_worker)
    core_group_record(plan=protection.plan, held_on=date(2026, 1, 23), by=social_worker)
    tray = worktray_for(social_worker, today=date(2026, 1, 26))
    due = titles(tray.due_soon)
    assert ("Visit the child on a child protection plan", due_date("cp.visit", date(2026, 1, 20))) in due
    assert not [title for title, _ in due if title == "Hold the first core group"]
    # A home visit is not a child protection visit: the clock does not move.
    visit(referral.child, on=date(2026, 2, 2), by=social_worker, kind="home_visit")
    late = worktray_for(social_worker, today=date(2026, 2, 5))
    assert ("Visit the child on a child protection plan", date(2026, 2, 3)) in titles(late.overdue)


def test_a_cin_plan_is_reviewed_every_three_months(referral, social_worker, team_manager):
    assessment = start_assessment(referral, on=date(2025, 12, 22), by=social_worker)
    assessment_complete(
        assessment=assessment, completed_on=date(2026, 1, 9), factors=["3B"], outcome="cin", by=social_worker
    )
    assessment_authorise(assessment=assessment, authorised_on=date(2026, 1, 12), by=team_manager)
    plan = cin_plan_start(referral=referral, start_date=date(2026, 1, 15), by=social_worker)
    assert ("Review the child in need plan", date(2026, 4, 15)) in titles(
        worktray_for(social_worker, today=date(2026, 4, 8)).due_soon
    )
    cin_plan_review_add(plan=plan, review_date=date(2026, 4, 10), by=social_worker)
    assert ("Review the child in need plan", date(2026, 7, 10)) in titles(
        worktray_for(social_worker, today=date(2026, 7, 1)).due_soon
    )


def test_a_closed_case_has_nothing_due(referral, social_worker, team_manager):
    assessment = start_assessment(referral, on=date(2025, 12, 22), by=social_worker)
    assessment_complete(
        assessment=assessment, completed_on=date(2026, 1, 9), factors=["3B"], outcome="nfa", by=social_worker
    )
    assessment_authorise(assessment=assessment, authorised_on=date(2026, 1, 12), by=team_manager)
    referral_close(referral=referral, closure_date=date(2026, 1, 13), closure_reason="RC8", by=team_manager)
    assert worktray_for(social_worker, today=date(2026, 2, 20)).is_empty
    assert worktray_for(team_manager, today=date(2026, 2, 20)).is_empty


def test_another_workers_children_are_not_on_my_worktray(referral, social_worker, another_social_worker):
    start_assessment(referral, on=date(2025, 12, 22), by=social_worker)
    assert worktray_for(another_social_worker, today=date(2026, 2, 20)).is_empty


def test_a_team_manager_sees_the_teams_work_grouped_by_worker(referral, social_worker, team_manager):
    start_assessment(referral, on=date(2025, 12, 22), by=social_worker)
    tray = worktray_for(team_manager, today=date(2026, 2, 26))
    by_worker = {worker.worker_name: worker for worker in tray.team}
    assert titles(by_worker["Sam Okafor"].overdue) == [("Complete the assessment", date(2026, 2, 25))]
    assert by_worker["Kim Shah"].is_empty
    assert not tray.overdue  # the manager's own caseload is empty


def test_contacts_waiting_for_a_decision_are_on_every_front_door_workers_worktray(
    front_door_worker, social_worker, team_manager
):
    child = make_child(social_worker)
    contact = contact_record(
        received_at=at(date(2026, 2, 20), 16),
        source="2A",
        concerns="Bruise seen at school",
        people=[(child, "subject")],
        by=front_door_worker,
    )
    today = date(2026, 2, 23)
    tray = worktray_for(front_door_worker, today=today)
    assert [(t.title, t.due, t.child_name) for t in tray.due_soon] == [
        ("Decide what happens with the contact", date(2026, 2, 23), "Ava Stone")
    ]
    assert worktray_for(social_worker, today=today).is_empty
    make_team("MASH", TeamType.FRONT_DOOR, manager=team_manager, members=[front_door_worker])
    contact_decide(
        contact=contact,
        decision="referral",
        reason="Needs assessment",
        by=front_door_worker,
        expected_version=contact.version,
    )
    assert worktray_for(front_door_worker, today=today).is_empty
    manager = worktray_for(team_manager, today=today)
    assert [(t.title, t.child_name) for t in manager.sign_offs] == [
        ("Sign off the contact decision", "Ava Stone")
    ]


def test_the_worktray_page_lists_each_task_with_the_child_and_a_link(client, referral, social_worker):
    start_assessment(referral, on=date(2025, 12, 22), by=social_worker)
    client.force_login(social_worker)
    text = client.get(reverse("worktray:home")).content.decode()
    # Real today is long after the deadline, so the task is overdue.
    assert "Complete the assessment" in text and "Ava Stone" in text and "Overdue" in text


def _build_caseload(count: int, *, team, worker, chair, manager):
    for index in range(count):
        child = make_child(worker, first_name=f"Child{index}", born=date(2015, 1, 1))
        referral = refer_and_allocate(child, on=date(2025, 12, 19), team=team, worker=worker, by=worker)
        assessment = start_assessment(referral, on=date(2025, 12, 22), by=worker)
        if index % 2:
            assessment_complete(
                assessment=assessment, completed_on=date(2026, 1, 9), factors=["3B"], outcome="cin", by=worker
            )
            assessment_authorise(assessment=assessment, authorised_on=date(2026, 1, 12), by=manager)
            cin_plan_start(referral=referral, start_date=date(2026, 1, 15), by=worker)
        else:
            protect(
                referral, strategy_on=date(2025, 12, 22), icpc_on=date(2026, 1, 14), by=worker, chair=chair
            )
            visit(child, on=date(2026, 1, 20), by=worker)


def _queries(user) -> int:
    worktray_for(user, today=date(2026, 2, 2))
    with CaptureQueriesContext(connection) as queries:
        worktray_for(user, today=date(2026, 2, 2))
    return len(queries)


def test_the_worktray_costs_the_same_queries_for_one_child_or_thirty(
    team, social_worker, another_social_worker, team_manager, chair
):
    _build_caseload(1, team=team, worker=social_worker, chair=chair, manager=team_manager)
    _build_caseload(1, team=team, worker=another_social_worker, chair=chair, manager=team_manager)
    worker_one, manager_one = _queries(social_worker), _queries(team_manager)
    _build_caseload(29, team=team, worker=social_worker, chair=chair, manager=team_manager)
    tray = worktray_for(social_worker, today=date(2026, 2, 2))
    assert len({task.child_id for task in tray.overdue + tray.due_soon}) == 16  # the children on plans
    assert _queries(social_worker) == worker_one
    assert _queries(team_manager) == manager_one


def test_the_managers_page_groups_the_teams_work_by_worker(client, referral, social_worker, team_manager):
    start_assessment(referral, on=date(2025, 12, 22), by=social_worker)
    client.force_login(team_manager)
    url = reverse("worktray:home")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        text = client.get(url).content.decode()
    assert "Your team's work" in text and "Sam Okafor" in text and "1 overdue" in text
    # One query per provider: +2 for permanence and care leavers (hearth/worktray/permanence_providers.py).
    assert len(queries) < 27
    # The team's work is a count per worker; each worker's tasks are a click away.
    assert "Complete the assessment" not in text
    assert reverse("worktray:team_member", args=[social_worker.pk]) in text


def test_a_manager_opens_a_team_members_work(client, referral, social_worker, team_manager):
    start_assessment(referral, on=date(2025, 12, 22), by=social_worker)
    client.force_login(team_manager)
    page = client.get(reverse("worktray:team_member", args=[social_worker.pk])).content.decode()
    assert "Sam Okafor&#x27;s work" in page or "Sam Okafor's work" in page
    assert 'data-kind="assessment"' in page and "Overdue" in page


def test_a_manager_cannot_open_the_work_of_someone_outside_their_teams(
    client, referral, social_worker, another_team_manager, team_manager
):
    client.force_login(another_team_manager)
    assert client.get(reverse("worktray:team_member", args=[social_worker.pk])).status_code == 403
    client.force_login(social_worker)
    assert client.get(reverse("worktray:team_member", args=[social_worker.pk])).status_code == 403
    client.force_login(team_manager)
    assert client.get(reverse("worktray:team_member", args=[team_manager.pk])).status_code == 403
