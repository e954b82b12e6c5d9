"""Pre-proceedings under the Public Law Outline (PLO): the work with a family after the
authority's legal planning meeting decides that care proceedings may be needed, until it decides
to step up into proceedings or step down.

It belongs to the episode of need (``childinneed.Referral``) because the CIN census reports it
there (PreProceedingsandFGDM inside CINdetails, new in 2026-27). Each step is a date recorded as
it happens; the census's count of review meetings is derived from the meetings recorded.
"""

from django.db import models
from django.db.models import F, Q

from hearth.common_models import Recorded
from hearth.history import HistoricalRecords
from hearth.reference.validators import InCodeList


class PreProceedings(Recorded):
    referral = models.ForeignKey(
        "childinneed.Referral", on_delete=models.PROTECT, related_name="pre_proceedings"
    )
    # PPStartDate: the legal planning meeting's decision to start pre-proceedings.
    decided_on = models.DateField("date the legal planning meeting decided to start pre-proceedings")
    letter_sent_on = models.DateField("date the letter before proceedings was sent", null=True, blank=True)
    # FGDMMeetingOffer / FGDMMeetingFac; None until known.
    fgdm_offered = models.BooleanField(
        "family group decision-making meeting offered in the letter", null=True, blank=True
    )
    fgdm_facilitated = models.BooleanField(
        "family group decision-making meeting facilitated", null=True, blank=True
    )
    initial_meeting_on = models.DateField(
        "date of the initial pre-proceedings meeting", null=True, blank=True
    )
    # StepDecisionDate and PPOutcome (DfE code set CS131).
    step_decision_on = models.DateField("date of the decision to step up or down", null=True, blank=True)
    outcome = models.CharField(
        "outcome", max_length=1, blank=True, validators=[InCodeList("pre_proceedings_outcome")]
    )
    court_application_on = models.DateField(
        "date the application to start care proceedings was made", null=True, blank=True
    )
    proceedings_letter_on = models.DateField(
        "date of the letter to the parents initiating care proceedings", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "pre-proceedings"
        verbose_name_plural = "pre-proceedings"
        ordering = ["decided_on", "pk"]
        constraints = [
            # DfE draft rule 9006: the letter is sent on or after the decision to start.
            models.CheckConstraint(
                condition=Q(letter_sent_on__isnull=True) | Q(letter_sent_on__gte=F("decided_on")),
                name="pre_proceedings_letter_after_start",
            ),
            # 9009: the step up or down decision is on or after the start.
            models.CheckConstraint(
                condition=Q(step_decision_on__isnull=True) | Q(step_decision_on__gte=F("decided_on")),
                name="pre_proceedings_decision_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Pre-proceedings from {self.decided_on:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.step_decision_on is None


class PreProceedingsReviewMeeting(Recorded):
    """A review meeting held after the initial pre-proceedings meeting."""

    pre_proceedings = models.ForeignKey(
        PreProceedings, on_delete=models.CASCADE, related_name="review_meetings"
    )
    held_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pre_proceedings", "held_on"], name="one_pre_proceedings_review_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"Pre-proceedings review meeting on {self.held_on:%d %b %Y}"
