"""A child in care's reviews and visits on the worker's worktray; their care in the chronology."""

from datetime import date, datetime

from django.utils import timezone

from hearth.allocation.services import case_allocate
from hearth.casenotes.services import case_note_record
from hearth.childrenincare.services import (
    care_review_hold,
    legal_status_change,
    period_of_care_end,
    placement_change,
)
from hearth.childrenincare.tests.conftest import CHILDRENS_HOME
from hearth.chronology.registry import chronology_for
from hearth.organisation.models import TeamType
from hearth.worktray.selectors import worktray_for
from hearth.worktray.tests.journey import make_team


def allocate(period, worker):
    team = make_team("Children in care North", TeamType.CHILDREN_IN_CARE, members=[worker])
    case_allocate(child=period.child, team=team, worker=worker, start_date=period.start_date, by=worker)


def care_tasks(worker, today):
    tray = worktray_for(worker, today=today)
    return {
        task.kind: task.due
        for task in tray.overdue + tray.due_soon
        if task.kind in ("cla_review", "cla_visit")
    }


def test_the_first_review_and_visit_are_on_the_allocated_workers_worktray(period, social_worker):
    allocate(period, social_worker)
    assert care_tasks(social_worker, date(2026, 1, 20)) == {
        "cla_review": date(2026, 2, 2),
        "cla_visit": date(2026, 1, 12),
    }


def test_the_worktray_follows_the_reviews_and_visits_held(period, social_worker, cp_chair, child):
    allocate(period, social_worker)
    care_review_hold(
        period=period, review_date=date(2026, 1, 30), chair=cp_chair, participation="PN1", by=cp_chair
    )
    case_note_record(
        children=[child],
        occurred_at=timezone.make_aware(datetime(2026, 3, 20, 10)),
        kind="cla_visit",
        narrative="Visit",
        child_seen=True,
        by=social_worker,
    )
    # Second review due 30 April; next visit 1 May; both within 10 working days of 20 April.
    assert care_tasks(social_worker, date(2026, 4, 20)) == {
        "cla_review": date(2026, 4, 30),
        "cla_visit": date(2026, 5, 1),
    }


def test_a_child_who_has_left_care_drops_off_the_worktray(period, social_worker):
    allocate(period, social_worker)
    period_of_care_end(period=period, end_date=date(2026, 1, 20), reason_ceased="E4A", by=social_worker)
    assert care_tasks(social_worker, date(2026, 1, 21)) == {}


def test_the_chronology_tells_the_story_of_the_childs_care(period, social_worker, cp_chair, child):
    legal_status_change(period=period, legal_status="C2", on=date(2026, 3, 2), by=social_worker)
    placement_change(
        period=period, on=date(2026, 4, 10), by=social_worker, reason_changed="CREQB", **CHILDRENS_HOME
    )
    care_review_hold(
        period=period, review_date=date(2026, 1, 30), chair=cp_chair, participation="PN1", by=cp_chair
    )
    period_of_care_end(period=period, end_date=date(2026, 6, 1), reason_ceased="E4A", by=social_worker)
    entries = [(entry.date, entry.title) for entry in chronology_for([child.pk], kinds=["care"])]
    assert entries == [
        (date(2026, 1, 5), "Came into care"),
        (date(2026, 1, 5), "Legal status"),
        (date(2026, 1, 5), "Placement"),
        (date(2026, 1, 30), "Looked-after review"),
        (date(2026, 3, 2), "Legal status"),
        (date(2026, 4, 10), "Placement"),
        (date(2026, 6, 1), "Left care"),
    ]
