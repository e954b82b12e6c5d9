"""The person record: anyone Hearth holds information about.

Children, unborn children, parents, relatives, carers and professionals are all people; what
they are to a child is a relationship, not a kind of record. Codes (sex, ethnicity,
disability) are DfE codes held as reference data (hearth.reference).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hearth.common_models import HeldRelationsClean
from hearth.history import HistoricalRecords
from hearth.people.identifiers import validate_nhs_number, validate_upn
from hearth.reference.validators import InCodeList


class PersonType(models.TextChoices):
    CHILD = "child", "Child"
    UNBORN = "unborn", "Unborn child"
    ADULT = "adult", "Parent, relative or other adult"
    CARER = "carer", "Carer"
    PROFESSIONAL = "professional", "Professional"


def hearth_id(pk: int) -> str:
    """The Hearth ID of the person with this primary key (``Person.reference``), for rows read as
    values."""
    return f"{pk:07d}"


def display_name_of(person_type: str, first_name: str, last_name: str) -> str:
    """How a person is named on a page: ``Person.display_name``, for rows read as values."""
    if person_type == PersonType.UNBORN and not (first_name or last_name):
        return "Unborn child"
    name = " ".join(part for part in (first_name, last_name) if part)
    return name or "Name not known"


class Person(HeldRelationsClean, models.Model):
    person_type = models.CharField(max_length=20, choices=PersonType.choices, default=PersonType.CHILD)
    first_name = models.CharField(max_length=100, blank=True)
    middle_names = models.CharField(max_length=200, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    date_of_birth_estimated = models.BooleanField(default=False)
    expected_date_of_birth = models.DateField(null=True, blank=True, help_text="For an unborn child.")
    date_of_death = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, blank=True, validators=[InCodeList("sex")])
    gender = models.CharField(max_length=100, blank=True, help_text="As the person describes it.")
    ethnicity = models.CharField(max_length=4, blank=True, validators=[InCodeList("ethnicity")])
    first_language = models.CharField(max_length=100, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    religion = models.CharField(max_length=100, blank=True)
    disabilities = models.JSONField(default=list, blank=True, help_text="DfE disability codes.")
    immigration_status = models.CharField(max_length=200, blank=True)
    uasc = models.BooleanField("Unaccompanied asylum-seeking child", default=False)

    nhs_number = models.CharField(max_length=10, blank=True, db_index=True, validators=[validate_nhs_number])
    upn = models.CharField(
        "Unique pupil number", max_length=13, blank=True, db_index=True, validators=[validate_upn]
    )
    former_upn = models.CharField(max_length=13, blank=True, db_index=True, validators=[validate_upn])
    upn_unknown_reason = models.CharField(max_length=3, blank=True, validators=[InCodeList("upn_unknown")])
    # The child's ID in the authority's previous system, set by the legacy importers. DfE links a
    # child's returns across years by this ID, so returns keep sending it after the move.
    legacy_id = models.CharField("ID in the previous system", max_length=20, blank=True, db_index=True)

    school_name = models.CharField(max_length=200, blank=True)
    school_urn = models.CharField("School URN", max_length=8, blank=True)
    gp_name = models.CharField("GP practice", max_length=200, blank=True)
    gp_practice_code = models.CharField(max_length=10, blank=True)
    # For professionals: the agency they work for (police, school, health visitor, ...).
    organisation = models.CharField(max_length=200, blank=True)
    job_title = models.CharField(max_length=200, blank=True)

    # Restricted records: only named users may open them (hearth.audit).
    is_restricted = models.BooleanField(default=False)
    # Set when this record was found to be a duplicate and merged into another.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )

    # Search keys, kept in step with the names by the services (see search.py).
    search_surname_key = models.CharField(max_length=20, blank=True, db_index=True)
    search_forename_key = models.CharField(max_length=20, blank=True, db_index=True)

    # Optimistic concurrency: each save increments it; a save from a stale form is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["search_surname_key", "search_forename_key"])

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        indexes = [
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["last_name", "first_name"]),
            # find_people: one equality lookup on both name keys; an unborn child by due date.
            models.Index(fields=["search_surname_key", "search_forename_key"], name="person_name_keys"),
            # Partial: most rows have no expected date, UPN or NHS number, and a full index of
            # blanks misleads SQLite's planner into scanning (find_people adds the conditions).
            models.Index(
                fields=["expected_date_of_birth"],
                name="person_expected_dob",
                condition=Q(expected_date_of_birth__isnull=False),
            ),
            models.Index(fields=["nhs_number"], name="person_nhs_known", condition=Q(nhs_number__gt="")),
            models.Index(fields=["upn"], name="person_upn_known", condition=Q(upn__gt="")),
            models.Index(
                fields=["former_upn"], name="person_former_upn_known", condition=Q(former_upn__gt="")
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def reference(self) -> str:
        """The Hearth ID shown to workers and used in returns as the child's unique ID."""
        return hearth_id(self.pk) if self.pk else ""

    @property
    def return_id(self) -> str:
        """The child's ID in statutory returns: the previous system's, if imported, else the Hearth ID."""
        return self.legacy_id or self.reference

    @property
    def display_name(self) -> str:
        return display_name_of(self.person_type, self.first_name, self.last_name)

    def clean(self) -> None:
        errors = {}
        today = timezone.localdate()
        if self.date_of_birth and self.date_of_birth > today:
            errors["date_of_birth"] = "Date of birth must be today or in the past"
        if self.date_of_death and self.date_of_death > today:
            errors["date_of_death"] = "Date of death must be today or in the past"
        if self.date_of_birth and self.date_of_death and self.date_of_death < self.date_of_birth:
            errors["date_of_death"] = "Date of death must be on or after the date of birth"
        if self.person_type == PersonType.UNBORN and self.date_of_birth:
            errors["date_of_birth"] = "An unborn child has an expected date of birth, not a date of birth"
        codes = list(self.disabilities or [])
        if "NONE" in codes and len(codes) > 1:
            errors["disabilities"] = "'No disability' cannot be combined with a disability"
        if len(set(codes)) != len(codes):
            errors["disabilities"] = "Each disability can be recorded only once"
        if errors:
            raise ValidationError(errors)


class PersonName(HeldRelationsClean, models.Model):
    """A previous name or an alias, so a person is found by any name they have been known by."""

    class Kind(models.TextChoices):
        PREVIOUS = "previous", "Previous name"
        ALIAS = "alias", "Also known as"
        BIRTH = "birth", "Name at birth"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_names")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    used_until = models.DateField(null=True, blank=True)
    search_surname_key = models.CharField(max_length=20, blank=True, db_index=True)
    search_forename_key = models.CharField(max_length=20, blank=True, db_index=True)
    history = HistoricalRecords(excluded_fields=["search_surname_key", "search_forename_key"])

    class Meta:
        indexes = [
            models.Index(fields=["search_surname_key", "search_forename_key"], name="personname_name_keys"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Address(HeldRelationsClean, models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField(max_length=200)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    # Postcode without spaces, upper case, for search.
    postcode_key = models.CharField(max_length=8, blank=True, db_index=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="address_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.line_1, self.line_2, self.town, self.postcode) if part)

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": "The date they left must be on or after the date they moved in"}
            )


class Relationship(HeldRelationsClean, models.Model):
    """``relative`` is ``person``'s ``kind`` (e.g. relative=Jo is person=Sam's mother).

    One row records both directions: the inverse (Sam is Jo's child) is read from
    RELATIONSHIP_KINDS, so the two can never disagree.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="inverse_relationships")
    kind = models.CharField(max_length=30)
    lives_with = models.BooleanField(default=False, help_text="They live in the same household.")
    has_parental_responsibility = models.BooleanField(default=False)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    notes = models.CharField(max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(person=models.F("relative")), name="relationship_not_to_self"
            ),
            models.UniqueConstraint(fields=["person", "relative", "kind"], name="unique_relationship"),
        ]

    def __str__(self) -> str:
        return f"{self.relative} is {self.person}'s {self.kind}"

    def clean(self) -> None:
        errors = {}
        if self.person_id and self.person_id == self.relative_id:
            errors["relative"] = "A person cannot be related to themselves: choose someone else"
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The date the relationship ended must be on or after the date it started"
        if errors:
            raise ValidationError(errors)


class PersonMerge(HeldRelationsClean, models.Model):
    """Two records found to be the same person, and what moving one into the other changed.

    The merged record stays in the database (``merged_into`` points at the one kept), and
    ``moved`` lists every row that moved and every field filled in on the kept record, so the
    merge can be undone exactly (hearth.people.merge).
    """

    keep = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_undergone")
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField()
    moved = models.JSONField(default=dict, blank=True)
    unmerged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unmerged_at = models.DateTimeField(null=True, blank=True)
    unmerge_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.merged_id} merged into {self.keep_id}"
