"""GOV.UK forms for a child's UASC status."""

from crispy_forms_gds.layout import Field
from django import forms

from hearth.casework.forms import date_field, form_helper


class UASCStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    arrived_on = date_field("Date the child arrived in the UK", required=False)
    status_from = date_field("Date the child became an unaccompanied asylum-seeking child")
    age_disputed = forms.BooleanField(label="The child's age is disputed", required=False)
    age_assessment_on = date_field("Date of the age assessment", required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        layout = ["version"] if editing else []
        if not editing:
            del self.fields["version"]
        layout += [
            Field("arrived_on"),
            Field("status_from"),
            Field.checkbox("age_disputed", small=True),
            Field("age_assessment_on"),
        ]
        self.helper = form_helper(*layout, button="Save changes" if editing else "Save the UASC status")

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class UASCCeaseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    ceased_on = date_field("Date UASC status ceased")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("version", Field("ceased_on"), button="Record that the status ceased")
