"""Referrals and child in need episodes.

In DfE's terms a referral opens an episode of need (CINdetails) that runs to its closure:
assessments, CIN plans, section 47 enquiries and CP plans all belong to one episode.
"""

from django.db import models

from hearth.common_models import Recorded
from hearth.history import HistoricalRecords
from hearth.reference.validators import InCodeList


class Referral(Recorded):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    contact = models.ForeignKey(
        "frontdoor.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    referral_date = models.DateField()
    source = models.CharField(max_length=3, validators=[InCodeList("referral_source")])
    primary_need = models.CharField(max_length=2, blank=True, validators=[InCodeList("primary_need")])
    no_further_action = models.BooleanField(
        default=False, help_text="Referral needing no further action (ReferralNFA)."
    )
    closure_date = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=3, blank=True, validators=[InCodeList("closure_reason")])
    history = HistoricalRecords()

    class Meta:
        ordering = ["-referral_date", "-pk"]
        indexes = [models.Index(fields=["child", "-referral_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closure_date__isnull=True)
                | models.Q(closure_date__gte=models.F("referral_date")),
                name="referral_closes_after_it_opens",
            ),
            # One open episode of need per child (DfE 8815); the service says so in words first.
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(closure_date__isnull=True),
                name="one_open_referral_per_child",
                violation_error_message="The child already has an open referral",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral of {self.child} on {self.referral_date:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.closure_date is None


class CINPlan(Recorded):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="cin_plans")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="cin_plan_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"CIN plan from {self.start_date:%d %b %Y}"


class CINPlanReview(Recorded):
    plan = models.ForeignKey(CINPlan, on_delete=models.CASCADE, related_name="reviews")
    review_date = models.DateField()
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review_date", "pk"]

    def __str__(self) -> str:
        return f"CIN plan review on {self.review_date:%d %b %Y}"
