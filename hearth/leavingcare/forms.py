"""GOV.UK forms for a care leaver's record. Forms check shape; services check the rules."""

from crispy_forms_gds.layout import Field
from django import forms

from hearth.casework.forms import VersionedForm, date_field, form_helper
from hearth.leavingcare.models import AdviserContact, Category
from hearth.reference.selectors import code_choices


def coded(label: str, code_list: str, *, required: bool = True, blank: str = "Select") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=lambda: [("", blank)] + [(c, f"{c}: {text}") for c, text in code_choices(code_list)],
        error_messages={"required": f"Select the {label[0].lower()}{label[1:]}"},
    )


class AdviserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return user.get_full_name() or user.username


class EligibilityForm(forms.Form):
    category = forms.ChoiceField(
        label="Category",
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the young person's category"},
    )
    decided_on = date_field("Date of the decision")
    reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you decide differently from the category the care history suggests",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("category"), Field("decided_on"), Field.textarea("reason"), button="Save decision"
        )


class AdviserForm(forms.Form):
    adviser = AdviserChoiceField(
        label="Personal adviser",
        queryset=None,
        empty_label="Select",
        error_messages={"required": "Select the personal adviser"},
    )
    start_date = date_field("Date the adviser started")

    def __init__(self, *args, advisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = advisers
        self.helper = form_helper(Field.select("adviser"), Field("start_date"), button="Assign adviser")


class AssessmentForm(forms.Form):
    completed_on = date_field("Date the needs assessment was completed")
    summary = forms.CharField(label="Summary", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("completed_on"), Field.textarea("summary"), button="Save assessment")


class PlanForm(forms.Form):
    agreed_on = date_field("Date the pathway plan was agreed")
    summary = forms.CharField(label="Summary", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("agreed_on"), Field.textarea("summary"), button="Save pathway plan")


class PlanReviewForm(forms.Form):
    review_date = date_field("Date of the review")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("review_date"), Field.textarea("notes"), button="Save review")


class StayingPutForm(forms.Form):
    carer_name = forms.CharField(
        label="Former foster carers",
        max_length=200,
        error_messages={"required": "Enter the former foster carers' names"},
    )
    start_date = date_field("Date staying put started")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.text("carer_name"), Field("start_date"), button="Start staying put")


class StayingPutEndForm(VersionedForm):
    end_date = date_field("Date staying put ended")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("end_date"), Field("version"), button="End staying put")


class SupportRequestForm(forms.Form):
    requested_on = date_field("Date the young person asked for support")
    notes = forms.CharField(
        label="What they asked for", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("requested_on"), Field.textarea("notes"), button="Save request")


class ContactForm(VersionedForm):
    contact_date = date_field("Date of the contact")
    in_touch = coded("In touch", "oc3_in_touch")
    activity = coded("Main activity", "oc3_activity", required=False, blank="Select (0 if died or refused)")
    accommodation = coded(
        "Accommodation", "oc3_accommodation", required=False, blank="Select (0 if died or refused)"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].required = False
        self.helper = form_helper(
            Field("contact_date"),
            Field.select("in_touch"),
            Field.select("activity"),
            Field.select("accommodation"),
            Field("version"),
            button="Save contact",
        )


class AdviserContactForm(forms.Form):
    contact_date = date_field("Date of the contact")
    kind = forms.ChoiceField(
        label="Kind of contact",
        choices=AdviserContact.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of contact"},
    )
    seen = forms.BooleanField(label="The young person was seen (visits only)", required=False)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("contact_date"),
            Field.radios("kind"),
            Field.checkbox("seen"),
            Field.textarea("notes"),
            button="Save contact",
        )
