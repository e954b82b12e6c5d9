"""Reads of allocations: who holds a child's case, and what each worker and team holds."""

from dataclasses import dataclass

from django.db.models import Count, F

from hearth.allocation.models import Allocation
from hearth.organisation.models import StaffMember, Team
from hearth.organisation.selectors import team_members
from hearth.people.models import Person


def current_allocation(child: Person) -> Allocation | None:
    """The team and worker holding the child's case now (one query)."""
    return (
        Allocation.objects.filter(child=child, end_date__isnull=True)
        .select_related("team", "worker")
        .order_by("-start_date", "-pk")
        .first()
    )


def allocation_history(child: Person) -> list[Allocation]:
    """Every allocation of the child, newest first, with team, worker and who recorded it."""
    return list(
        Allocation.objects.filter(child=child)
        .select_related("team", "worker", "created_by")
        .order_by("-start_date", "-pk")
    )


def caseload(worker) -> list[Allocation]:
    """The cases a worker holds now, with each child and team (one query)."""
    return list(
        Allocation.objects.filter(worker=worker, end_date__isnull=True)
        .select_related("child", "team")
        .order_by("child__last_name", "child__first_name", "child_id")
    )


@dataclass
class WorkerCaseload:
    member: StaffMember
    count: int


@dataclass
class TeamCaseload:
    team: Team
    workers: list[WorkerCaseload]
    # Cases held by the team with no named worker yet: waiting for the manager to allocate.
    unallocated: list[Allocation]

    @property
    def total(self) -> int:
        return sum(row.count for row in self.workers) + len(self.unallocated)


def open_case_counts(user_ids: list[int]) -> dict[int, int]:
    """Open cases per worker (user id), in one query."""
    rows = (
        Allocation.objects.filter(worker_id__in=user_ids, end_date__isnull=True)
        .values("worker_id")
        .annotate(cases=Count("pk"))
    )
    return {row["worker_id"]: row["cases"] for row in rows}


def team_caseload(team: Team) -> TeamCaseload:
    """The team's staff with the number of the team's cases each holds, and the team's cases
    that wait for a worker. Three queries, whatever the size of the team."""
    members = team_members(team)
    counts = dict(
        Allocation.objects.filter(team=team, end_date__isnull=True, worker__isnull=False)
        .values_list("worker_id")
        .annotate(cases=Count("pk"))
    )
    unallocated = list(
        Allocation.objects.filter(team=team, end_date__isnull=True, worker__isnull=True)
        .select_related("child")
        .order_by("start_date", "pk")
    )
    workers = [WorkerCaseload(member=m, count=counts.get(m.user_id, 0) if m.user_id else 0) for m in members]
    return TeamCaseload(team=team, workers=workers, unallocated=unallocated)


def staff_caseloads(members: list[StaffMember]) -> dict[int, int]:
    """The organisation app's caseload hook: open cases keyed by staff id (one query)."""
    by_user = open_case_counts([m.user_id for m in members if m.user_id])
    return {m.pk: by_user.get(m.user_id, 0) if m.user_id else 0 for m in members}


def team_cases(team: Team) -> list[Allocation]:
    """The team's current cases with child and worker (one query), with only what the caseload
    shows of them."""
    return list(
        Allocation.objects.filter(team=team, end_date__isnull=True)
        .select_related("child", "worker")
        .only(
            "child_id",
            "worker_id",
            "start_date",
            "child__person_type",
            "child__first_name",
            "child__last_name",
            "child__is_restricted",
            "worker__first_name",
            "worker__last_name",
            "worker__username",
        )
        .order_by(F("worker__last_name").asc(nulls_first=True), "child__last_name", "pk")
    )
