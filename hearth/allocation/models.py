from django.conf import settings
from django.db import models

from hearth.common_models import Recorded
from hearth.history import HistoricalRecords


class Allocation(Recorded):
    """A child's case held by a team, and usually a named worker, from one date to another.

    A transfer ends one allocation and starts the next on the same day, so the history of who
    held the case is the list of allocations.
    """

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="allocations")
    team = models.ForeignKey("organisation.Team", on_delete=models.PROTECT, related_name="allocations")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="allocations"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["worker", "end_date"]),
            models.Index(fields=["team", "end_date"]),
            models.Index(fields=["child", "end_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(end_date__isnull=True),
                name="one_current_allocation_per_child",
                violation_error_message="The child already has a current allocation",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="allocation_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} allocated to {self.team} from {self.start_date:%d %b %Y}"
