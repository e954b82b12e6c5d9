from django.conf import settings
from django.db import models

from hearth.common_models import Recorded
from hearth.history import HistoricalRecords


class EarlyHelpEpisode(Recorded):
    """Family support below the threshold for social care, led by a named worker."""

    class Outcome(models.TextChoices):
        NEEDS_MET = "needs_met", "Needs met"
        STEPPED_UP = "stepped_up", "Stepped up to children's social care"
        DISENGAGED = "disengaged", "Family did not engage"
        MOVED = "moved", "Moved out of the area"
        OTHER = "other", "Other"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="early_help_episodes")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    lead_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lead_agency = models.CharField(max_length=200, blank=True)
    assessment_started_on = models.DateField(null=True, blank=True)
    assessment_completed_on = models.DateField(null=True, blank=True)
    plan = models.TextField(blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    outcome_notes = models.TextField(blank=True)
    stepped_down_from = models.ForeignKey(
        "childinneed.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stepped_up_to = models.ForeignKey(
        "childinneed.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A step-up through the front door: the contact made for it (its sign-off makes the referral).
    stepped_up_via = models.ForeignKey(
        "frontdoor.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(end_date__isnull=True),
                name="one_open_early_help_episode_per_child",
                violation_error_message="The child already has an open early help episode",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="early_help_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"Early help for {self.child} from {self.start_date:%d %b %Y}"
