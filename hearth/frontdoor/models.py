"""Contacts at the front door (single point of entry, MASH, emergency duty team)."""

from django.conf import settings
from django.db import models

from hearth.common_models import HeldRelationsClean, Recorded
from hearth.history import HistoricalRecords
from hearth.reference.validators import InCodeList


class Rag(models.TextChoices):
    RED = "red", "Red: same day"
    AMBER = "amber", "Amber: within 24 hours"
    GREEN = "green", "Green: within 72 hours"


class Decision(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    ADVICE = "advice", "Information and advice"
    EARLY_HELP = "early_help", "Early help or family support"
    REFERRAL = "referral", "Referral to children's social care"
    STRATEGY_DISCUSSION = "strategy", "Referral and strategy discussion"


class Contact(Recorded):
    received_at = models.DateTimeField()
    source = models.CharField(max_length=3, validators=[InCodeList("referral_source")])
    contact_name = models.CharField("Who made contact", max_length=200, blank=True)
    contact_organisation = models.CharField(max_length=200, blank=True)
    contact_details = models.CharField(max_length=200, blank=True, help_text="Telephone or email.")
    concerns = models.TextField()
    out_of_hours = models.BooleanField(
        default=False, help_text="Received by the emergency duty team outside office hours."
    )
    handed_to_day_team_on = models.DateField(null=True, blank=True)
    rag = models.CharField("RAG rating", max_length=5, choices=Rag.choices, blank=True)
    rag_rationale = models.TextField(blank=True)
    decision = models.CharField(max_length=12, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    people = models.ManyToManyField("people.Person", through="ContactPerson", related_name="contacts")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["signed_off_at", "received_at"])]

    def __str__(self) -> str:
        return f"Contact {self.pk} received {self.received_at:%d %b %Y %H:%M}"


class ContactPerson(HeldRelationsClean, models.Model):
    class Involvement(models.TextChoices):
        SUBJECT = "subject", "Child the contact is about"
        OTHER_CHILD = "other_child", "Other child in the household"
        ADULT = "adult", "Adult involved"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="involved")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    involvement = models.CharField(max_length=12, choices=Involvement.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contact", "person"], name="person_once_per_contact")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_involvement_display()})"


class AgencyCheck(HeldRelationsClean, models.Model):
    """A MASH partner's information about the family, asked for and answered."""

    class Agency(models.TextChoices):
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        EDUCATION = "education", "Education"
        PROBATION = "probation", "Probation"
        HOUSING = "housing", "Housing"
        ADULT_SOCIAL_CARE = "adult_care", "Adult social care"
        MENTAL_HEALTH = "mental_health", "Mental health services"
        OTHER = "other", "Other"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="agency_checks")
    agency = models.CharField(max_length=15, choices=Agency.choices)
    requested_on = models.DateField()
    response = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["requested_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_agency_display()} check on contact {self.contact_id}"
