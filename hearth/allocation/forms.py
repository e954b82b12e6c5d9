"""GOV.UK forms for allocating and transferring a child's case."""

from crispy_forms_gds.layout import Field
from django import forms
from django.contrib.auth import get_user_model

from hearth.casework.forms import date_field, form_helper
from hearth.organisation.models import Team


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return user.get_full_name() or user.username


def _workers():
    return (
        get_user_model()
        .objects.filter(is_active=True, staff_member__isnull=False)
        .order_by("last_name", "first_name")
    )


class AllocateForm(forms.Form):
    team = forms.ModelChoiceField(
        label="Team", queryset=Team.objects.order_by("name"), empty_label="Select a team"
    )
    worker = WorkerChoiceField(
        label="Worker (optional)", queryset=None, required=False, empty_label="No named worker yet"
    )
    start_date = date_field("Date allocated")
    reason = forms.CharField(label="Reason (optional)", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = _workers()
        self.fields["team"].error_messages["required"] = "Select the team"
        self.helper = form_helper(
            Field.select("team"),
            Field.select("worker"),
            Field("start_date"),
            Field.text("reason", field_width=30),
            button="Allocate the case",
        )


class TransferForm(forms.Form):
    current = forms.IntegerField(widget=forms.HiddenInput)
    to_team = forms.ModelChoiceField(
        label="Team", queryset=Team.objects.order_by("name"), empty_label="Select a team"
    )
    to_worker = WorkerChoiceField(
        label="Worker (optional)", queryset=None, required=False, empty_label="No named worker yet"
    )
    on = date_field("Date of the transfer")
    reason = forms.CharField(
        label="Reason for the transfer", max_length=200, help_text="For example, child protection plan agreed"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_worker"].queryset = _workers()
        self.fields["to_team"].error_messages["required"] = "Select the team"
        self.fields["reason"].error_messages["required"] = "Enter the reason for the transfer"
        self.helper = form_helper(
            "current",
            Field.select("to_team"),
            Field.select("to_worker"),
            Field("on"),
            Field.text("reason", field_width=30),
            button="Transfer the case",
        )
