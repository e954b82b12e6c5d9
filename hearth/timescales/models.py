from django.db import models


class Unit(models.TextChoices):
    WORKING_DAYS = "WD", "working days"
    CALENDAR_DAYS = "CD", "calendar days"
    WEEKS = "weeks", "weeks"
    MONTHS = "months", "months"
    HOURS = "hours", "hours"


class Force(models.TextChoices):
    REGULATION = "R", "Statute or regulation"
    STATUTORY_GUIDANCE = "SG", "Statutory guidance"
    NATIONAL_MINIMUM_STANDARDS = "NMS", "National minimum standards"
    PERFORMANCE_INDICATOR = "PI", "Performance indicator"
    LOCAL_PROCEDURE = "LP", "Local procedure (configurable)"


class Timescale(models.Model):
    """One statutory or local clock: from what event, how long, and on whose authority.

    Rows are loaded from ``hearth/timescales/table.py``. Only local-procedure rows may be
    changed by an authority (``local_amount``); the law and statutory guidance are fixed.
    """

    key = models.CharField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    anchor = models.CharField(max_length=200, help_text="The event the clock starts from.")
    amount = models.PositiveIntegerField()
    unit = models.CharField(max_length=10, choices=Unit.choices)
    repeats = models.BooleanField(default=False, help_text="Runs again from each actual event.")
    force = models.CharField(max_length=3, choices=Force.choices)
    source = models.TextField()
    local_amount = models.PositiveIntegerField(
        null=True, blank=True, help_text="This authority's figure, for local-procedure clocks only."
    )

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.name}: {self.effective_amount} {self.get_unit_display()}"

    @property
    def effective_amount(self) -> int:
        if self.force == Force.LOCAL_PROCEDURE and self.local_amount:
            return self.local_amount
        return self.amount
