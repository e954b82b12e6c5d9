"""What the data-quality page, the child's record and the worktray read: the latest finished
validation run and its issues, each in one query."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from hearth.allocation.models import Allocation
from hearth.people.models import hearth_id
from hearth.returns.models import IssueType, Return, ValidationIssue, ValidationRun
from hearth.returns.plain_words import in_plain_words

UNALLOCATED = "Not allocated"
CHILDREN_LISTED = 200


def latest_runs(collection: str = Return.CIN_CENSUS) -> QuerySet[ValidationRun]:
    return ValidationRun.objects.filter(collection=collection).order_by("-started_at", "-pk")


def latest_finished_run_id(collection: str = Return.CIN_CENSUS) -> Subquery:
    """The latest finished run, as a subquery, so a reader needs no query of its own for it."""
    return Subquery(latest_runs(collection).filter(status=ValidationRun.Status.FINISHED).values("pk")[:1])


def latest_finished_runs() -> Q:
    """Issues of the latest finished run of each return (CIN census and SSDA903)."""
    return Q(run_id=latest_finished_run_id(Return.CIN_CENSUS)) | Q(
        run_id=latest_finished_run_id(Return.SSDA903)
    )


def latest_run(collection: str = Return.CIN_CENSUS) -> ValidationRun | None:
    return latest_runs(collection).select_related("started_by").first()


def _counts() -> dict:
    return {
        "errors": Count("pk", filter=Q(issue_type=IssueType.ERROR)),
        "queries": Count("pk", filter=Q(issue_type=IssueType.QUERY)),
    }


def issues_by_rule(run: ValidationRun) -> list[dict]:
    rows = (
        ValidationIssue.objects.filter(run=run)
        .values("rule", "issue_type", "message")
        .annotate(count=Count("pk"), children=Count("child", distinct=True))
        .order_by("-count", "rule")
    )
    return list(rows)


def _current(field: str) -> Subquery:
    return Subquery(
        Allocation.objects.filter(child=OuterRef("child_id"), end_date__isnull=True).values(field)[:1]
    )


def issues_by_team(run: ValidationRun) -> list[dict]:
    """Issues about children, counted by the team that holds each child's case today."""
    rows = (
        ValidationIssue.objects.filter(run=run, child__isnull=False)
        .annotate(team_name=_current("team__name"))
        .values("team_name")
        .annotate(children=Count("child", distinct=True), **_counts())
        .order_by("-errors", "team_name")
    )
    return [{**row, "team_name": row["team_name"] or UNALLOCATED} for row in rows]


def issues_by_child(run: ValidationRun, *, limit: int = CHILDREN_LISTED) -> list[dict]:
    """The children with the most errors first, with the worker who holds their case."""
    rows = (
        ValidationIssue.objects.filter(run=run, child__isnull=False)
        .annotate(team_name=_current("team__name"), worker_first=_current("worker__first_name"))
        .annotate(worker_last=_current("worker__last_name"))
        .values(
            "child_id", "child__first_name", "child__last_name", "team_name", "worker_first", "worker_last"
        )
        .annotate(**_counts())
        .order_by("-errors", "-queries", "child_id")[:limit]
    )
    children = []
    for row in rows:
        worker = " ".join(part for part in (row["worker_first"], row["worker_last"]) if part)
        name = " ".join(part for part in (row["child__first_name"], row["child__last_name"]) if part)
        children.append(
            {
                "child_id": row["child_id"],
                "reference": hearth_id(row["child_id"]),
                "name": name or "Name not known",
                "team_name": row["team_name"] or UNALLOCATED,
                "worker": worker,
                "errors": row["errors"],
                "queries": row["queries"],
            }
        )
    return children


def return_level_issues(run: ValidationRun) -> list[ValidationIssue]:
    """Issues about the return as a whole (its header, or authority-wide rules)."""
    return list(ValidationIssue.objects.filter(run=run, child__isnull=True).order_by("rule", "pk"))


@dataclass(frozen=True)
class ChildIssue:
    rule: str
    issue_type: str
    plain: str
    message: str
    table: str
    collection: str = Return.CIN_CENSUS

    @property
    def is_error(self) -> bool:
        return self.issue_type == IssueType.ERROR

    @property
    def return_name(self) -> str:
        return Return(self.collection).label if self.collection in Return.values else self.collection


def child_issues(person_id: int) -> list[ChildIssue]:
    """The child's issues in the latest finished CIN census and SSDA903 runs, in plain words
    (one query)."""
    rows = ValidationIssue.objects.filter(latest_finished_runs(), child_id=person_id).order_by(
        "issue_type", "run__collection", "rule", "pk"
    )
    seen: set[tuple[str, str, str]] = set()
    issues = []
    for row in rows.values("rule", "issue_type", "message", "table", "run__collection"):
        key = (row["run__collection"], row["rule"], row["table"])
        if key in seen:
            continue
        seen.add(key)
        issues.append(
            ChildIssue(
                rule=row["rule"],
                issue_type=row["issue_type"],
                plain=in_plain_words(row["rule"], row["message"]),
                message=row["message"],
                table=row["table"],
                collection=row["run__collection"],
            )
        )
    return issues


def child_has_return_issues(person_id: int) -> bool:
    return ValidationIssue.objects.filter(latest_finished_runs(), child_id=person_id).exists()
