from datetime import date

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError

from hearth.organisation.models import ScopeStatus


class RegisterDateField(DateInputField):
    """A GOV.UK date input whose messages say what to do."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.error_messages["incomplete"] = (
            "Enter the day, month and year of the date to show the register on"
        )

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except ValidationError as error:
            raise ValidationError("Enter a real date, like 1 2 2017") from error


class RegisterFilterForm(forms.Form):
    """Filter the services register by scope status, as it stood on a date (a GET form)."""

    status = forms.ChoiceField(
        label="Scope status",
        required=False,
        choices=[("", "All statuses"), *ScopeStatus.choices],
    )
    as_at = RegisterDateField(
        label="Show the register as it stood on",
        help_text="For example, 1 9 2016. Leave empty for today.",
        required=False,
        require_all_fields=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.select("status"),
            Field("as_at", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Submit("apply", "Apply filters"),
        )

    def filters(self, *, today: date) -> tuple[str, date]:
        """The status and date to show: the form's if valid, otherwise everything as of today."""
        if not self.is_valid():
            return "", today
        return self.cleaned_data["status"], self.cleaned_data["as_at"] or today
