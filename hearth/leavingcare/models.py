"""A care leaver's support from the trust as corporate parent, to the age of 25.

The worker records the eligibility category (Hearth suggests one from the care history), the
personal adviser with history, the needs assessment, the pathway plan and its reviews, any
staying put arrangement, and the contact around each birthday from 17 to 21 (SSDA903 OC3),
continuing to 25 where the young person asks for support.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from hearth.common_models import Recorded
from hearth.history import HistoricalRecords
from hearth.reference.validators import InCodeList


class Category(models.TextChoices):
    # Children (Leaving Care) Act 2000; Care Planning, Placement and Case Review Regs 2010 reg 40.
    ELIGIBLE = "eligible", "Eligible (still looked after, aged 16 or 17)"
    RELEVANT = "relevant", "Relevant (left care aged 16 or 17)"
    FORMER_RELEVANT = "former_relevant", "Former relevant (aged 18 to 25)"
    QUALIFYING = "qualifying", "Qualifying"


class EligibilityDecision(Recorded):
    young_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="care_leaver_decisions"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    decided_on = models.DateField()
    # What Hearth suggested from the care history when the worker decided, kept for audit.
    suggested = models.CharField(max_length=20, choices=Category.choices, blank=True)
    reason = models.TextField(blank=True)
    # Set by a legacy import for a care leaver whose time in care ended before the returns it
    # loaded: the previous system held the care history, so Hearth cannot suggest a category.
    care_history_elsewhere = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} from {self.decided_on:%d %b %Y}"


class PersonalAdviser(Recorded):
    young_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="personal_advisers"
    )
    adviser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="advisees")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["young_person"],
                condition=Q(end_date__isnull=True),
                name="one_current_personal_adviser",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="personal_adviser_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"Personal adviser from {self.start_date:%d %b %Y}"


class NeedsAssessment(Recorded):
    young_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="leaving_care_assessments"
    )
    completed_on = models.DateField()
    summary = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-completed_on", "-pk"]

    def __str__(self) -> str:
        return f"Needs assessment on {self.completed_on:%d %b %Y}"


class PathwayPlan(Recorded):
    young_person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="pathway_plans")
    agreed_on = models.DateField()
    summary = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-agreed_on", "-pk"]

    def __str__(self) -> str:
        return f"Pathway plan agreed {self.agreed_on:%d %b %Y}"


class PathwayPlanReview(Recorded):
    plan = models.ForeignKey(PathwayPlan, on_delete=models.CASCADE, related_name="reviews")
    review_date = models.DateField()
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "review_date"], name="one_pathway_review_a_day")
        ]

    def __str__(self) -> str:
        return f"Pathway plan review on {self.review_date:%d %b %Y}"


class StayingPut(Recorded):
    """A young person aged 18+ staying on with their former foster carers (CA 1989 s23CZA)."""

    young_person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="staying_put")
    carer_name = models.CharField("former foster carers", max_length=200)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "staying put arrangements"
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="staying_put_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["young_person"], condition=Q(end_date__isnull=True), name="one_open_staying_put"
            ),
        ]

    def __str__(self) -> str:
        return f"Staying put with {self.carer_name}"


class SupportRequest(Recorded):
    """A former relevant young person aged 21 to 25 asks for continuing support (CA 1989 s23CZB)."""

    young_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="support_requests"
    )
    requested_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_on", "-pk"]

    def __str__(self) -> str:
        return f"Support requested {self.requested_on:%d %b %Y}"


class BirthdayContact(Recorded):
    """The contact around one birthday: what SSDA903 OC3 reports for that year."""

    young_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="birthday_contacts"
    )
    age = models.PositiveSmallIntegerField(help_text="The birthday this contact is about (17 to 25).")
    contact_date = models.DateField()
    in_touch = models.CharField(max_length=4, validators=[InCodeList("oc3_in_touch")])
    activity = models.CharField(max_length=2, validators=[InCodeList("oc3_activity")])
    accommodation = models.CharField(max_length=2, validators=[InCodeList("oc3_accommodation")])
    history = HistoricalRecords()

    class Meta:
        ordering = ["age", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["young_person", "age"], name="one_contact_per_birthday")
        ]

    def __str__(self) -> str:
        return f"Contact for {self.age}th birthday on {self.contact_date:%d %b %Y}"


class AdviserContact(Recorded):
    """One contact between the personal adviser and the young person (Care Leavers (England)
    Regulations 2010, reg 8): a visit restarts the 2-month visit clock when the young person
    was seen; a phone call or other contact is recorded but does not count as a visit.

    Kept here rather than as a ``casenotes.CaseNote`` kind: case notes are only for people whose
    type is a child and carry child-protection fields (seen alone, the child's voice, drafts)
    that a care leaver of 19 or 24 does not fit, and a new kind would need a migration in an app
    other journeys share. This record is small and owned by the leaving care tab.
    """

    class Kind(models.TextChoices):
        VISIT = "visit", "Visit"
        PHONE = "phone", "Telephone or video call"
        OTHER = "other", "Other contact (message, letter, office)"

    young_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="adviser_contacts"
    )
    contact_date = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    seen = models.BooleanField("the young person was seen", default=False)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-contact_date", "-pk"]
        indexes = [models.Index(fields=["young_person", "-contact_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(seen=False) | Q(kind="visit"), name="adviser_contact_seen_only_on_a_visit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.contact_date:%d %b %Y}"
