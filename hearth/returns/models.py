"""Validation runs: what DfE's rules found in the return Hearth would submit at that moment.

The returns themselves are never stored: they are derived from the record whenever they are
asked for. Only the result of checking them is kept, so the data-quality page, the child's
record and the worktray read it quickly instead of running the rules on every request.
"""

from django.conf import settings
from django.db import models


class Return(models.TextChoices):
    CIN_CENSUS = "cin", "CIN census"
    SSDA903 = "903", "SSDA903"


class IssueType(models.TextChoices):
    ERROR = "ERROR", "Error"
    QUERY = "QUERY", "Query"


class ValidationRun(models.Model):
    class Status(models.TextChoices):
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"

    collection = models.CharField(max_length=3, choices=Return.choices)
    year = models.CharField(max_length=7, help_text="Collection year, such as 2026-27.")
    ruleset = models.CharField(max_length=20, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    status = models.CharField(max_length=8, choices=Status.choices)
    children_in_return = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    queries = models.PositiveIntegerField(default=0)
    # Rules that raised on this data instead of answering; they count as neither.
    crashed_rules = models.JSONField(default=list, blank=True)
    failure = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["collection", "status", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.get_collection_display()} {self.year} validation at {self.started_at:%d %b %Y %H:%M}"


class ValidationIssue(models.Model):
    run = models.ForeignKey(ValidationRun, on_delete=models.CASCADE, related_name="issues")
    # Empty for issues about the return as a whole (header and authority-level rules).
    child = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="return_issues"
    )
    rule = models.CharField(max_length=12)
    issue_type = models.CharField(max_length=5, choices=IssueType.choices)
    message = models.TextField()
    table = models.CharField(max_length=40, blank=True)
    fields = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["rule", "pk"]
        indexes = [
            models.Index(fields=["run", "child"]),
            models.Index(fields=["child", "run"]),
            models.Index(fields=["run", "rule"]),
        ]

    def __str__(self) -> str:
        return f"{self.rule} ({self.get_issue_type_display()})"
