"""Child protection: from the strategy discussion to the end of a plan."""

from django.conf import settings
from django.db import models

from hearth.common_models import Recorded
from hearth.history import HistoricalRecords
from hearth.reference.validators import InCodeList


class StrategyDiscussion(Recorded):
    referral = models.ForeignKey(
        "childinneed.Referral", on_delete=models.PROTECT, related_name="strategy_discussions"
    )
    held_on = models.DateField()
    # [{"agency": "police", "name": "DC Smith"}, ...]
    attendees = models.JSONField(default=list, blank=True)
    section_47_initiated = models.BooleanField()
    decision_notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Strategy discussion on {self.held_on:%d %b %Y}"


class Section47(Recorded):
    class Outcome(models.TextChoices):
        NOT_SUBSTANTIATED = "not_substantiated", "Concerns not substantiated"
        SUBSTANTIATED_NO_CONFERENCE = "substantiated_cin", "Concerns substantiated, child in need"
        CONFERENCE = "conference", "Initial child protection conference needed"

    referral = models.ForeignKey("childinneed.Referral", on_delete=models.PROTECT, related_name="section_47s")
    strategy_discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    conference_not_required = models.BooleanField(default=False, help_text="ICPCnotRequired in the census.")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "section 47 enquiry"
        ordering = ["-start_date", "-pk"]

    def __str__(self) -> str:
        return f"Section 47 enquiry from {self.start_date:%d %b %Y}"


class Conference(Recorded):
    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial child protection conference"
        REVIEW = "review", "Review child protection conference"
        TRANSFER_IN = "transfer_in", "Transfer-in conference"

    class Outcome(models.TextChoices):
        PLAN = "plan", "Child protection plan"
        NO_PLAN = "no_plan", "No child protection plan"
        CONTINUE = "continue", "Plan continues"
        END_PLAN = "end_plan", "Plan ends"

    referral = models.ForeignKey("childinneed.Referral", on_delete=models.PROTECT, related_name="conferences")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    section_47 = models.ForeignKey(
        Section47, null=True, blank=True, on_delete=models.PROTECT, related_name="conferences"
    )
    # The plan a review conference reviewed (empty for initial and transfer-in conferences).
    plan = models.ForeignKey(
        "ChildProtectionPlan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_conferences",
    )
    held_on = models.DateField()
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    category = models.CharField(max_length=3, blank=True, validators=[InCodeList("abuse_category")])
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%d %b %Y}"


class ChildProtectionPlan(Recorded):
    referral = models.ForeignKey("childinneed.Referral", on_delete=models.PROTECT, related_name="cp_plans")
    initial_conference = models.OneToOneField(
        Conference, on_delete=models.PROTECT, related_name="plan_started"
    )
    start_date = models.DateField()
    initial_category = models.CharField(max_length=3, validators=[InCodeList("abuse_category")])
    latest_category = models.CharField(max_length=3, validators=[InCodeList("abuse_category")])
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)
    # Plans the child had before Hearth's record begins, known only from a legacy import's
    # NumberOfPreviousCPP: the census counts them with the earlier plans Hearth holds.
    earlier_plans_elsewhere = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral"],
                condition=models.Q(end_date__isnull=True),
                name="one_open_cp_plan_per_episode",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="cp_plan_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"Child protection plan from {self.start_date:%d %b %Y}"


class CoreGroup(Recorded):
    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.CASCADE, related_name="core_groups")
    held_on = models.DateField()
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Core group on {self.held_on:%d %b %Y}"
