"""Allocating a child's case and transferring it between teams."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hearth.allocation.models import Allocation
from hearth.allocation.selectors import (
    allocation_history,
    caseload,
    current_allocation,
    staff_caseloads,
    team_caseload,
)
from hearth.allocation.services import case_allocate, case_transfer
from hearth.organisation.selectors import caseload_counter_register, team_caseloads


def test_a_child_is_allocated_to_a_team_and_worker(child, teams, social_worker, team_manager):
    case_allocate(
        child=child, team=teams.assessment, worker=social_worker, start_date=date(2026, 9, 1), by=team_manager
    )
    allocation = current_allocation(child)
    assert (allocation.team, allocation.worker) == (teams.assessment, social_worker)
    assert [a.child for a in caseload(social_worker)] == [child]


def test_an_allocated_child_is_transferred_not_allocated_twice(child, teams, social_worker, team_manager):
    case_allocate(
        child=child, team=teams.assessment, worker=social_worker, start_date=date(2026, 9, 1), by=team_manager
    )
    with pytest.raises(ValidationError) as refused:
        case_allocate(
            child=child, team=teams.safeguarding, worker=None, start_date=date(2026, 9, 2), by=team_manager
        )
    assert "transfer the case" in refused.value.message_dict["team"][0]


def test_a_worker_from_another_team_cannot_be_allocated(child, teams, another_social_worker, team_manager):
    with pytest.raises(ValidationError) as refused:
        case_allocate(
            child=child,
            team=teams.assessment,
            worker=another_social_worker,
            start_date=date(2026, 9, 1),
            by=team_manager,
        )
    assert "not a member of South ASTI" in refused.value.message_dict["worker"][0]


def test_a_transfer_ends_one_allocation_and_starts_the_next_the_same_day(
    child, teams, social_worker, another_social_worker, team_manager
):
    first = case_allocate(
        child=child, team=teams.assessment, worker=social_worker, start_date=date(2026, 9, 1), by=team_manager
    )
    case_transfer(
        child=child,
        to_team=teams.safeguarding,
        to_worker=another_social_worker,
        on=date(2026, 10, 12),
        by=team_manager,
        reason="Child protection plan",
    )
    history = allocation_history(child)
    assert [(a.team, a.start_date, a.end_date) for a in history] == [
        (teams.safeguarding, date(2026, 10, 12), None),
        (teams.assessment, date(2026, 9, 1), date(2026, 10, 12)),
    ]
    assert history[1].pk == first.pk
    assert caseload(social_worker) == []


def test_a_transfer_cannot_go_back_before_the_current_allocation(child, teams, social_worker, team_manager):
    case_allocate(
        child=child, team=teams.assessment, worker=social_worker, start_date=date(2026, 9, 1), by=team_manager
    )
    with pytest.raises(ValidationError) as refused:
        case_transfer(
            child=child,
            to_team=teams.safeguarding,
            to_worker=None,
            on=date(2026, 8, 1),
            by=team_manager,
            reason="x",
        )
    assert "on" in refused.value.message_dict
    assert Allocation.objects.get().end_date is None


def test_a_transfer_from_a_stale_page_is_refused(
    child, teams, social_worker, another_social_worker, team_manager
):
    allocation = case_allocate(
        child=child, team=teams.assessment, worker=None, start_date=date(2026, 9, 1), by=team_manager
    )
    case_transfer(
        child=child,
        to_team=teams.assessment,
        to_worker=social_worker,
        on=date(2026, 9, 2),
        by=team_manager,
        reason="Allocated",
    )
    with pytest.raises(ValidationError) as refused:
        case_transfer(
            child=child,
            to_team=teams.safeguarding,
            to_worker=another_social_worker,
            on=date(2026, 9, 3),
            by=team_manager,
            reason="x",
            expected_allocation_id=allocation.pk,
        )
    assert "Someone else changed" in refused.value.messages[0]


def test_a_child_cannot_be_allocated_before_birth(child, teams, team_manager):
    with pytest.raises(ValidationError):
        case_allocate(
            child=child, team=teams.assessment, worker=None, start_date=date(2017, 1, 1), by=team_manager
        )


def test_the_team_caseload_counts_each_workers_cases(child, sibling, teams, social_worker, team_manager):
    case_allocate(
        child=child, team=teams.assessment, worker=social_worker, start_date=date(2026, 9, 1), by=team_manager
    )
    case_allocate(
        child=sibling, team=teams.assessment, worker=None, start_date=date(2026, 9, 1), by=team_manager
    )
    load = team_caseload(teams.assessment)
    assert {row.member.full_name: row.count for row in load.workers} == {"Tara Reid": 0, "Sam Okafor": 1}
    assert [a.child for a in load.unallocated] == [sibling]
    caseload_counter_register(staff_caseloads)  # as the app does at start-up
    assert team_caseloads([teams.worker, teams.manager]) == {teams.worker.pk: 1, teams.manager.pk: 0}
