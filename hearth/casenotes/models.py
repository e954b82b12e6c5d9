from django.db import models

from hearth.common_models import Recorded
from hearth.history import HistoricalRecords


class CaseNote(Recorded):
    """A note or visit, recorded once for one or several children of a family."""

    class Kind(models.TextChoices):
        HOME_VISIT = "home_visit", "Home visit"
        CIN_VISIT = "cin_visit", "Child in need visit"
        CP_VISIT = "cp_visit", "Child protection visit"
        CLA_VISIT = "cla_visit", "Statutory visit to a child in care"
        SCHOOL_VISIT = "school_visit", "Visit at school"
        OFFICE = "office", "Office meeting"
        PHONE = "phone", "Telephone call"
        MEETING = "meeting", "Professionals' meeting"
        NOTE = "note", "Case note"
        MANAGER = "manager", "Management oversight"

    VISIT_KINDS = frozenset({"home_visit", "cin_visit", "cp_visit", "cla_visit", "school_visit"})

    children = models.ManyToManyField("people.Person", related_name="case_notes")
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=15, choices=Kind.choices)
    child_seen = models.BooleanField(default=False)
    child_seen_alone = models.BooleanField(default=False)
    narrative = models.TextField()
    child_voice = models.TextField("The child's voice", blank=True)
    is_draft = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["kind", "-occurred_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_at:%d %b %Y}"


class LatestVisit(models.Model):
    """Each child's latest visit of each kind, derived from the case notes and never typed.

    The worktray and the Care tab ask when a child was last visited; reading it here costs one
    row per child, however long the child's history. ``latest_visits_refresh`` (the case note
    services) recomputes a child's rows from the notes whenever a note, its kind, date, draft
    state or children change, inside the same transaction, so the rows are always what the
    notes say. A merge recomputes them for both records rather than moving them.
    """

    stays_with_merged_record = True

    child = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="latest_visits", db_index=False
    )
    kind = models.CharField(
        max_length=15,
        choices=[(kind.value, kind.label) for kind in CaseNote.Kind if kind.value in CaseNote.VISIT_KINDS],
    )
    # The latest non-draft note of this kind about the child, and the latest that saw the child.
    last_at = models.DateTimeField()
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Its index (child, kind) answers the worktray's "these children's visits of this kind".
        constraints = [
            models.UniqueConstraint(fields=["child", "kind"], name="casenotes_latest_visit_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} last on {self.last_at:%d %b %Y}"
