"""The personal education plan (PEP) of a child in care: the initial plan and its reviews, each
a meeting on a date with the school and its designated teacher."""

from django.core.validators import RegexValidator
from django.db import models

from hearth.common_models import Recorded
from hearth.history import HistoricalRecords

school_urn_validator = RegexValidator(r"^\d{6}$", "A school's URN is 6 digits, for example 103456")


class PersonalEducationPlan(Recorded):
    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial PEP"
        REVIEW = "review", "PEP review"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="education_plans")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    meeting_date = models.DateField("date of the PEP meeting")
    school_name = models.CharField("school or setting", max_length=200)
    school_urn = models.CharField("school URN", max_length=6, blank=True, validators=[school_urn_validator])
    designated_teacher = models.CharField("designated teacher", max_length=200, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "personal education plan"
        ordering = ["-meeting_date", "-pk"]
        indexes = [models.Index(fields=["child", "-meeting_date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.meeting_date:%d %b %Y}"
