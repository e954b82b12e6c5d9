"""Forms for the person record's pages: GOV.UK components through crispy-forms-gds.

The forms check what a worker typed (shape, check digits, dates); the services check the
rules again and save. A service's ValidationError is put back on the form by ``show_errors``.
"""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.casework.forms import date_field, form_helper
from hearth.people.identifiers import normalise_nhs_number, validate_nhs_number, validate_upn
from hearth.people.models import Person, PersonName, PersonType
from hearth.people.relationship_kinds import RELATIONSHIP_CHOICES
from hearth.people.views.search import BirthDateField
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
    """Relate the person to someone already on Hearth: chosen from the results of a search
    (``candidates``) or given by their Hearth ID."""

    relative = forms.ChoiceField(label="Choose the relative", required=False, widget=forms.RadioSelect)
    relative_reference = forms.CharField(
        label="Hearth ID of the relative",
        max_length=10,
        required=False,
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

    def __init__(self, *args, person: Person, candidates: list[Person] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(found.pk): found for found in candidates or []}
        self.fields["kind"].label = f"What they are to {person.display_name}"
        self.fields["kind"].error_messages["required"] = "Choose what they are to this person"
        self.fields["relative_reference"].widget.attrs.update({"inputmode": "numeric", "spellcheck": "false"})
        layout = []
        if self.candidates:
            self.fields["relative"].choices = [
                relative_choice(found, for_person=person) for found in self.candidates.values()
            ]
            self.fields["relative"].error_messages["invalid_choice"] = (
                "Choose someone from the search results, or search again"
            )
            self.fields["relative_reference"].label = "Or enter the Hearth ID of the relative (optional)"
            layout.append(Field.radios("relative", legend_size=Size.MEDIUM))
        else:
            del self.fields["relative"]
        self.helper = _helper(
            *layout,
            Field.text("relative_reference", field_width=10),
            Field.select("kind"),
            Field.checkbox("lives_with", small=True),
            Field.checkbox("has_parental_responsibility", small=True),
            Field("start_date"),
            Field.textarea("notes", rows=3),
            button="Add relationship",
        )

    def clean_relative(self) -> Person | None:
        value = self.cleaned_data.get("relative")
        return self.candidates[value] if value else None

    def clean_relative_reference(self) -> Person | None:
        value = self.cleaned_data["relative_reference"].strip()
        if not value:
            return None
        if not value.isdigit():
            raise ValidationError("Enter a Hearth ID of digits only, like 0001234")
        relative = Person.objects.filter(pk=int(value)).first()
        if relative is None:
            raise ValidationError("There is no one on Hearth with that Hearth ID")
        return relative

    def clean(self):
        cleaned = super().clean()
        if "relative_reference" in self.errors or "relative" in self.errors:
            return cleaned
        chosen, typed = cleaned.get("relative"), cleaned.get("relative_reference")
        if chosen and typed and chosen.pk != typed.pk:
            self.add_error(
                "relative_reference",
                "Choose someone from the search results or enter a Hearth ID, not both",
            )
        elif not (chosen or typed):
            if self.candidates:
                self.add_error(
                    "relative", "Choose the relative from the search results, or enter their Hearth ID"
                )
            else:
                self.add_error(
                    "relative_reference", "Enter the Hearth ID of the relative, or search for them by name"
                )
        return cleaned

    def show_service_error(self, error: ValidationError) -> None:
        """Put the service's refusal on the form, a refusal of the relative on whichever way
        the relative was given."""
        if hasattr(error, "error_dict") and "relative" in error.error_dict:
            chosen_field = "relative" if self.cleaned_data.get("relative") else "relative_reference"
            error = ValidationError(
                {
                    (chosen_field if name == "relative" else name): errors
                    for name, errors in error.error_dict.items()
                }
            )
        show_errors(self, error)

    def relationship_fields(self) -> dict:
        data = dict(self.cleaned_data)
        chosen = data.pop("relative", None)
        typed = data.pop("relative_reference")
        data["relative"] = chosen or typed
        return data


# --- other names, moving out, ending a relationship, finding a relative ----------------------


def _not_in_the_future(value, message: str):
    if value and value > timezone.localdate():
        raise ValidationError(message)
    return value


class OtherNameForm(forms.Form):
    """A previous name or alias, so the person is found by it (``other_name_add``)."""

    kind = forms.ChoiceField(
        label="What kind of name is it?", choices=PersonName.Kind.choices, widget=forms.RadioSelect
    )
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    used_until = date_field(
        "Date they stopped using it (optional)",
        required=False,
        hint="Leave blank if they still use it or you do not know. For example, 27 3 2019",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = "Choose what kind of name it is"
        for name in ("first_name", "last_name"):
            self.fields[name].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.helper = form_helper(
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field.text("first_name", field_width=20),
            Field.text("last_name", field_width=20),
            Field("used_until"),
            button="Save name",
        )

    def clean_used_until(self):
        return _not_in_the_future(
            self.cleaned_data.get("used_until"),
            "The date they stopped using it must be today or in the past",
        )


class EndDateForm(forms.Form):
    """One date: the day a current address or relationship came to an end."""

    end_date = date_field("Date")

    def __init__(self, *args, label: str, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["end_date"]
        field.label = label
        lowered = label[:1].lower() + label[1:]
        field.error_messages["required"] = f"Enter the {lowered}"
        field.error_messages["incomplete"] = f"Enter the {lowered} as a day, month and year"
        self.helper = form_helper(Field("end_date"), button=button)


class RelativeSearchForm(forms.Form):
    """Find the relative by name and date of birth: a plain GET form on "Add a relationship"."""

    relative_name = forms.CharField(
        label="Name", max_length=200, required=False, help_text="Any order, any spelling"
    )
    relative_born = BirthDateField(
        label="Date of birth (optional)",
        required=False,
        help_text="For example, 27 3 1990. You can enter just the year.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relative_name"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # a GET form: the token must never reach the address
        self.helper.layout = Layout(
            Field.text("relative_name", field_width=20),
            Field("relative_born"),
            Submit("find", "Search", css_class="govuk-button--secondary"),
        )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("relative_name") or cleaned.get("relative_born")):
            raise ValidationError("Enter a name or date of birth to search for")
        return cleaned

    def search_terms(self) -> dict:
        born = self.cleaned_data.get("relative_born")
        return {
            "text": self.cleaned_data.get("relative_name") or None,
            "date_of_birth": None if isinstance(born, int) else born,
            "year_of_birth": born if isinstance(born, int) else None,
        }


def relative_choice(person: Person, *, for_person: Person | None = None) -> Choice:
    """A search result as a radio button; a restricted record shows only its Hearth ID."""
    if for_person is not None and person.pk == for_person.pk:
        return Choice(
            str(person.pk),
            person.display_name,
            hint=f"This is {person.display_name}'s own record. Hearth ID {person.reference}",
        )
    if person.is_restricted:
        return Choice(
            str(person.pk), "Restricted record", hint=f"Hearth ID {person.reference}. Details not shown."
        )
    if person.date_of_birth:
        born = f"Born {person.date_of_birth:%-d %B %Y}"
    elif person.expected_date_of_birth:
        born = f"Due {person.expected_date_of_birth:%-d %B %Y}"
    else:
        born = "Date of birth not known"
    return Choice(str(person.pk), person.display_name, hint=f"{born}. Hearth ID {person.reference}")
