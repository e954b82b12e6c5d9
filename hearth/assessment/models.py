from django.conf import settings
from django.db import models

from hearth.common_models import Recorded
from hearth.history import HistoricalRecords


class Assessment(Recorded):
    """A single (child and family) assessment within a referral's episode of need."""

    class Outcome(models.TextChoices):
        NO_FURTHER_ACTION = "nfa", "No further action"
        EARLY_HELP = "early_help", "Step down to early help"
        CHILD_IN_NEED = "cin", "Child in need plan"
        STRATEGY = "strategy", "Strategy discussion"
        LOOKED_AFTER = "looked_after", "Child to be looked after"
        OTHER = "other", "Other services"

    referral = models.ForeignKey("childinneed.Referral", on_delete=models.PROTECT, related_name="assessments")
    start_date = models.DateField()
    child_seen_on = models.DateField(null=True, blank=True)
    child_seen_alone = models.BooleanField(default=False)
    child_views = models.TextField("The child's views", blank=True)
    analysis = models.TextField(blank=True)
    factors = models.JSONField(default=list, blank=True, help_text="DfE assessment factor codes.")
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    completed_on = models.DateField(null=True, blank=True, help_text="Submitted by the worker.")
    authorised_on = models.DateField(null=True, blank=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-pk"]
        constraints = [
            # DfE 8896: at most one open (not yet authorised) assessment per episode.
            models.UniqueConstraint(
                fields=["referral"],
                condition=models.Q(authorised_on__isnull=True),
                name="one_open_assessment_per_episode",
            ),
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True)
                | models.Q(completed_on__gte=models.F("start_date")),
                name="assessment_completed_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(authorised_on__isnull=True)
                | models.Q(completed_on__isnull=False, authorised_on__gte=models.F("completed_on")),
                name="assessment_authorised_after_completion",
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment started {self.start_date:%d %b %Y}"
