"""Small helpers the domain apps' GOV.UK forms share (crispy-forms-gds)."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms
from django.core.exceptions import ValidationError


def date_field(label: str, *, required: bool = True, hint: str = "For example, 27 3 2026") -> DateInputField:
    """A GOV.UK date input (day, month, year boxes)."""
    field = DateInputField(label=label, required=required, help_text=hint, require_all_fields=False)
    if not required:
        for part in field.fields:
            part.required = False
    # Lower-case the first letter only, and not in an initialism: "Enter the ICPC date".
    lowered = label[0].lower() + label[1:] if label[:2] != label[:2].upper() else label
    field.error_messages["required"] = f"Enter the {lowered}"
    field.error_messages["incomplete"] = f"Enter the {lowered} as a day, month and year"
    return field


def form_helper(*layout, button: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*layout, Submit("save", button))
    return helper


def show_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or on the form, for a rule about
    the whole record) so the GOV.UK error summary links to them."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class VersionedForm(forms.Form):
    """A form that edits a record: ``version`` is the version it was opened at, and the service
    refuses the save if someone else saved the record since."""

    version = forms.IntegerField(widget=forms.HiddenInput)
