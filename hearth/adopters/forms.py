"""GOV.UK forms for adopter households. Forms check the shape of what was typed; the
services check the rules."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms

from hearth.adopters.models import LeavingReason, Step
from hearth.adopters.services import REASON_MAX_LENGTH
from hearth.casework.forms import VersionedForm, date_field, form_helper
from hearth.people.models import Person
from hearth.reference.selectors import code_choices

NOT_RECORDED = [("", "Not recorded")]
PERSON_FIELDS = ("first_name", "last_name", "date_of_birth", "sex", "ethnicity", "disabilities")


def _yes_no(label: str, hint: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=hint,
        coerce=lambda value: value == "yes",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": f"Select yes or no: {label[0].lower()}{label[1:].rstrip('?')}"},
    )


class AdopterFieldsMixin:
    """One adopter's fields, named ``adopter<n>_<field>``: a Hearth ID for someone already on
    the record, or the details of a new person (as the people record holds them)."""

    def add_adopter_fields(self, number: int, *, required: bool, legend: str) -> Fieldset:
        p = f"adopter{number}_"
        self.fields[p + "hearth_id"] = forms.CharField(
            label="Hearth ID, if they are already on Hearth",
            required=False,
            max_length=10,
            help_text="Leave blank to add them as a new person with the details below.",
            widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
        )
        self.fields[p + "first_name"] = forms.CharField(label="First name", max_length=100, required=False)
        self.fields[p + "last_name"] = forms.CharField(label="Last name", max_length=100, required=False)
        self.fields[p + "date_of_birth"] = date_field(
            "Date of birth", required=False, hint="For example, 27 3 1988"
        )
        self.fields[p + "sex"] = forms.ChoiceField(
            label="Sex", required=False, choices=NOT_RECORDED + code_choices("sex")
        )
        self.fields[p + "ethnicity"] = forms.ChoiceField(
            label="Ethnicity", required=False, choices=NOT_RECORDED + code_choices("ethnicity")
        )
        self.fields[p + "disabilities"] = forms.MultipleChoiceField(
            label="Disability",
            required=False,
            choices=code_choices("disability"),
            widget=forms.CheckboxSelectMultiple,
            help_text="Select all that apply, or 'No disability'. Leave blank if not known.",
        )
        self._adopters = getattr(self, "_adopters", []) + [(number, required)]
        return Fieldset(
            Field.text(p + "hearth_id"),
            Field.text(p + "first_name", field_width=20),
            Field.text(p + "last_name", field_width=20),
            Field(p + "date_of_birth"),
            Field.select(p + "sex"),
            Field.select(p + "ethnicity"),
            Field.checkboxes(p + "disabilities", small=True),
            legend=legend,
            legend_size=Size.MEDIUM,
        )

    def adopter_entries(self) -> list:
        """Each adopter given: a ``Person``, or a dict of person fields for a new one."""
        entries = []
        for number, _required in self._adopters:
            p = f"adopter{number}_"
            data = self.cleaned_data
            if data.get(p + "person"):
                entries.append(data[p + "person"])
            elif any(data.get(p + name) for name in PERSON_FIELDS):
                entries.append(
                    {
                        name: data.get(p + name) or ("" if name != "date_of_birth" else None)
                        for name in PERSON_FIELDS
                    }
                )
                entries[-1]["disabilities"] = list(data.get(p + "disabilities") or [])
        return entries

    def clean(self):
        data = super().clean()
        for number, required in self._adopters:
            p = f"adopter{number}_"
            hearth_id = (data.get(p + "hearth_id") or "").strip()
            if hearth_id:
                person = Person.objects.filter(pk=int(hearth_id)).first() if hearth_id.isdigit() else None
                if person is None:
                    self.add_error(p + "hearth_id", "There is no person with that Hearth ID")
                data[p + "person"] = person
            elif required and not (data.get(p + "first_name") or data.get(p + "last_name")):
                self.add_error(p + "first_name", "Enter the adopter's names, or their Hearth ID")
        return data


class EnquiryForm(AdopterFieldsMixin, forms.Form):
    name = forms.CharField(
        label="Household name",
        max_length=200,
        help_text="How the team refers to them, for example Sam and Alex Hughes",
    )
    enquiry_on = date_field("Date the enquiry was received")
    fostering_for_adoption = _yes_no("Are they interested in fostering for adoption?")
    fast_track = _yes_no(
        "Are they on the fast track?",
        "Previous adopters and approved foster carers go straight to stage 2.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first = self.add_adopter_fields(1, required=True, legend="First adopter")
        second = self.add_adopter_fields(2, required=False, legend="Second adopter (optional)")
        self.helper = form_helper(
            Field.text("name"),
            Field("enquiry_on"),
            Field.radios("fostering_for_adoption", inline=True),
            Field.radios("fast_track", inline=True),
            first,
            second,
            button="Record enquiry",
        )


class AddAdopterForm(AdopterFieldsMixin, VersionedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            self.add_adopter_fields(1, required=True, legend="The adopter joining the household"),
            Field("version"),
            button="Add adopter",
        )


class HouseholdForm(VersionedForm):
    name = forms.CharField(label="Household name", max_length=200)
    fostering_for_adoption = _yes_no("Are they interested in fostering for adoption?")
    fast_track = _yes_no(
        "Are they on the fast track?", "Previous adopters and approved foster carers go straight to stage 2."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("name"),
            Field.radios("fostering_for_adoption", inline=True),
            Field.radios("fast_track", inline=True),
            Field("version"),
            button="Save changes",
        )


class StepForm(VersionedForm):
    """The date of one step; the number of children with a placement, the reason on leaving."""

    on = date_field("Date")

    def __init__(self, *args, step: str, **kwargs):
        super().__init__(*args, **kwargs)
        label = Step(step).label
        self.fields["on"].label = f"Date: {label[0].lower()}{label[1:]}"
        layout = [Field("on")]
        if step == Step.PLACED:
            self.fields["children"] = forms.IntegerField(
                label="Number of children placed",
                min_value=1,
                max_value=9,
                widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
                error_messages={"required": "Enter how many children were placed with the household"},
            )
            layout.append(Field.text("children"))
        if step == Step.LEFT:
            self.fields["leaving_reason"] = forms.ChoiceField(
                label="Why they left",
                choices=LeavingReason.choices,
                widget=forms.RadioSelect,
                error_messages={"required": "Select why the household left the adoption process"},
            )
            layout.append(Field.radios("leaving_reason"))
        self.step_layout = layout
        self.helper = form_helper(*layout, Field("version"), button=f"Record: {label[0].lower()}{label[1:]}")


def _reason_field(done: str, example: str) -> forms.CharField:
    """Why a recorded step is being put right; the step's history keeps it."""
    return forms.CharField(
        label=f"Why is the step being {done}?",
        max_length=REASON_MAX_LENGTH,
        help_text=f"For example, {example}. This is kept in the step's history",
        error_messages={
            "required": f"Enter why the step is being {done}",
            "max_length": f"The reason must be {REASON_MAX_LENGTH:,} characters or fewer",
        },
    )


class StepCorrectionForm(StepForm):
    """A recorded step's details, shown as recorded, to put right with a reason."""

    reason = _reason_field("corrected", "the date was typed wrongly")

    def __init__(self, *args, step: str, **kwargs):
        super().__init__(*args, step=step, **kwargs)
        self.helper = form_helper(
            *self.step_layout, Field.text("reason"), Field("version"), button="Save the correction"
        )


class StepWithdrawForm(VersionedForm):
    """Withdraw a step recorded by mistake, with a reason."""

    reason = _reason_field("withdrawn", "it was recorded for the wrong household")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("reason"), Field("version"), Button.warning("withdraw", "Withdraw the step")
        )
