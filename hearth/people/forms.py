"""Forms for the person record's pages: GOV.UK components through crispy-forms-gds.

The forms check what a worker typed (shape, check digits, dates); the services check the
rules again and save. A service's ValidationError is put back on the form by ``show_errors``.
"""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError

from hearth.people.identifiers import normalise_nhs_number, validate_nhs_number, validate_upn
from hearth.people.models import Person, PersonType
from hearth.people.relationship_kinds import RELATIONSHIP_CHOICES
from hearth.reference.selectors import code_choices

NOT_RECORDED = [("", "Not recorded")]


def _date_field(
    label: str, *, required: bool = False, hint: str = "For example, 27 3 2019"
) -> DateInputField:
    field = DateInputField(label=label, required=required, help_text=hint, require_all_fields=False)
    field.error_messages["required"] = f"Enter the {label.lower()}"
    return field


def show_errors(form: forms.Form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form's fields (or the form, when the field
    is not on it) so the GOV.UK error summary links to them."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def _helper(*layout, button: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*layout, Submit("save", button))
    return helper


class PersonDetailsForm(forms.Form):
    """The person's details. ``version`` is the version the form was opened at: the save is
    refused if someone else saved the record since."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    person_type = forms.ChoiceField(label="Who they are", choices=PersonType.choices)
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    middle_names = forms.CharField(label="Middle names", max_length=200, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    preferred_name = forms.CharField(
        label="Preferred name", max_length=100, required=False, help_text="The name they like to be called"
    )
    date_of_birth = _date_field("Date of birth")
    date_of_birth_estimated = forms.BooleanField(label="The date of birth is an estimate", required=False)
    sex = forms.ChoiceField(label="Sex", required=False)
    gender = forms.CharField(
        label="Gender", max_length=100, required=False, help_text="As the person describes it"
    )
    ethnicity = forms.ChoiceField(label="Ethnicity", required=False)
    first_language = forms.CharField(label="First language", max_length=100, required=False)
    interpreter_needed = forms.BooleanField(label="They need an interpreter", required=False)
    religion = forms.CharField(label="Religion", max_length=100, required=False)
    nhs_number = forms.CharField(
        label="NHS number", max_length=12, required=False, help_text="10 digits, like 943 476 5919"
    )
    upn = forms.CharField(
        label="Unique pupil number (UPN)",
        max_length=13,
        required=False,
        help_text="A letter then 12 characters, like A123456789012",
    )
    school_name = forms.CharField(label="School", max_length=200, required=False)
    gp_name = forms.CharField(label="GP practice", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sex"].choices = NOT_RECORDED + code_choices("sex")
        self.fields["ethnicity"].choices = NOT_RECORDED + code_choices("ethnicity")
        self.fields["nhs_number"].widget.attrs.update({"inputmode": "numeric", "spellcheck": "false"})
        self.fields["upn"].widget.attrs.update({"spellcheck": "false"})
        self.helper = _helper(
            "version",
            Fieldset(
                Field.select("person_type"),
                Field.text("first_name", field_width=20),
                Field.text("middle_names", field_width=20),
                Field.text("last_name", field_width=20),
                Field.text("preferred_name", field_width=20),
                legend="Name",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field("date_of_birth"),
                Field.checkbox("date_of_birth_estimated", small=True),
                Field.select("sex"),
                Field.text("gender", field_width=20),
                Field.select("ethnicity"),
                Field.text("first_language", field_width=20),
                Field.checkbox("interpreter_needed", small=True),
                Field.text("religion", field_width=20),
                legend="About them",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("nhs_number", field_width=10),
                Field.text("upn", field_width=10),
                Field.text("school_name", field_width=30),
                Field.text("gp_name", field_width=30),
                legend="Identifiers, school and GP",
                legend_size=Size.MEDIUM,
            ),
            button="Save changes",
        )

    @classmethod
    def initial_for(cls, person: Person) -> dict:
        names = [name for name in cls.base_fields if name != "version"]
        return {"version": person.version, **{name: getattr(person, name) for name in names}}

    def clean_nhs_number(self) -> str:
        value = normalise_nhs_number(self.cleaned_data["nhs_number"])
        if value:
            validate_nhs_number(value)
        return value

    def clean_upn(self) -> str:
        value = self.cleaned_data["upn"].strip().upper()
        if value:
            validate_upn(value)
        return value

    def changes(self) -> dict:
        """The cleaned data as keyword arguments for person_update."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class AddressForm(forms.Form):
    line_1 = forms.CharField(label="Address line 1", max_length=200)
    line_2 = forms.CharField(label="Address line 2 (optional)", max_length=200, required=False)
    town = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    start_date = _date_field("Date they moved in", required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line_1"].error_messages["required"] = "Enter the first line of the address"
        self.fields["line_1"].widget.attrs["autocomplete"] = "address-line1"
        self.fields["line_2"].widget.attrs["autocomplete"] = "address-line2"
        self.fields["town"].widget.attrs["autocomplete"] = "address-level2"
        self.fields["postcode"].widget.attrs["autocomplete"] = "postal-code"
        self.helper = _helper(
            Field.text("line_1"),
            Field.text("line_2"),
            Field.text("town", field_width=20),
            Field.text("postcode", field_width=10),
            Field("start_date"),
            button="Save address",
        )


class RelationshipForm(forms.Form):
    """Relate the person to someone already on Hearth, found by their Hearth ID."""

    relative_reference = forms.CharField(
        label="Hearth ID of the relative",
        max_length=10,
        help_text="The 7-digit Hearth ID shown on their record, like 0001234",
    )
    kind = forms.ChoiceField(
        label="What they are to this person", choices=[("", "Choose")] + RELATIONSHIP_CHOICES
    )
    lives_with = forms.BooleanField(label="They live in the same household", required=False)
    has_parental_responsibility = forms.BooleanField(
        label="They have parental responsibility", required=False
    )
    start_date = _date_field("Date the relationship started (optional)")
    notes = forms.CharField(label="Notes (optional)", max_length=500, required=False, widget=forms.Textarea)

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].label = f"What they are to {person.display_name}"
        self.fields["kind"].error_messages["required"] = "Choose what they are to this person"
        self.fields["relative_reference"].error_messages["required"] = "Enter the Hearth ID of the relative"
        self.fields["relative_reference"].widget.attrs.update({"inputmode": "numeric", "spellcheck": "false"})
        self.helper = _helper(
            Field.text("relative_reference", field_width=10),
            Field.select("kind"),
            Field.checkbox("lives_with", small=True),
            Field.checkbox("has_parental_responsibility", small=True),
            Field("start_date"),
            Field.textarea("notes", rows=3),
            button="Add relationship",
        )

    def clean_relative_reference(self) -> Person:
        value = self.cleaned_data["relative_reference"].strip()
        if not value.isdigit():
            raise ValidationError("Enter a Hearth ID of digits only, like 0001234")
        relative = Person.objects.filter(pk=int(value)).first()
        if relative is None:
            raise ValidationError("There is no one on Hearth with that Hearth ID")
        return relative

    def relationship_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["relative"] = data.pop("relative_reference")
        return data
