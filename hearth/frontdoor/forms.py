"""GOV.UK forms for the front door. The forms check shape; the services check the rules."""

from datetime import datetime, time

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.utils import timezone

from hearth.casework.forms import VersionedForm, date_field, form_helper
from hearth.frontdoor.models import AgencyCheck, Contact, ContactPerson, Decision, Rag
from hearth.reference.selectors import code_choices


def _time_field() -> forms.TimeField:
    field = forms.TimeField(
        label="Time received",
        help_text="Use the 24-hour clock, for example 14:30",
        input_formats=["%H:%M", "%H.%M", "%H%M"],
    )
    field.error_messages.update(
        required="Enter the time the contact was received",
        invalid="Enter the time on the 24-hour clock, like 09:15 or 22:40",
    )
    field.widget.attrs.update({"class": "govuk-input--width-5", "autocomplete": "off"})
    return field


class ContactForm(forms.Form):
    received_on = date_field("Date received")
    received_time = _time_field()
    out_of_hours = forms.BooleanField(
        label="Received by the emergency duty team outside office hours", required=False
    )
    source = forms.ChoiceField(label="Where the contact came from", help_text="The DfE referral source")
    contact_name = forms.CharField(
        label="Name of the person who made contact", max_length=200, required=False
    )
    contact_organisation = forms.CharField(label="Their organisation", max_length=200, required=False)
    contact_details = forms.CharField(label="Their telephone number or email", max_length=200, required=False)
    concerns = forms.CharField(
        label="Concerns", widget=forms.Textarea, help_text="What you were told, in their words"
    )

    button = "Save and add the people involved"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", "Select a source")] + [
            (code, f"{code}: {label}") for code, label in code_choices("referral_source")
        ]
        self.fields["source"].error_messages["required"] = "Select where the contact came from"
        self.fields["concerns"].error_messages["required"] = "Enter the concerns"
        self.helper = form_helper(*self.layout_fields(), button=self.button)

    def layout_fields(self) -> list:
        return [
            Fieldset(
                Field("received_on"),
                Field.text("received_time", field_width=5),
                Field.checkbox("out_of_hours", small=True),
                legend="When it came in",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.select("source"),
                Field.text("contact_name", field_width=30),
                Field.text("contact_organisation", field_width=30),
                Field.text("contact_details", field_width=30),
                legend="Who made contact",
                legend_size=Size.MEDIUM,
            ),
            Field.textarea("concerns", rows=6, label_size=Size.MEDIUM),
        ]

    def clean(self):
        data = super().clean()
        if data.get("received_on") and data.get("received_time"):
            data["received_at"] = timezone.make_aware(
                datetime.combine(data["received_on"], data["received_time"])
            )
        return data

    def contact_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "received_at": data["received_at"],
            "source": data["source"],
            "contact_name": data.get("contact_name") or "",
            "contact_organisation": data.get("contact_organisation") or "",
            "contact_details": data.get("contact_details") or "",
            "concerns": data["concerns"],
            "out_of_hours": data.get("out_of_hours", False),
        }

    @staticmethod
    def initial_for(contact: Contact) -> dict:
        local = timezone.localtime(contact.received_at)
        return {
            "version": contact.version,
            "received_on": local.date(),
            "received_time": time(local.hour, local.minute),
            **{
                name: getattr(contact, name)
                for name in (
                    "source",
                    "contact_name",
                    "contact_organisation",
                    "contact_details",
                    "concerns",
                    "out_of_hours",
                )
            },
        }


class ContactEditForm(ContactForm, VersionedForm):
    button = "Save changes"

    def layout_fields(self) -> list:
        return ["version", *super().layout_fields()]


class FindPersonForm(forms.Form):
    q = forms.CharField(
        label="Name, date of birth or NHS number",
        help_text="For example, Ava Stone, or an NHS number like 943 476 5919",
        max_length=200,
    )


class AddPersonForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    involvement = forms.ChoiceField(choices=ContactPerson.Involvement.choices)


class AgencyCheckForm(forms.Form):
    agency = forms.ChoiceField(
        label="Agency", choices=[("", "Select an agency"), *AgencyCheck.Agency.choices]
    )
    requested_on = date_field("Date requested")
    response = forms.CharField(
        label="What they said (optional)",
        widget=forms.Textarea,
        required=False,
        help_text="Leave this empty if they have not answered yet",
    )
    responded_on = date_field("Date they responded (optional)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].error_messages["required"] = "Select the agency"
        self.helper = form_helper(
            Field.select("agency"),
            Field("requested_on"),
            Field.textarea("response", rows=4),
            Field("responded_on"),
            button="Add the check",
        )


class AgencyResponseForm(forms.Form):
    response = forms.CharField(label="What they said", widget=forms.Textarea)
    responded_on = date_field("Date they responded")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response"].error_messages["required"] = "Enter what the agency said"
        self.helper = form_helper(
            Field.textarea("response", rows=4), Field("responded_on"), button="Save the response"
        )


class RagForm(VersionedForm):
    rag = forms.ChoiceField(label="RAG rating", choices=Rag.choices, widget=forms.RadioSelect)
    rag_rationale = forms.CharField(label="Why this rating", widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rag"].error_messages["required"] = "Select a RAG rating"
        self.fields["rag_rationale"].error_messages["required"] = "Enter why you gave this rating"
        self.helper = form_helper(
            "version",
            Field.radios("rag", legend_size=Size.MEDIUM),
            Field.textarea("rag_rationale", rows=4),
            button="Save the rating",
        )


class DecisionForm(VersionedForm):
    decision = forms.ChoiceField(label="Decision", choices=Decision.choices, widget=forms.RadioSelect)
    decision_reason = forms.CharField(label="Reasons for the decision", widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].error_messages["required"] = "Select the decision"
        self.fields["decision_reason"].error_messages["required"] = "Enter the reasons for the decision"
        self.helper = form_helper(
            "version",
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.textarea("decision_reason", rows=5),
            button="Record the decision",
        )


class SignOffForm(VersionedForm):
    primary_need = forms.ChoiceField(
        label="Primary need (optional)",
        required=False,
        help_text="For a referral: the DfE primary need code, if it is already clear",
    )

    def __init__(self, *args, with_need: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["primary_need"].choices = [("", "Not yet known")] + [
            (code, f"{code}: {label}") for code, label in code_choices("primary_need")
        ]
        layout = ["version"]
        if with_need:
            layout.append(Field.select("primary_need"))
        else:
            del self.fields["primary_need"]
        self.helper = form_helper(*layout, button="Sign off the decision")


class HandOverForm(VersionedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("version", button="Hand over to the day team")
