"""The SSDA903's errors reach the worker as the CIN census's do: a "Fix return errors" task on
the worktray of whoever holds the case, and the child's Data quality tab in plain words."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hearth.allocation.services import case_allocate
from hearth.organisation.models import TeamType
from hearth.returns.models import IssueType, Return, ValidationIssue, ValidationRun
from hearth.returns.tests.conftest import make_child
from hearth.returns.worktray import return_errors_to_fix
from hearth.worktray.providers import CaseChild, Scope
from hearth.worktray.selectors import worktray_for
from hearth.worktray.tests.journey import make_team

SDQ_MESSAGE = "Children aged 4 or over at the start of the year ... should have a SDQ score completed."


def _run(collection: str, *, days_ago: int = 0) -> ValidationRun:
    when = timezone.now() - timezone.timedelta(days=days_ago)
    return ValidationRun.objects.create(
        collection=collection,
        year="2026-27",
        started_at=when,
        finished_at=when,
        status=ValidationRun.Status.FINISHED,
    )


def _issue(run, child, rule="186", kind=IssueType.ERROR, message=SDQ_MESSAGE, table="OC2"):
    return ValidationIssue.objects.create(
        run=run, child=child, rule=rule, issue_type=kind, message=message, table=table
    )


@pytest.fixture
def team(social_worker, team_manager):
    return make_team(
        "Children in Care 1", TeamType.CHILDREN_IN_CARE, manager=team_manager, members=[social_worker]
    )


def _allocated_child(team, worker, by, **fields):
    child = make_child(**fields)
    case_allocate(child=child, team=team, worker=worker, start_date=date(2026, 5, 1), by=by)
    return child


def _fix_tasks(user):
    tray = worktray_for(user, today=timezone.localdate())
    return [task for task in tray.overdue + tray.due_soon if task.kind == "return_errors"]


def test_an_ssda903_error_gives_the_allocated_worker_a_task(team, social_worker, team_manager):
    child = _allocated_child(team, social_worker, team_manager, first_name="Ruby")
    _run(Return.CIN_CENSUS)  # a clean census: the task comes from the SSDA903 alone
    _issue(_run(Return.SSDA903), child)
    assert [(task.title, task.href) for task in _fix_tasks(social_worker)] == [
        ("Fix return errors for Ruby Stone", reverse("returns:child", args=[child.pk]))
    ]


def test_errors_in_both_returns_make_one_task_for_the_child(team, social_worker, team_manager):
    child = _allocated_child(team, social_worker, team_manager, first_name="Ruby")
    _issue(_run(Return.CIN_CENSUS, days_ago=3), child, rule="4220", table="ChildCharacteristics")
    _issue(_run(Return.SSDA903), child)
    assert len(_fix_tasks(social_worker)) == 1


def test_only_the_latest_ssda903_run_counts(team, social_worker, team_manager):
    child = _allocated_child(team, social_worker, team_manager, first_name="Ruby")
    _issue(_run(Return.SSDA903, days_ago=1), child)
    _run(Return.SSDA903)  # fixed since: the newer check is clean
    assert _fix_tasks(social_worker) == []


def test_ssda903_queries_alone_make_no_task(team, social_worker, team_manager):
    child = _allocated_child(team, social_worker, team_manager)
    _issue(_run(Return.SSDA903), child, kind=IssueType.QUERY)
    assert _fix_tasks(social_worker) == []


def _scope(user, children) -> Scope:
    cases = {child.pk: CaseChild(child.pk, child.first_name, user.pk, "Sam Okafor") for child in children}
    return Scope(user=user, today=timezone.localdate(), children=cases, worker_ids={user.pk})


def test_the_provider_asks_one_query_for_one_child_or_thirty(social_worker):
    census, ssda903 = _run(Return.CIN_CENSUS), _run(Return.SSDA903)
    children = [make_child(first_name=f"Kid{number}") for number in range(30)]
    for number, child in enumerate(children):
        _issue(census if number % 2 else ssda903, child)
    _issue(census, children[0], rule="4220", table="ChildCharacteristics")
    for count in (1, 30):
        with CaptureQueriesContext(connection) as asked:
            tasks = return_errors_to_fix(_scope(social_worker, children[:count]))
        assert (len(tasks), len(asked)) == (count, 1)


def test_the_child_page_shows_ssda903_errors_in_plain_words(client, social_worker):
    child = make_child()
    _issue(_run(Return.SSDA903), child)
    _issue(
        _run(Return.CIN_CENSUS),
        child,
        rule="4220",
        message="Ethnicity is missing",
        table="ChildCharacteristics",
    )
    client.force_login(social_worker)
    assert (
        reverse("returns:child", args=[child.pk])
        in client.get(reverse("people:summary", args=[child.pk])).content.decode()
    )
    page = client.get(reverse("returns:child", args=[child.pk])).content.decode()
    assert "record a strengths and difficulties questionnaire" in page
    assert "SSDA903, DfE rule 186" in page
    assert "CIN census, DfE rule 4220" in page
