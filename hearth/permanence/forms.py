"""GOV.UK forms for permanence. Forms check the shape of what was typed; services check the rules."""

from crispy_forms_gds.layout import Field
from django import forms

from hearth.adopters.selectors import households_open_for_matching
from hearth.casework.forms import VersionedForm, date_field, form_helper
from hearth.permanence.models import OutcomeKind, PlanType
from hearth.reference.selectors import code_choices


def coded(label: str, code_list: str, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=lambda: [("", "Select")] + [(c, f"{c}: {text}") for c, text in code_choices(code_list)],
        error_messages={"required": f"Select the {label[0].lower()}{label[1:]}"},
    )


class ReviewChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, review) -> str:
        return f"Looked-after review on {review.review_date:%-d %B %Y}"


class PlanForm(forms.Form):
    plan_type = forms.ChoiceField(
        label="Plan for permanence",
        choices=PlanType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the plan for permanence"},
    )
    agreed_on = date_field("Date the plan was agreed")
    ratified_at = ReviewChoiceField(
        label="Ratified at review", queryset=None, required=False, empty_label="Not yet ratified"
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, reviews, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ratified_at"].queryset = reviews
        self.helper = form_helper(
            Field.radios("plan_type"),
            Field("agreed_on"),
            Field.select("ratified_at"),
            Field.textarea("notes"),
            button="Save plan",
        )


class DecisionForm(forms.Form):
    decided_on = date_field("Date of the agency decision maker's decision")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("decided_on"), button="Record decision")


class AuthorityForm(VersionedForm):
    kind = forms.ChoiceField(
        label="Authority to place",
        choices=[
            ("order", "Placement order granted by the court"),
            ("consent", "Parents' consent to placement (section 19)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a placement order or the parents' consent"},
    )
    on = date_field("Date granted or given")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("kind"), Field("on"), Field("version"), button="Record authority"
        )


class HouseholdChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, household) -> str:
        return f"{household.name} ({household.family_identifier})"


class MatchForm(VersionedForm):
    matched_on = date_field("Date of the match")
    household = HouseholdChoiceField(
        label="Adopters assessed by this authority (optional)",
        queryset=None,
        required=False,
        empty_label="Not one of our approved households",
        help_text="Choose the household if this authority approved them, so their record shows the match.",
    )
    adopters_names = forms.CharField(label="Adopters' names", max_length=200)
    number_of_adopters = forms.TypedChoiceField(
        label="Number of adopters",
        coerce=int,
        choices=[(1, "One"), (2, "Two")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select one or two adopters"},
    )
    adopter_sex = coded("Sex of the adopter or adopters", "adopter_sex")
    adopter_legal_status = coded("Adopters' legal status", "adopter_legal_status")
    adopters_are_foster_carers = forms.TypedChoiceField(
        label="Are the adopters the child's current foster carers?",
        coerce=lambda value: value == "yes",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the adopters are the child's foster carers"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households_open_for_matching().order_by("name", "pk")
        self.helper = form_helper(
            Field("matched_on"),
            Field.select("household"),
            Field.text("adopters_names"),
            Field.radios("number_of_adopters", inline=True),
            Field.select("adopter_sex"),
            Field.select("adopter_legal_status"),
            Field.radios("adopters_are_foster_carers", inline=True),
            Field("version"),
            button="Record match",
        )


class PlacedForm(VersionedForm):
    placed_on = date_field("Date the child moved in with the adopters")
    provider = coded("Adoption agency (placement provider)", "placement_provider")
    postcode = forms.CharField(label="Postcode of the adopters' home", max_length=10, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("placed_on"),
            Field.select("provider"),
            Field.text("postcode", field_width=10),
            Field("version"),
            button="Record placement",
        )


class OrderForm(VersionedForm):
    order_on = date_field("Date of the adoption order")
    reason = forms.ChoiceField(
        label="How the order was made",
        choices=[("E11", "E11: application unopposed"), ("E12", "E12: consent dispensed with by the court")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the application was unopposed or consent was dispensed with"
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("order_on"), Field.radios("reason"), Field("version"), button="Record adoption order"
        )


class ReverseForm(VersionedForm):
    reversed_on = date_field("Date the decision was reversed")
    reason = coded("Reason", "placed_ceased_reason")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("reversed_on"), Field.select("reason"), Field("version"), button="Reverse decision"
        )


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(
        label="How care ends",
        choices=OutcomeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the order or return home"},
    )
    made_on = date_field("Date of the order or return home")
    reason_ceased = forms.ChoiceField(
        label="DfE reason care ended",
        choices=[
            ("", "Select"),
            ("E45", "E45: special guardianship order to former foster carers who are relatives or friends"),
            ("E46", "E46: special guardianship order to former foster carers, not relatives or friends"),
            ("E47", "E47: special guardianship order to other carers who are relatives or friends"),
            ("E48", "E48: special guardianship order to other carers"),
            ("E41", "E41: child arrangements order"),
            ("E4A", "E4A: returned home as part of the care plan"),
        ],
        error_messages={"required": "Select the DfE reason care ended"},
    )
    carer_name = forms.CharField(label="Special guardians or carers", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("kind"),
            Field("made_on"),
            Field.select("reason_ceased"),
            Field.text("carer_name"),
            button="End care",
        )


class PreviousPermanenceForm(VersionedForm):
    previous_permanence = coded("Permanent home before this period of care", "previous_permanence")
    authority = forms.CharField(
        label="Local authority that made the order (optional)",
        required=False,
        max_length=3,
        help_text="Its 3-digit code, or WAL, SCO, NIR or NUK. Leave blank if there was no previous permanence.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4"}),
    )
    order_date = forms.CharField(
        label="Date of the order (optional)",
        required=False,
        max_length=10,
        help_text="As DD/MM/YYYY; write ZZ for an unknown day or month, for example ZZ/05/2019.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].required = False
        self.helper = form_helper(
            Field.select("previous_permanence"),
            Field.text("authority"),
            Field.text("order_date"),
            Field("version"),
            button="Save previous permanence",
        )
