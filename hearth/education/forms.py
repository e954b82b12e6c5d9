"""GOV.UK form for a PEP meeting."""

from crispy_forms_gds.layout import Field
from django import forms

from hearth.casework.forms import date_field, form_helper
from hearth.education.models import PersonalEducationPlan

Kind = PersonalEducationPlan.Kind


class PEPForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label="Which PEP is this?", choices=Kind.choices, widget=forms.RadioSelect)
    meeting_date = date_field("Date of the PEP meeting")
    school_name = forms.CharField(
        label="School or setting", max_length=200, error_messages={"required": "Enter the school or setting"}
    )
    school_urn = forms.CharField(
        label="School URN",
        required=False,
        max_length=6,
        help_text="The school's 6-digit unique reference number",
    )
    designated_teacher = forms.CharField(label="Designated teacher", required=False, max_length=200)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = "Choose an initial PEP or a PEP review"
        layout = []
        if editing:
            del self.fields["kind"]
            layout.append("version")
        else:
            del self.fields["version"]
            layout.append(Field.radios("kind", legend_size="s", inline=True))
        layout += [
            Field("meeting_date"),
            Field.text("school_name"),
            Field.text("school_urn", field_width=10),
            Field.text("designated_teacher"),
            Field.textarea("notes"),
        ]
        self.helper = form_helper(*layout, button="Save changes" if editing else "Save the PEP")

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data

    @staticmethod
    def initial_for(plan: PersonalEducationPlan) -> dict:
        return {
            "version": plan.version,
            "meeting_date": plan.meeting_date,
            "school_name": plan.school_name,
            "school_urn": plan.school_urn,
            "designated_teacher": plan.designated_teacher,
            "notes": plan.notes,
        }
