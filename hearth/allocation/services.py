"""Allocating a child's case to a team and worker, and moving it between them.

A child has at most one current allocation. A transfer ends it and starts the next on the
same day in one transaction, so the list of allocations is the history of who held the case.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError

from hearth.allocation.models import Allocation
from hearth.organisation.models import StaffMember, Team
from hearth.people.models import Person
from hearth.transactions import atomic_action


def _fmt(day: date) -> str:
    return f"{day:%-d %B %Y}"


def _save(record, by) -> None:
    if by is not None:
        record._history_user = by
    record.save()


def _check_worker(team: Team, worker, field: str) -> dict:
    """A worker who belongs to a team must be allocated through it: a case given to a worker
    in another team would vanish from both managers' caseload pages."""
    if worker is None:
        return {}
    if not worker.is_active:
        return {field: f"{worker.get_full_name() or worker.username} no longer has an active account"}
    home_team_id = StaffMember.objects.filter(user=worker).values_list("team_id", flat=True).first()
    if home_team_id is not None and home_team_id != team.pk:
        return {field: f"{worker.get_full_name() or worker.username} is not a member of {team.name}"}
    return {}


def _check_dates(child: Person, start: date, field: str) -> dict:
    if child.date_of_birth and start < child.date_of_birth and not child.expected_date_of_birth:
        return {field: f"The allocation cannot start before the child was born ({_fmt(child.date_of_birth)})"}
    expected = child.expected_date_of_birth
    if expected and start < expected - timedelta(days=280):
        return {field: "The allocation cannot start more than 280 days before the expected date of birth"}
    return {}


@atomic_action
def case_allocate(*, child: Person, team: Team, worker, start_date: date, by, reason: str = "") -> Allocation:
    """Allocate an unallocated child's case to ``team`` (and ``worker``, who may be None while
    the case waits in the team's queue). A child already allocated is moved with case_transfer."""
    child = Person.objects.select_for_update().get(pk=child.pk)
    errors: dict[str, str] = {}
    current = Allocation.objects.filter(child=child, end_date__isnull=True).select_related("team").first()
    if current is not None:
        errors["team"] = (
            f"{child.display_name} is already allocated to {current.team.name}: transfer the case instead"
        )
    last_end = (
        Allocation.objects.filter(child=child, end_date__isnull=False)
        .order_by("-end_date")
        .values_list("end_date", flat=True)
        .first()
    )
    if last_end and start_date < last_end:
        errors["start_date"] = (
            f"The allocation must start on or after {_fmt(last_end)}, when the last one ended"
        )
    errors |= _check_dates(child, start_date, "start_date")
    errors |= _check_worker(team, worker, "worker")
    if errors:
        raise ValidationError(errors)
    allocation = Allocation(
        child=child, team=team, worker=worker, start_date=start_date, reason=reason, created_by=by
    )
    allocation.full_clean()
    _save(allocation, by)
    return allocation


@atomic_action
def case_transfer(
    *,
    child: Person,
    to_team: Team,
    to_worker,
    on: date,
    by,
    reason: str,
    expected_allocation_id: int | None = None,
) -> Allocation:
    """Move the child's case to another team or worker on ``on``: the current allocation ends that
    day and the new one starts that day, in one action. ``expected_allocation_id`` is the current
    allocation the worker saw; the transfer is refused if the case moved on since."""
    child = Person.objects.select_for_update().get(pk=child.pk)
    current = (
        Allocation.objects.select_for_update(of=("self",))
        .filter(child=child, end_date__isnull=True)
        .select_related("team", "worker")
        .first()
    )
    if current is None:
        raise ValidationError(
            {"to_team": f"{child.display_name} is not allocated yet: allocate the case instead"}
        )
    if expected_allocation_id is not None and current.pk != expected_allocation_id:
        raise ValidationError(
            {
                "__all__": (
                    "Someone else changed this child's allocation while you were transferring it: "
                    f"it is now with {current.team.name}"
                    + (
                        f" ({current.worker.get_full_name() or current.worker.username})"
                        if current.worker
                        else ""
                    )
                    + ". Check and try again"
                )
            },
            code="concurrent",
        )
    errors: dict[str, str] = {}
    if on < current.start_date:
        errors["on"] = (
            f"The transfer date must be on or after {_fmt(current.start_date)}, when the current allocation started"
        )
    if current.team_id == to_team.pk and current.worker_id == (to_worker.pk if to_worker else None):
        errors["to_team"] = f"The case is already with {to_team.name}" + (
            f" and {to_worker.get_full_name() or to_worker.username}" if to_worker else ""
        )
    if not (reason or "").strip():
        errors["reason"] = "Enter the reason for the transfer"
    errors |= _check_worker(to_team, to_worker, "to_worker")
    if errors:
        raise ValidationError(errors)
    current.end_date = on
    current.version += 1
    current.full_clean()
    _save(current, by)
    following = Allocation(
        child=child, team=to_team, worker=to_worker, start_date=on, reason=reason, created_by=by
    )
    following.full_clean()
    _save(following, by)
    return following


@atomic_action
def allocation_end(*, child: Person, on: date, by) -> Allocation | None:
    """End the child's current allocation (when the case closes). Returns it, or None."""
    current = Allocation.objects.select_for_update().filter(child=child, end_date__isnull=True).first()
    if current is None:
        return None
    if on < current.start_date:
        raise ValidationError({"on": f"The end date must be on or after {_fmt(current.start_date)}"})
    current.end_date = on
    current.version += 1
    current.full_clean()
    _save(current, by)
    return current
