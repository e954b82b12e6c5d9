"""The trust's organisation: the services register, areas, teams and staff.

A service's scope is never a field on the service: it is the latest dated change in force, so
the register can be read as it stood on any day and a decision can be traced to its paper.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from hearth.common_models import HeldRelationsClean


class ScopeStatus(models.TextChoices):
    CORE = "core", "Core service in scope"
    PEOPLE_SUPPORT = "people_support", "People-directorate support in scope"
    CORPORATE_SUPPORT = "corporate_support", "Corporate support in scope"
    UNDER_CONSIDERATION = "under_consideration", "Under further consideration"
    OUT_OF_SCOPE = "out_of_scope", "Out of scope"


IN_SCOPE_STATUSES = frozenset({ScopeStatus.CORE, ScopeStatus.PEOPLE_SUPPORT, ScopeStatus.CORPORATE_SUPPORT})


class Delivery(models.TextChoices):
    TRUST = "trust", "Run by the trust"
    TRUST_BUYING_SOME = "trust_buying_some", "Run by the trust, buying back some functions"
    AGREEMENT_POSSIBLE = "agreement_possible", "Could be bought back under an agreement"
    BOUGHT_BACK = "bought_back", "Bought back under an agreement"
    NOT_TRUST = "not_trust", "Not run by the trust"
    UNDECIDED = "undecided", "Not yet decided"


# Deliveries that involve another party, who must then be named.
AGREEMENT_DELIVERIES = frozenset(
    {Delivery.TRUST_BUYING_SOME, Delivery.AGREEMENT_POSSIBLE, Delivery.BOUGHT_BACK}
)


class Service(models.Model):
    """One service the scope papers name, whatever its scope."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "code"]

    def __str__(self) -> str:
        return self.name


class ServiceScopeChange(HeldRelationsClean, models.Model):
    """A service's scope and delivery from a date until the next change."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="scope_changes")
    status = models.CharField(max_length=30, choices=ScopeStatus.choices)
    delivery = models.CharField(max_length=30, choices=Delivery.choices)
    agreement_party = models.CharField(
        max_length=200, blank=True, help_text="Who the service is bought back from, when it is."
    )
    agreement_detail = models.CharField(
        max_length=300, blank=True, help_text="What is bought back, or the kind of agreement."
    )
    effective_from = models.DateField()
    reason = models.TextField(blank=True)
    source = models.CharField(max_length=200, help_text="The decision or paper this change comes from.")

    class Meta:
        ordering = ["service", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "effective_from"], name="organisation_one_scope_change_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.get_status_display()} from {self.effective_from:%d %b %Y}"

    @property
    def in_scope(self) -> bool:
        return self.status in IN_SCOPE_STATUSES

    def clean(self) -> None:
        if self.delivery in AGREEMENT_DELIVERIES and not self.agreement_party.strip():
            raise ValidationError(
                {"agreement_party": "Enter who the service is bought back from, for example the council"}
            )


class Area(models.Model):
    """A geographical area of the authority with its own area office and teams."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamType(models.TextChoices):
    FRONT_DOOR = "front_door", "MASH and front door"
    ASSESSMENT = "assessment", "Assessment and short-term intervention (ASTI)"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    CHILDREN_IN_CARE = "children_in_care", "Children in care"
    LEAVING_CARE = "leaving_care", "Leaving care"
    DISABLED_CHILDREN = "disabled_children", "Disabled children"
    FOSTERING = "fostering", "Fostering"
    ADOPTION = "adoption", "Adoption"
    CP_CHAIRS_IRO = "cp_chairs_iro", "Child protection chairs and IROs"
    LADO = "lado", "LADO"
    COMPLAINTS = "complaints", "Complaints"
    YOUTH_OFFENDING = "youth_offending", "Youth offending"
    PLACEMENTS = "placements", "Placements and commissioning"
    PERFORMANCE = "performance", "Performance"
    OTHER = "other", "Other"


class Team(HeldRelationsClean, models.Model):
    name = models.CharField(max_length=150, unique=True)
    team_type = models.CharField(max_length=30, choices=TeamType.choices)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams")
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
        help_text="Leave empty for a team that works across the whole authority.",
    )
    manager = models.ForeignKey(
        "StaffMember", on_delete=models.SET_NULL, null=True, blank=True, related_name="managed_teams"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_authority_wide(self) -> bool:
        return self.area_id is None


class EmploymentType(models.TextChoices):
    PERMANENT = "permanent", "Permanent"
    AGENCY = "agency", "Agency"
    FIXED_TERM = "fixed_term", "Fixed-term"


class TransferArrangement(models.TextChoices):
    TRANSFERRED = "transferred", "Transferred to the trust"
    BOUGHT_BACK = "bought_back", "Council service bought back"
    RECRUITED = "recruited", "Recruited by the trust"


registration_number_validator = RegexValidator(
    r"^SW[0-9]{1,9}$",
    message="Enter a Social Work England registration number: SW followed by numbers, like SW123456",
)


class StaffMember(HeldRelationsClean, models.Model):
    """Someone who works for the trust, with or without a sign-in to Hearth."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_member",
    )
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    role_label = models.CharField("role", max_length=120)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members")
    line_manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    fte = models.DecimalField(
        "FTE",
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[
            MinValueValidator(Decimal("0.01"), message="FTE must be more than 0, like 0.6 for three days"),
            MaxValueValidator(Decimal("1.00"), message="FTE must be 1 or less: 1 is full time"),
        ],
        error_messages={"invalid": "Enter the FTE as a number, like 1 for full time or 0.6 for three days"},
        help_text="Full-time equivalent: 1 is full time.",
    )
    employment_type = models.CharField(
        max_length=20, choices=EmploymentType.choices, default=EmploymentType.PERMANENT
    )
    registration_number = models.CharField(
        "Social Work England registration number",
        max_length=11,
        blank=True,
        validators=[registration_number_validator],
    )
    transfer_arrangement = models.CharField(
        max_length=20, choices=TransferArrangement.choices, default=TransferArrangement.TRANSFERRED
    )

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~Q(registration_number=""),
                name="organisation_registration_number_unique",
                violation_error_message="Another member of staff already has this registration number",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self) -> None:
        if self.pk and self.line_manager_id == self.pk:
            raise ValidationError({"line_manager": "A member of staff cannot be their own line manager"})
