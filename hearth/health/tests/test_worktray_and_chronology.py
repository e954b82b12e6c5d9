"""Children in care on the worker's worktray and in the child's chronology."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.allocation.services import case_allocate
from hearth.chronology.registry import chronology_for
from hearth.education.services import pep_record
from hearth.health.models import HealthEvent
from hearth.health.services import health_event_record
from hearth.health.tests.fixtures import into_care, local
from hearth.missing.services import missing_episode_record
from hearth.organisation.models import TeamType
from hearth.people.services import person_create
from hearth.worktray.due_work import due_work_mark_all_stale
from hearth.worktray.selectors import worktray_for
from hearth.worktray.tests.journey import make_team


def _tasks(user, today):
    tray = worktray_for(user, today=today)
    return {(task.child_id, task.kind): task for task in tray.overdue + tray.due_soon}


def _child_in_care(n, worker, team):
    child = person_create(
        by=worker, first_name=f"Child{n}", last_name="Care", date_of_birth=date(2012, 1, n), sex="M"
    )
    case_allocate(child=child, team=team, worker=worker, start_date=date(2026, 1, 5), by=worker)
    into_care(child, date(2026, 1, 5))
    return child


def test_a_child_in_care_brings_health_pep_and_interview_tasks(db, social_worker):
    team = make_team("Children in care", TeamType.SAFEGUARDING, members=[social_worker])
    child = _child_in_care(1, social_worker, team)
    missing_episode_record(
        child=child,
        episode_type="M",
        started_at=local(2026, 1, 30, 20),
        ended_at=local(2026, 1, 31, 8),
        by=social_worker,
    )
    tasks = _tasks(social_worker, date(2026, 2, 2))
    assert tasks[(child.pk, "health_assessment")].due == date(2026, 2, 2)  # 20 working days from 5 January
    assert tasks[(child.pk, "pep")].due == date(2026, 2, 2)
    assert tasks[(child.pk, "rhi")].due == date(2026, 2, 3)  # 08:00 Saturday + 72 hours
    health_event_record(
        child=child, kind=HealthEvent.Kind.INITIAL_ASSESSMENT, event_date=date(2026, 1, 20), by=social_worker
    )
    pep_record(
        child=child,
        kind="initial",
        meeting_date=date(2026, 1, 21),
        school_name="Elm School",
        by=social_worker,
    )
    later = _tasks(social_worker, date(2027, 1, 14))
    assert later[(child.pk, "health_assessment")].due == date(2027, 1, 20)  # 14 on the due date: 12 months
    assert later[(child.pk, "pep")].due == date(2026, 4, 21)
    assert (child.pk, "rhi") not in later  # returned more than 30 days ago


def test_the_providers_cost_the_same_queries_for_one_child_or_ten(db, social_worker):
    team = make_team("Children in care", TeamType.SAFEGUARDING, members=[social_worker])
    _child_in_care(1, social_worker, team)
    worktray_for(social_worker, today=date(2026, 2, 2))
    # Both reads work out the stale clocks first: one child's, then nine children's.
    due_work_mark_all_stale()
    with CaptureQueriesContext(connection) as one:
        worktray_for(social_worker, today=date(2026, 2, 2))
    for n in range(2, 11):
        child = _child_in_care(n, social_worker, team)
        missing_episode_record(
            child=child,
            episode_type="A",
            started_at=local(2026, 1, 30, 20),
            ended_at=local(2026, 1, 31, 8),
            by=social_worker,
        )
    with CaptureQueriesContext(connection) as ten:
        tray = worktray_for(social_worker, today=date(2026, 2, 2))
    assert len(ten) == len(one)
    assert len([t for t in tray.overdue + tray.due_soon if t.kind == "rhi"]) == 9


def test_the_chronology_tells_of_health_education_and_missing_episodes(db, social_worker, teenager):
    health_event_record(
        child=teenager, kind=HealthEvent.Kind.SDQ, event_date=date(2026, 3, 2), sdq_score=9, by=social_worker
    )
    pep_record(
        child=teenager,
        kind="review",
        meeting_date=date(2026, 3, 3),
        school_name="Elm School",
        by=social_worker,
    )
    missing_episode_record(
        child=teenager,
        episode_type="M",
        started_at=local(2026, 3, 4, 20),
        ended_at=local(2026, 3, 5, 8),
        by=social_worker,
    )
    entries = chronology_for([teenager.pk], kinds=["health", "missing"])
    assert [(e.date, e.title) for e in entries] == [
        (date(2026, 3, 2), "Strengths and difficulties questionnaire"),
        (date(2026, 3, 3), "PEP review"),
        (date(2026, 3, 4), "Missing"),
        (date(2026, 3, 5), "Returned"),
    ]
