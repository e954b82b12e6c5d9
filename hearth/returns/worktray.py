"""The worktray's "Fix return errors" tasks: each allocated child with errors in the latest
finished run of either return (CIN census or SSDA903), for the worker who holds the case. One
task a child, however many errors in however many returns; one query for all the children
(the latest runs are subqueries of it).

Imported from ``ReturnsConfig.ready``: the task is due five working days after the latest check
that found the errors, so a nightly run keeps it in the "due soon" list until fixed.
"""

from django.db.models import Count, Max

from hearth.returns.models import IssueType, ValidationIssue
from hearth.returns.selectors import latest_finished_runs
from hearth.timescales.working_days import add_working_days
from hearth.worktray.providers import Scope, Task, _child_task, _local_date, case_provider, link

FIX_WITHIN_WORKING_DAYS = 5


@case_provider
def return_errors_to_fix(scope: Scope) -> list[Task]:
    if not scope.children:
        return []
    rows = (
        ValidationIssue.objects.filter(
            latest_finished_runs(), child_id__any_of=scope.child_ids, issue_type=IssueType.ERROR
        )
        .values("child_id")
        .annotate(errors=Count("pk"), found_at=Max("run__finished_at"))
        .order_by("child_id")
    )
    return [
        _child_task(
            scope,
            row["child_id"],
            title=f"Fix return errors for {scope.children[row['child_id']].name}",
            due=add_working_days(_local_date(row["found_at"]), FIX_WITHIN_WORKING_DAYS),
            href=link("returns:child", row["child_id"]),
            kind="return_errors",
        )
        for row in rows
    ]
