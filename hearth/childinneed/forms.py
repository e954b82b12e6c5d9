"""GOV.UK forms for referrals, closure and CIN plans."""

from crispy_forms_gds.layout import Field
from django import forms

from hearth.casework.forms import VersionedForm, date_field, form_helper
from hearth.reference.selectors import code_choices


def _coded(code_list: str, empty: str) -> list[tuple[str, str]]:
    return [("", empty)] + [(code, f"{code}: {label}") for code, label in code_choices(code_list)]


class ReferralForm(forms.Form):
    referral_date = date_field(
        "Date of referral", hint="The day children's social care received it, for example 2 11 2026"
    )
    source = forms.ChoiceField(label="Referral source")
    primary_need = forms.ChoiceField(
        label="Primary need", required=False, help_text="Leave as 'Not yet known' until the assessment says"
    )
    no_further_action = forms.BooleanField(label="The referral needs no further action", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = _coded("referral_source", "Select a source")
        self.fields["source"].error_messages["required"] = "Select the referral source"
        self.fields["primary_need"].choices = _coded("primary_need", "Not yet known")
        self.helper = form_helper(
            Field("referral_date"),
            Field.select("source"),
            Field.select("primary_need"),
            Field.checkbox("no_further_action", small=True),
            button="Save the referral",
        )


class ReferralEditForm(VersionedForm):
    referral_date = date_field("Date of referral")
    source = forms.ChoiceField(label="Referral source")
    primary_need = forms.ChoiceField(label="Primary need", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = _coded("referral_source", "Select a source")
        self.fields["source"].error_messages["required"] = "Select the referral source"
        self.fields["primary_need"].choices = _coded("primary_need", "Not yet known")
        self.helper = form_helper(
            "version",
            Field("referral_date"),
            Field.select("source"),
            Field.select("primary_need"),
            button="Save changes",
        )


class CloseForm(VersionedForm):
    closure_date = date_field("Date the case closed")
    closure_reason = forms.ChoiceField(label="Reason for closure")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closure_reason"].choices = _coded("closure_reason", "Select a reason")
        self.fields["closure_reason"].error_messages["required"] = "Select the reason for closing the case"
        self.helper = form_helper(
            "version", Field("closure_date"), Field.select("closure_reason"), button="Close the case"
        )


class CINPlanStartForm(forms.Form):
    start_date = date_field("Date the plan started")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("start_date"), button="Start the plan")


class CINPlanEndForm(VersionedForm):
    end_date = date_field("Date the plan ended")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("version", Field("end_date"), button="End the plan")


class ReviewForm(forms.Form):
    review_date = date_field("Date of the review")
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("review_date"), Field.textarea("notes", rows=4), button="Record the review"
        )
