"""The worktray's stored clocks (``DueWork``) stay what the records say, whatever changes."""

import re
from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.childinneed.services import cin_plan_review_add
from hearth.childprotection.models import CoreGroup
from hearth.childprotection.services import core_group_record
from hearth.people.merge import person_merge
from hearth.timescales.models import Timescale
from hearth.worktray.due_work import (
    WATCHED,
    due_work_differences,
    due_work_mark_stale,
    due_work_refresh,
    due_work_refresh_stale,
)
from hearth.worktray.models import DueWork, DueWorkStale
from hearth.worktray.selectors import worktray_for
from hearth.worktray.tests.case_history import lengthen, safeguarding_case
from hearth.worktray.tests.journey import (
    make_child,
    protect,
    refer_and_allocate,
    start_assessment,
    visit,
)

TODAY = date(2025, 3, 3)


@pytest.fixture
def case(social_worker, another_social_worker, team_manager):
    return safeguarding_case(social_worker, another_social_worker, team_manager)


@pytest.fixture
def protected(social_worker, case):
    """A second child of the same worker, on a child protection plan from 3 February 2025."""
    child = make_child(social_worker, first_name="Noah", born=date(2019, 2, 1))
    referral = refer_and_allocate(
        child, on=date(2025, 1, 27), team=case.team, worker=social_worker, by=social_worker
    )
    start_assessment(referral, on=date(2025, 1, 27), by=social_worker)
    protection = protect(
        referral,
        strategy_on=date(2025, 1, 28),
        icpc_on=date(2025, 2, 3),
        by=social_worker,
        chair=case.chair,
    )
    return child, protection


def _stored(child) -> dict[str, date]:
    """The child's stored clocks, worked out again first if stale (as a worktray does)."""
    due_work_refresh_stale([child.pk])
    return dict(DueWork.objects.filter(child=child).values_list("kind", "due"))


def _kinds(user, child) -> dict[str, date]:
    tray = worktray_for(user, today=TODAY)
    return {task.kind: task.due for task in tray.overdue + tray.due_soon if task.child_id == child.pk}


def test_a_recorded_change_marks_the_child_and_the_worktray_works_it_out_again(
    social_worker, case, protected
):
    child, protection = protected
    assert _kinds(social_worker, child)["core_group"] == date(2025, 2, 17)  # 10 WD from the ICPC
    assert not DueWorkStale.objects.exists()
    core_group_record(plan=protection.plan, held_on=date(2025, 2, 20), by=social_worker)
    assert DueWorkStale.objects.filter(child=child).exists()
    assert "core_group" not in _kinds(social_worker, child)
    assert not DueWorkStale.objects.exists()
    assert due_work_differences([child.pk, case.child.pk]) == []


def test_a_long_case_keeps_its_stored_clocks_true_after_every_month(social_worker, case, protected):
    child, _ = protected
    for _ in range(3):
        lengthen(case, months=1)
        visit(child, on=date(2025, 2, 10 + case.months), by=social_worker)
        assert due_work_differences([case.child.pk, child.pk]) == []
    kinds = {row for row in DueWork.objects.filter(child=case.child).values_list("kind", flat=True)}
    assert {"cin_review", "cla_review", "cla_visit"} <= kinds


def test_a_deleted_record_marks_the_child(social_worker, case, protected):
    child, protection = protected
    core_group_record(plan=protection.plan, held_on=date(2025, 2, 20), by=social_worker)
    due_work_refresh_stale()
    CoreGroup.objects.get(plan=protection.plan).delete()
    assert DueWorkStale.objects.filter(child=child).exists()
    assert _kinds(social_worker, child)["core_group"] == date(2025, 2, 17)


def test_a_changed_timescale_moves_every_running_clock(social_worker, case, protected):
    child, _ = protected
    before = _stored(case.child)["cin_review"]
    row = Timescale.objects.get(key="cin.review")
    row.amount = row.amount + 1
    row.save()
    assert set(DueWorkStale.objects.values_list("child_id", flat=True)) == {case.child.pk, child.pk}
    assert _stored(case.child)["cin_review"] > before
    assert due_work_differences([case.child.pk, child.pk]) == []


def test_a_merge_works_out_the_clocks_of_both_records(social_worker, team_manager, case):
    duplicate = make_child(social_worker, first_name="Ava", born=date(2015, 5, 1))
    referral = refer_and_allocate(
        duplicate, on=date(2025, 2, 3), team=case.team, worker=social_worker, by=social_worker
    )
    start_assessment(referral, on=date(2025, 2, 3), by=social_worker)
    due_work_refresh_stale()
    assert DueWork.objects.filter(child=duplicate, kind="assessment").exists()
    person_merge(keep=case.child, merge=duplicate, by=team_manager, reason="The same child, recorded twice")
    assert set(DueWorkStale.objects.values_list("child_id", flat=True)) == {case.child.pk, duplicate.pk}
    assert due_work_differences([case.child.pk, duplicate.pk]) == []


def test_a_review_recorded_through_the_service_moves_the_next_review(social_worker, case):
    before = _stored(case.child)["cin_review"]
    cin_plan_review_add(plan=case.plan, review_date=date(2025, 2, 28), by=social_worker)
    assert _stored(case.child)["cin_review"] > before


def test_a_rebuild_of_unmarked_children_gives_the_same_rows(social_worker, case, protected):
    child, _ = protected
    due_work_refresh_stale()
    stored = sorted(DueWork.objects.values_list("child_id", "kind", "title", "due", "href"))
    DueWork.objects.all().delete()
    assert due_work_refresh([case.child.pk, child.pk]) == 2
    assert sorted(DueWork.objects.values_list("child_id", "kind", "title", "due", "href")) == stored


def test_the_check_command_fails_on_a_stored_clock_the_records_do_not_give(social_worker, case, capsys):
    call_command("due_work", "--check")
    assert "match their records" in capsys.readouterr().out
    row = DueWork.objects.filter(child=case.child).first()
    DueWork.objects.filter(pk=row.pk).update(due=row.due.replace(year=row.due.year + 1))
    # The stored row, and the one the records give instead.
    with pytest.raises(CommandError, match="2 clocks differ"):
        call_command("due_work", "--check")
    # Marked stale, the child's clocks are worked out again and the difference goes.
    due_work_mark_stale([case.child.pk])
    call_command("due_work")
    call_command("due_work", "--check")


def test_a_note_recorded_at_the_front_door_for_a_child_with_no_case_adds_nothing(social_worker):
    child = make_child(social_worker, first_name="Isla")
    visit(child, on=date(2025, 2, 3), by=social_worker, kind="home_visit")
    due_work_refresh_stale()
    assert not DueWork.objects.filter(child=child).exists()


def test_a_person_deleted_leaves_no_mark_behind(social_worker):
    child = make_child(social_worker, first_name="Isla")
    child.delete()
    assert not DueWorkStale.objects.exists()


def test_every_table_a_stored_clock_reads_is_watched(social_worker, case, protected):
    """A clock provider that reads a new kind of record must add it to WATCHED, or a change to
    that record would leave the stored clocks stale."""
    child, _ = protected
    with CaptureQueriesContext(connection) as captured:
        due_work_refresh([case.child.pk, child.pk])
    tables = {name for query in captured for name in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])}
    read = {model._meta.label for model in apps.get_models() if model._meta.db_table in tables}
    # The latest visits say so themselves (visits_changed), a changed timescale marks every
    # child; the rest are the read model's own.
    kept_up_otherwise = {
        "casenotes.LatestVisit",
        "timescales.Timescale",
        "worktray.DueWork",
        "worktray.DueWorkStale",
    }
    assert read - kept_up_otherwise <= set(WATCHED)
    assert {"childprotection.ChildProtectionPlan", "childrenincare.PeriodOfCare"} <= read
