"""The health of a child in care, recorded as dated events.

Each event is one thing that happened on a day: a health assessment, a dental check, a check
that immunisations are up to date, a development check, a strengths and difficulties
questionnaire, substance misuse identified, a conviction. The SSDA903 OC2 row is derived from
them (``selectors.oc2_for``), so nothing is typed for the return.
"""

from django.db import models
from django.db.models import Q

from hearth.common_models import Recorded
from hearth.history import HistoricalRecords
from hearth.reference.validators import InCodeList


class HealthEvent(Recorded):
    class Kind(models.TextChoices):
        INITIAL_ASSESSMENT = "iha", "Initial health assessment"
        REVIEW_ASSESSMENT = "rha", "Review health assessment"
        DENTAL = "dental", "Dental check"
        IMMUNISATIONS = "immunisations", "Immunisations checked"
        DEVELOPMENT = "development", "Development check"
        SDQ = "sdq", "Strengths and difficulties questionnaire"
        SUBSTANCE_MISUSE = "substance", "Substance misuse identified"
        CONVICTION = "conviction", "Conviction, final warning or reprimand"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="health_events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    event_date = models.DateField("date")
    carried_out_by = models.CharField("carried out by", max_length=200, blank=True)
    immunisations_up_to_date = models.BooleanField(null=True, blank=True)
    sdq_score = models.PositiveSmallIntegerField("SDQ score", null=True, blank=True)
    sdq_reason = models.CharField(
        "reason there is no SDQ score", max_length=4, blank=True, validators=[InCodeList("sdq_reason")]
    )
    intervention_offered = models.BooleanField(null=True, blank=True)
    intervention_received = models.BooleanField(null=True, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-event_date", "-pk"]
        indexes = [models.Index(fields=["child", "kind", "-event_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(sdq_score__isnull=True) | Q(sdq_score__lte=40), name="sdq_score_at_most_40"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.event_date:%d %b %Y}"

    @property
    def is_assessment(self) -> bool:
        return self.kind in ASSESSMENT_KINDS


ASSESSMENT_KINDS = frozenset({HealthEvent.Kind.INITIAL_ASSESSMENT, HealthEvent.Kind.REVIEW_ASSESSMENT})
