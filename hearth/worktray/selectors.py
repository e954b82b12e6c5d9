"""What a worker's worktray shows: their due and overdue work, and a manager's team's.

The tasks come from the providers in ``hearth.worktray.providers`` (one per kind of task, one
query each for all the children at once), with due dates computed from the statutory
timescale table. The clocks that depend on the records alone are read from their stored
answers (``hearth.worktray.due_work``), one query for every child in view. Work due beyond the horizon (10 working days) is not shown yet.
"""

from dataclasses import dataclass, field, replace
from datetime import date

from django.utils import timezone

from hearth.accounts.roles import Role
from hearth.allocation.models import Allocation
from hearth.audit.selectors import overrides_to_review_count
from hearth.organisation.models import StaffMember, TeamType
from hearth.organisation.selectors import teams_managed_by
from hearth.people.models import display_name_of
from hearth.timescales.working_days import add_working_days
from hearth.worktray.due_work import due_work_for
from hearth.worktray.providers import CASE_PROVIDERS, QUEUE_PROVIDERS, SIGN_OFF_CLOCKS, CaseChild, Scope, Task

__all__ = ["HORIZON_WORKING_DAYS", "Task", "WorkerTasks", "Worktray", "team_member_worktray", "worktray_for"]

HORIZON_WORKING_DAYS = 10


@dataclass
class WorkerTasks:
    worker_id: int
    worker_name: str
    overdue: list[Task] = field(default_factory=list)
    due_soon: list[Task] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.due_soon)


@dataclass
class Worktray:
    overdue: list[Task] = field(default_factory=list)
    due_soon: list[Task] = field(default_factory=list)
    # Decisions waiting for this manager: contact sign-offs, assessments to authorise.
    sign_offs: list[Task] = field(default_factory=list)
    # For a team manager: each member of their teams with their work.
    team: list[WorkerTasks] = field(default_factory=list)
    # Restricted records opened with a reason, waiting for this manager's review.
    overrides_to_review: int = 0
    today: date | None = None
    horizon: date | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.sign_offs or any(not w.is_empty for w in self.team))


def _name(user) -> str:
    return user.get_full_name() or user.username


def _scope(user, today: date) -> tuple[Scope, dict[int, str]]:
    """Who and which children are in view (three queries at most)."""
    workers: dict[int, str] = {user.pk: _name(user)}
    manages_front_door = False
    manages_team = user.has_role(Role.TEAM_MANAGER)
    if manages_team:
        teams = list(teams_managed_by(user))
        manages_front_door = any(team.team_type == TeamType.FRONT_DOOR for team in teams)
        members = StaffMember.objects.filter(team__in=teams, user__isnull=False).select_related("user")
        for member in members:
            workers.setdefault(member.user_id, _name(member.user))
    # Read as values: a manager's teams hold a few hundred cases, and a model object for each
    # case and each child cost more than the query.
    allocations = Allocation.objects.filter(
        end_date__isnull=True, worker_id__any_of=list(workers)
    ).values_list("child_id", "worker_id", "child__person_type", "child__first_name", "child__last_name")
    children = {
        child_id: CaseChild(
            child_id, display_name_of(person_type, first_name, last_name), worker_id, workers[worker_id]
        )
        for child_id, worker_id, person_type, first_name, last_name in allocations
    }
    scope = Scope(
        user=user,
        today=today,
        children=children,
        worker_ids=set(workers),
        manages_team=manages_team,
        manages_front_door=manages_front_door,
    )
    return scope, workers


def _split(tasks: list[Task], today: date, horizon: date) -> tuple[list[Task], list[Task]]:
    ordered = sorted(tasks, key=lambda task: (task.due, task.child_name, task.title))
    overdue = [task for task in ordered if task.due < today]
    due_soon = [task for task in ordered if today <= task.due <= horizon]
    return overdue, due_soon


def worktray_for(user, *, today: date | None = None) -> Worktray:
    today = today or timezone.localdate()
    horizon = add_working_days(today, HORIZON_WORKING_DAYS)
    scope, workers = _scope(user, today)

    # The clocks from the read model, then the tasks that come and go with the day.
    case_tasks = due_work_for(scope)
    for provider in CASE_PROVIDERS:
        case_tasks.extend(provider(scope))
    # Decisions stored with the clocks are the manager's to make, in their own queue.
    sign_offs: list[Task] = []
    if scope.manages_team:
        sign_offs = [
            replace(task, worker_id=None, worker_name="")
            for task in case_tasks
            if task.kind in SIGN_OFF_CLOCKS
        ]
    case_tasks = [task for task in case_tasks if task.kind not in SIGN_OFF_CLOCKS]
    own_tasks = [task for task in case_tasks if task.worker_id == user.pk]
    for provider in QUEUE_PROVIDERS:
        for task in provider(scope):
            (sign_offs if task.kind == "contact_sign_off" else own_tasks).append(task)

    overdue, due_soon = _split(own_tasks, today, horizon)
    team = []
    for worker_id, worker_name in workers.items():
        if worker_id == user.pk:
            continue
        mine = [task for task in case_tasks if task.worker_id == worker_id]
        w_overdue, w_due = _split(mine, today, horizon)
        team.append(WorkerTasks(worker_id, worker_name, w_overdue, w_due))
    team.sort(key=lambda w: (-len(w.overdue), w.worker_name))
    return Worktray(
        overdue=overdue,
        due_soon=due_soon,
        # Every decision waiting for sign-off is shown, however far off its deadline.
        sign_offs=sorted(sign_offs, key=lambda task: (task.due, task.child_name)),
        team=team,
        overrides_to_review=overrides_to_review_count(user),
        today=today,
        horizon=horizon,
    )


def team_member_worktray(
    manager, worker_id: int, *, today: date | None = None
) -> tuple[str, Worktray] | None:
    """A member of one of the manager's teams, by name, with their worktray: what the manager
    opens from the summary of the team's work. None when the worker is not in those teams."""
    member = (
        StaffMember.objects.filter(user_id=worker_id, user__isnull=False, team__in=teams_managed_by(manager))
        .select_related("user")
        .first()
    )
    if member is None or member.user_id == manager.pk:
        return None
    return _name(member.user), worktray_for(member.user, today=today)
