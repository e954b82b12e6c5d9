"""GOV.UK forms for health events: one form, with the fields the kind of event needs."""

from crispy_forms_gds.layout import Field
from django import forms

from hearth.casework.forms import date_field, form_helper
from hearth.health.models import HealthEvent
from hearth.reference.selectors import code_choices

Kind = HealthEvent.Kind
YES_NO = [("yes", "Yes"), ("no", "No")]


class HealthEventForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    event_date = date_field("Date")
    carried_out_by = forms.CharField(
        label="Carried out by",
        required=False,
        max_length=200,
        help_text="Name and role, for example 'Dr A Khan, GP'",
    )
    immunisations_up_to_date = forms.ChoiceField(
        label="Are the child's immunisations up to date?", choices=YES_NO, widget=forms.RadioSelect
    )
    sdq_score = forms.IntegerField(
        label="SDQ total difficulties score",
        required=False,
        min_value=0,
        max_value=40,
        help_text="A whole number from 0 to 40. Leave blank and choose a reason if there is no score",
        error_messages={
            "invalid": "The SDQ score must be a whole number from 0 to 40",
            "min_value": "The SDQ score must be a whole number from 0 to 40",
            "max_value": "The SDQ score must be a whole number from 0 to 40",
        },
    )
    sdq_reason = forms.ChoiceField(label="Reason there is no score", required=False)
    intervention_offered = forms.BooleanField(label="An intervention was offered", required=False)
    intervention_received = forms.BooleanField(label="An intervention was received", required=False)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, kind: str, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["event_date"].label = f"Date of the {Kind(kind).label.lower()}"
        self.fields["event_date"].error_messages["required"] = (
            f"Enter the date of the {Kind(kind).label.lower()}"
        )
        self.fields["immunisations_up_to_date"].error_messages["required"] = (
            "Say whether the child's immunisations are up to date"
        )
        self.fields["sdq_reason"].choices = [("", "There is a score")] + [
            (code, f"{code}: {label}") for code, label in code_choices("sdq_reason")
        ]
        layout = ["version"] if editing else []
        layout.append(Field("event_date"))
        keep = {"version", "event_date", "carried_out_by", "notes"}
        if kind == Kind.IMMUNISATIONS:
            keep.add("immunisations_up_to_date")
            layout.append(Field.radios("immunisations_up_to_date", inline=True, legend_size="s"))
        if kind == Kind.SDQ:
            keep |= {"sdq_score", "sdq_reason"}
            layout += [Field.text("sdq_score", field_width=3), Field.select("sdq_reason")]
        if kind == Kind.SUBSTANCE_MISUSE:
            keep |= {"intervention_offered", "intervention_received"}
            layout += [
                Field.checkbox("intervention_offered", small=True),
                Field.checkbox("intervention_received", small=True),
            ]
        layout += [Field.text("carried_out_by"), Field.textarea("notes")]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.helper = form_helper(
            *layout, button="Save changes" if editing else f"Save the {Kind(kind).label.lower()}"
        )

    def service_arguments(self) -> dict:
        """The cleaned data as the service takes it."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        if "immunisations_up_to_date" in data:
            data["immunisations_up_to_date"] = data["immunisations_up_to_date"] == "yes"
        return data

    @staticmethod
    def initial_for(event: HealthEvent) -> dict:
        initial = {
            "version": event.version,
            "event_date": event.event_date,
            "carried_out_by": event.carried_out_by,
            "sdq_score": event.sdq_score,
            "sdq_reason": event.sdq_reason,
            "intervention_offered": bool(event.intervention_offered),
            "intervention_received": bool(event.intervention_received),
            "notes": event.notes,
        }
        if event.immunisations_up_to_date is not None:
            initial["immunisations_up_to_date"] = "yes" if event.immunisations_up_to_date else "no"
        return initial
