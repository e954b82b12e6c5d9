from django.db import models
from simple_history.models import HistoricalRecords

from hearth.common_models import Recorded


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
