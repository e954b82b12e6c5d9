from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Hidden, Layout, Size
from django import forms

from hearth.accounts.models import User


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user: User) -> str:
        name = user.get_full_name()
        return f"{name} ({user.username})" if name else user.username


def _helper(*fields) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields)
    return helper


class OverrideReasonForm(forms.Form):
    """Why someone not named on a restricted record needs to open it."""

    reason = forms.CharField(
        label="Why do you need to open this record?",
        help_text="Your reason is recorded with every page you view and sent to a manager to review.",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter why you need to open this record"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.textarea("reason", label_size=Size.MEDIUM, label_tag="h2", rows=4),
            Button("open", "Open the record"),
        )


class RestrictForm(forms.Form):
    reason = forms.CharField(
        label="Why is this record being restricted?",
        help_text="Once it is restricted, add the people who may open it. Anyone else has to give a reason, which a manager reviews.",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter why this record is being restricted"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Hidden("action", "restrict"),
            Field.textarea("reason", rows=3),
            Button("restrict", "Restrict this record"),
        )


class UnrestrictForm(forms.Form):
    reason = forms.CharField(
        label="Why is the restriction being removed?",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter why the restriction is being removed"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Hidden("action", "unrestrict"),
            Field.textarea("reason", rows=3),
            Button.warning("unrestrict", "Remove the restriction"),
        )


class NamedUserAddForm(forms.Form):
    user = StaffChoiceField(
        label="Add someone who may open this record",
        queryset=User.objects.none(),
        empty_label="Choose a member of staff",
        error_messages={"required": "Choose who may open this record"},
    )

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        if staff is not None:
            self.fields["user"].queryset = staff
        self.helper = _helper(
            Hidden("action", "add"),
            Field.select("user"),
            Button.secondary("add", "Add"),
        )
