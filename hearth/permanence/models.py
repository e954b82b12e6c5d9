"""Permanence for a looked-after child: the plan, and how care ended in a permanent home.

Adoption is one record per "should be placed for adoption" decision, filled in step by step
(authority to place, match, placement, adoption order) or closed by reversing the decision.
The placement itself lives on the children-in-care timeline (A3–A6); this record points at it.
Special guardianship, child arrangements orders and return home end the period of care with
their DfE reason and are kept here as a permanence outcome.
"""

from django.db import models
from django.db.models import Q

from hearth.common_models import Recorded
from hearth.history import HistoricalRecords
from hearth.reference.validators import InCodeList


class PlanType(models.TextChoices):
    RETURN_HOME = "return_home", "Return home to parents"
    KINSHIP = "kinship", "Kinship or connected person care"
    LONG_TERM_FOSTERING = "long_term_fostering", "Long-term fostering"
    SPECIAL_GUARDIANSHIP = "special_guardianship", "Special guardianship"
    CHILD_ARRANGEMENTS = "child_arrangements", "Child arrangements order"
    ADOPTION = "adoption", "Adoption"


class PermanencePlan(Recorded):
    """The plan for permanence, from the day it was agreed; a new plan replaces the last."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="permanence_plans")
    plan_type = models.CharField(max_length=30, choices=PlanType.choices)
    agreed_on = models.DateField()
    ratified_at = models.ForeignKey(
        "childrenincare.CareReview",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The looked-after review that ratified the plan.",
    )
    ended_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-agreed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(ended_on__isnull=True),
                name="one_current_permanence_plan_per_child",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_plan_type_display()} from {self.agreed_on:%d %b %Y}"


class Adoption(Recorded):
    """One agency decision that the child should be placed for adoption and what followed it."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="adoptions")
    period = models.ForeignKey(
        "childrenincare.PeriodOfCare", on_delete=models.PROTECT, related_name="adoptions"
    )
    # SSDA903 AD1 DATE_INT and PlacedAdoption DATE_PLACED: the agency decision maker's decision.
    should_be_placed_on = models.DateField("date of the should-be-placed decision")
    placement_order_on = models.DateField("date the placement order was granted", null=True, blank=True)
    consent_on = models.DateField("date the parents' consent was recorded", null=True, blank=True)
    # AD1 DATE_MATCH and the adopters' details.
    matched_on = models.DateField("date of the match", null=True, blank=True)
    number_of_adopters = models.PositiveSmallIntegerField(null=True, blank=True)
    adopter_sex = models.CharField(max_length=2, blank=True, validators=[InCodeList("adopter_sex")])
    adopter_legal_status = models.CharField(
        max_length=3, blank=True, validators=[InCodeList("adopter_legal_status")]
    )
    adopters_are_foster_carers = models.BooleanField(
        "the adopters are the child's current foster carers", null=True, blank=True
    )
    adopters_names = models.CharField(max_length=200, blank=True)
    # The adopters' household when this authority assessed them: Annex A's family identifier,
    # and the household's match, placement and adoption order dates are read from here.
    household = models.ForeignKey(
        "adopters.AdopterHousehold",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    placed_on = models.DateField("date placed for adoption", null=True, blank=True)
    placement = models.ForeignKey(
        "childrenincare.Placement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    adoption_order_on = models.DateField("date of the adoption order", null=True, blank=True)
    adoption_order_reason = models.CharField(max_length=3, blank=True)
    # PlacedAdoption DATE_PLACED_CEASED and REASON_PLACED_CEASED.
    reversed_on = models.DateField("date the decision was reversed", null=True, blank=True)
    reversal_reason = models.CharField(
        max_length=3, blank=True, validators=[InCodeList("placed_ceased_reason")]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-should_be_placed_on", "-pk"]
        indexes = [models.Index(fields=["child", "-should_be_placed_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(reversed_on__isnull=True, adoption_order_on__isnull=True),
                name="one_open_adoption_decision_per_child",
            ),
            models.CheckConstraint(
                condition=Q(reversed_on__isnull=True) | ~Q(reversal_reason=""),
                name="adoption_reversal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Should be placed for adoption from {self.should_be_placed_on:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.reversed_on is None and self.adoption_order_on is None

    @property
    def stage(self) -> str:
        if self.adoption_order_on:
            return "Adopted"
        if self.reversed_on:
            return "Decision reversed"
        if self.placed_on:
            return "Placed for adoption"
        if self.matched_on:
            return "Matched with adopters"
        if self.placement_order_on or self.consent_on:
            return "Authority to place"
        return "Should be placed for adoption"


class OutcomeKind(models.TextChoices):
    SPECIAL_GUARDIANSHIP = "sgo", "Special guardianship order"
    CHILD_ARRANGEMENTS = "cao", "Child arrangements order"
    RETURN_HOME = "return_home", "Returned home as part of the care plan"


class PermanenceOutcome(Recorded):
    """Care ended in a permanent home other than adoption; the period ends with its DfE reason."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="permanence_outcomes")
    period = models.OneToOneField(
        "childrenincare.PeriodOfCare", on_delete=models.PROTECT, related_name="permanence_outcome"
    )
    kind = models.CharField(max_length=20, choices=OutcomeKind.choices)
    made_on = models.DateField()
    reason_ceased = models.CharField(max_length=3, validators=[InCodeList("reason_episode_ceased")])
    carer_name = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-made_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.made_on:%d %b %Y}"


class PreviousPermanence(Recorded):
    """Whether the child had a permanent home before this period of care (903 PrevPerm)."""

    period = models.OneToOneField(
        "childrenincare.PeriodOfCare", on_delete=models.CASCADE, related_name="previous_permanence"
    )
    previous_permanence = models.CharField(max_length=2, validators=[InCodeList("previous_permanence")])
    authority = models.CharField("local authority that made the order", max_length=3, blank=True)
    # DfE allows an unknown day or month as ZZ (DATE_PERM), so the date is kept as the 903 writes it.
    order_date = models.CharField("date of the order", max_length=10, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Previous permanence {self.previous_permanence}"
