"""A child missing from placement, or away from it without authorisation (SSDA903 Missing).

Each episode runs from when the child went missing to when they returned; the return home
interview is offered after the return and held within 72 hours by someone independent of the
placement, or declined. A child has at most one open episode, and an episode ends after it starts.
"""

from django.db import models
from django.db.models import F, Q

from hearth.common_models import Recorded
from hearth.history import HistoricalRecords
from hearth.reference.validators import InCodeList


class MissingEpisode(Recorded):
    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="missing_episodes")
    episode_type = models.CharField("missing or away", max_length=1, validators=[InCodeList("missing_type")])
    started_at = models.DateTimeField("went missing")
    ended_at = models.DateTimeField("returned", null=True, blank=True)
    reported_to_police = models.BooleanField(default=False)
    rhi_offered_at = models.DateTimeField("return home interview offered", null=True, blank=True)
    rhi_outcome = models.CharField(
        "return home interview accepted or declined", max_length=10, choices=Outcome.choices, blank=True
    )
    rhi_held_at = models.DateTimeField("return home interview held", null=True, blank=True)
    rhi_held_by = models.CharField("return home interview held by", max_length=200, blank=True)
    rhi_by_independent_person = models.BooleanField(
        "held by someone independent of the placement", default=False
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["child", "-started_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gt=F("started_at")),
                name="missing_episode_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(ended_at__isnull=True),
                name="one_open_missing_episode_per_child",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_episode_type_display()} from {self.started_at:%d %b %Y %H:%M}"

    def get_episode_type_display(self) -> str:
        return {"M": "Missing", "A": "Away from placement without authorisation"}.get(
            self.episode_type, self.episode_type
        )
