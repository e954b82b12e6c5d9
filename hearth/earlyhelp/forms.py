"""GOV.UK forms for early help episodes and the steps to and from social care."""

from crispy_forms_gds.layout import Field
from django import forms

from hearth.casework.forms import VersionedForm, date_field, form_helper
from hearth.earlyhelp.models import EarlyHelpEpisode


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return user.get_full_name() or user.username


def _workers():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name")


class EpisodeStartForm(forms.Form):
    start_date = date_field("Start date")
    lead_worker = WorkerChoiceField(
        label="Lead worker (optional)", queryset=None, required=False, empty_label="No named worker yet"
    )
    lead_agency = forms.CharField(
        label="Lead agency (optional)",
        max_length=200,
        required=False,
        help_text="For example, a family hub or school",
    )
    plan = forms.CharField(label="Plan (optional)", widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_worker"].queryset = _workers()
        self.helper = form_helper(
            Field("start_date"),
            Field.select("lead_worker"),
            Field.text("lead_agency", field_width=30),
            Field.textarea("plan", rows=5),
            button="Start early help",
        )


class EpisodeEditForm(VersionedForm):
    lead_worker = WorkerChoiceField(
        label="Lead worker", queryset=None, required=False, empty_label="No named worker"
    )
    lead_agency = forms.CharField(label="Lead agency", max_length=200, required=False)
    plan = forms.CharField(label="Plan", widget=forms.Textarea, required=False)
    assessment_started_on = date_field("Early help assessment started", required=False)
    assessment_completed_on = date_field("Early help assessment completed", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_worker"].queryset = _workers()
        self.helper = form_helper(
            "version",
            Field.select("lead_worker"),
            Field.text("lead_agency", field_width=30),
            Field.textarea("plan", rows=6),
            Field("assessment_started_on"),
            Field("assessment_completed_on"),
            button="Save changes",
        )


class EpisodeEndForm(VersionedForm):
    end_date = date_field("End date")
    outcome = forms.ChoiceField(
        label="Outcome",
        widget=forms.RadioSelect,
        choices=[c for c in EarlyHelpEpisode.Outcome.choices if c[0] != EarlyHelpEpisode.Outcome.STEPPED_UP],
    )
    outcome_notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].error_messages["required"] = "Select the outcome"
        self.helper = form_helper(
            "version",
            Field("end_date"),
            Field.radios("outcome"),
            Field.textarea("outcome_notes", rows=4),
            button="End early help",
        )


class StepUpForm(VersionedForm):
    on = date_field("Date of the step up")
    reason = forms.CharField(label="Why the case is stepping up", widget=forms.Textarea)
    route = forms.ChoiceField(
        label="How",
        widget=forms.RadioSelect,
        choices=[
            ("front_door", "Send to the front door as a contact for a decision"),
            ("referral", "Refer to children's social care now"),
        ],
        initial="front_door",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Enter why the case is stepping up"
        self.fields["route"].error_messages["required"] = "Select how the case steps up"
        self.helper = form_helper(
            "version",
            Field("on"),
            Field.textarea("reason", rows=5),
            Field.radios("route"),
            button="Step up to social care",
        )


class StepDownForm(VersionedForm):
    on = date_field("Date of the step down")
    lead_worker = WorkerChoiceField(
        label="Early help lead worker (optional)",
        queryset=None,
        required=False,
        empty_label="No named worker yet",
    )
    lead_agency = forms.CharField(label="Early help lead agency (optional)", max_length=200, required=False)
    plan = forms.CharField(label="Early help plan (optional)", widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_worker"].queryset = _workers()
        self.helper = form_helper(
            "version",
            Field("on"),
            Field.select("lead_worker"),
            Field.text("lead_agency", field_width=30),
            Field.textarea("plan", rows=5),
            button="Step down to early help",
        )
