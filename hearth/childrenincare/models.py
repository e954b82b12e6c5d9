"""A child's time in care, recorded as events; the SSDA903 episodes are derived from them.

A period of care runs from the day the child became looked after to the day they left, with
two timelines inside it that must each cover the whole period without gaps or overlaps: legal
statuses and placements. Every change on either timeline starts a new 903 episode
(hearth/childrenincare/episodes.py), so nobody types an episode.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from hearth.common_models import Recorded
from hearth.history import HistoricalRecords
from hearth.reference.validators import InCodeList


class PeriodOfCare(Recorded):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="periods_of_care")
    start_date = models.DateField()
    category_of_need = models.CharField(max_length=2, validators=[InCodeList("category_of_need")])
    home_postcode = models.CharField(
        max_length=10, blank=True, help_text="Postcode of the home the child was living in before care."
    )
    end_date = models.DateField(null=True, blank=True)
    reason_ceased = models.CharField(
        max_length=3, blank=True, validators=[InCodeList("reason_episode_ceased")]
    )
    # Blank when Hearth holds the period from its first day (903 RNE "S"). A legacy import that
    # starts part-way through a period (its earlier episodes were in an earlier year's return)
    # starts it on the first episode it holds and keeps here why that episode began (L, P, T,
    # B or U), so the SSDA903 derived from Hearth still sends what the previous system sent.
    first_episode_reason = models.CharField(max_length=1, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["child", "-start_date"]), models.Index(fields=["end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="period_of_care_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["child"], condition=Q(end_date__isnull=True), name="one_open_period_of_care_per_child"
            ),
        ]

    def __str__(self) -> str:
        return f"Period of care from {self.start_date:%d %b %Y}"


class LegalStatus(Recorded):
    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="legal_statuses")
    legal_status = models.CharField(max_length=2, validators=[InCodeList("legal_status")])
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "legal statuses"
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="legal_status_ends_after_it_starts",
            ),
            # Backstops for the services' rule: one status at a time, each starting on its own day.
            models.UniqueConstraint(
                fields=["period"], condition=Q(end_date__isnull=True), name="one_open_legal_status_per_period"
            ),
            models.UniqueConstraint(fields=["period", "start_date"], name="one_legal_status_starts_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.legal_status} from {self.start_date:%d %b %Y}"


class Placement(Recorded):
    """Where the child lives, with whom, from one date to another, in DfE's terms."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="placements")
    placement_type = models.CharField(max_length=3, validators=[InCodeList("placement_type")])
    provider = models.CharField(max_length=3, blank=True, validators=[InCodeList("placement_provider")])
    # The carer or setting. A change of carer within the same placement type is a new placement.
    carer_name = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    ofsted_urn = models.CharField("Ofsted URN", max_length=8, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    # Why this placement ended, when the child moved to another one (903 REASON_PLACE_CHANGE).
    reason_changed = models.CharField(
        max_length=6, blank=True, validators=[InCodeList("reason_place_change")]
    )
    # Same carer, different placement (e.g. foster carer approved as adopter): 903 RNE T/U.
    same_carer_as_previous = models.BooleanField(default=False)
    # Statutory visit frequency (CPPCR reg 28): a placement intended to last until the child is
    # 18 is visited at most 3 months apart after its first year; a connected person's temporary
    # approval under reg 24 is visited weekly until the first review, then at most 4 weeks apart.
    long_term = models.BooleanField(
        "intended to last until the child is 18",
        default=False,
        help_text="Long-term placement: U1 and U4 always are; set it for any other placement intended to last to 18.",
    )
    reg_24_temporary = models.BooleanField(
        "temporary approval of a connected person (regulation 24)",
        default=False,
    )
    weekly_cost = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="placement_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["period"], condition=Q(end_date__isnull=True), name="one_open_placement_per_period"
            ),
            models.UniqueConstraint(fields=["period", "start_date"], name="one_placement_starts_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.placement_type} placement from {self.start_date:%d %b %Y}"


class DeprivationOfLibertyOrder(Recorded):
    """A court order authorising the deprivation of a looked-after child's liberty (a DoLO,
    under the High Court's inherent jurisdiction), from the day it was made to the day it ended.

    It belongs to the period of care because the SSDA903 reports it for a child looked after
    (file DoLo, from 2026-27): it starts and ends within the period, and the placements it
    covers are of the kinds DfE allows (services.py holds those rules)."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="liberty_orders")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "deprivation of liberty order"
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="liberty_order_ends_after_it_starts",
            ),
            # Backstop for DfE rule 705: orders for one child never overlap.
            models.UniqueConstraint(
                fields=["period"],
                condition=Q(end_date__isnull=True),
                name="one_open_liberty_order_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"Deprivation of liberty order from {self.start_date:%d %b %Y}"


class CareReview(Recorded):
    """A looked-after child's statutory review, chaired by their IRO."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="reviews")
    review_date = models.DateField()
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    participation = models.CharField(max_length=3, validators=[InCodeList("review_participation")])
    decisions = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["period", "review_date"], name="one_care_review_a_day")
        ]

    def __str__(self) -> str:
        return f"Review on {self.review_date:%d %b %Y}"


class IROAssignment(Recorded):
    """The independent reviewing officer for a child's period of care, with history."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="iro_assignments")
    iro = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="iro_assignments"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period"],
                condition=Q(end_date__isnull=True),
                name="one_open_iro_assignment_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"IRO from {self.start_date:%d %b %Y}"


class UASCStatus(Recorded):
    """An unaccompanied asylum-seeking child: from when, and when the status ceased (903 DUC)."""

    child = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="uasc_status")
    arrived_on = models.DateField(null=True, blank=True)
    status_from = models.DateField()
    status_ceased_on = models.DateField(null=True, blank=True)
    age_disputed = models.BooleanField(default=False)
    age_assessment_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "UASC status"

    def __str__(self) -> str:
        return f"UASC from {self.status_from:%d %b %Y}"
