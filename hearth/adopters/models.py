"""Prospective adopters: a household, the people in it, and the dated steps of its journey.

A household is one family going through recruitment together (Ofsted's "family identifier");
each adopter in it is a person on the people record, so gender, ethnicity and disability are
read from there, never typed again. The journey is a list of dated steps, each recorded once:
enquiry, the two assessment stages, application, approval, then matching, placement and the
adoption order, or leaving the process with a reason. A child in this authority's care who is
matched with the household carries the link on their adoption record (permanence.Adoption
.household); steps recorded here for matching and placement are for children the record does
not hold (another authority's children).
"""

from django.db import models

from hearth.common_models import Recorded
from hearth.history import HistoricalRecords


class AdopterHousehold(Recorded):
    name = models.CharField(
        "household name",
        max_length=200,
        help_text="How the team refers to the family, e.g. Sam and Alex Hughes.",
    )
    fostering_for_adoption = models.BooleanField("interested in fostering for adoption", default=False)
    # Previous adopters and approved foster carers skip stage 1 (AAR 2005 reg 30A, fast track).
    fast_track = models.BooleanField("fast track (stage 1 not needed)", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.family_identifier})"

    @property
    def family_identifier(self) -> str:
        """The household's ID in Annex A lists 10 and 11 and on its pages."""
        return f"AH{self.pk:06d}" if self.pk else ""


class Adopter(Recorded):
    household = models.ForeignKey(AdopterHousehold, on_delete=models.CASCADE, related_name="adopters")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="adopter_households")
    history = HistoricalRecords()

    class Meta:
        ordering = ["household", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "person"], name="one_adopter_row_per_person_per_household"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.household}"


class Step(models.TextChoices):
    ENQUIRY = "enquiry", "Enquiry received"
    STAGE1_STARTED = "stage1_started", "Stage 1 started"
    STAGE1_ENDED = "stage1_ended", "Stage 1 ended"
    STAGE2_STARTED = "stage2_started", "Stage 2 started"
    STAGE2_ENDED = "stage2_ended", "Stage 2 ended"
    APPLICATION = "application", "Application submitted"
    APPROVED = "approved", "Approved as adopters"
    MATCHED = "matched", "Matched with child or children"
    PLACED = "placed", "Child or children placed"
    ADOPTION_ORDER = "adoption_order", "Adoption order"
    LEFT = "left", "Left the adoption process"


class LeavingReason(models.TextChoices):
    # Ofsted Annex A list 11 codes.
    WITHDREW = "1", "1: Adopter withdrew"
    ON_HOLD = "2", "2: Process put on hold"
    REFUSED = "3", "3: Application refused"


class AdopterEvent(Recorded):
    """One dated step of a household's journey; each step happens at most once."""

    household = models.ForeignKey(AdopterHousehold, on_delete=models.CASCADE, related_name="events")
    step = models.CharField(max_length=20, choices=Step.choices)
    on = models.DateField("date")
    # For placement by this household of children not on Hearth's record.
    children = models.PositiveSmallIntegerField("number of children", null=True, blank=True)
    leaving_reason = models.CharField(max_length=1, blank=True, choices=LeavingReason.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["household", "on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["household", "step"], name="each_adopter_step_once"),
            models.CheckConstraint(
                condition=~models.Q(step="left") | ~models.Q(leaving_reason=""),
                name="leaving_the_adoption_process_has_a_reason",
            ),
        ]
        indexes = [models.Index(fields=["step", "on"])]

    def __str__(self) -> str:
        return f"{self.get_step_display()} on {self.on:%d %b %Y}"
