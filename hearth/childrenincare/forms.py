"""Forms for a child's care: GOV.UK components through crispy-forms-gds.

The forms check the shape of what was typed; the services check the rules and save. Field
names match the services' arguments, so a service's ValidationError lands on the right field
(``show_errors``). Every form that acts on a period carries the period's version.
"""

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from hearth.casework.forms import VersionedForm, date_field, form_helper, show_errors
from hearth.reference.selectors import code_choices

__all__ = [
    "EndForm",
    "IROForm",
    "LibertyOrderEndForm",
    "LibertyOrderStartForm",
    "LegalStatusForm",
    "PlacementForm",
    "ReviewForm",
    "StartForm",
    "show_errors",
]


def coded(
    label: str, code_list: str, *, required: bool = True, blank: str = "Select", hint: str = ""
) -> forms.ChoiceField:
    field = forms.ChoiceField(
        label=label,
        required=required,
        help_text=hint,
        error_messages={"required": f"Select the {label[0].lower()}{label[1:]}"},
    )
    field.code_list = code_list
    field.blank_label = blank
    return field


def _fill_choices(form: forms.Form) -> None:
    """Code lists are read when the form is made, so a new year's list needs no restart."""
    for field in form.fields.values():
        code_list = getattr(field, "code_list", None)
        if code_list:
            field.choices = [("", field.blank_label)] + [
                (code, f"{code}: {label}") for code, label in code_choices(code_list)
            ]


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return user.get_full_name() or user.username


PLACEMENT_HINTS = {
    "provider": "Leave blank for temporary (T0 to T4) and other (Z11 to Z14) placements",
    "ofsted_urn": "SC and 6 digits, or 7 digits; XXXXXXX if not known. Leave blank for P1, P3, R1, R2, R5, "
    "T0 to T4 and Z11 to Z14",
}


def _placement_fields() -> dict[str, forms.Field]:
    return {
        "placement_type": coded("Placement type", "placement_type"),
        "provider": coded(
            "Placement provider",
            "placement_provider",
            required=False,
            blank="None",
            hint=PLACEMENT_HINTS["provider"],
        ),
        "carer_name": forms.CharField(
            label="Carer or setting",
            max_length=200,
            required=False,
            help_text="The foster carers' names, or the home",
        ),
        "postcode": forms.CharField(label="Postcode of the placement", max_length=10, required=False),
        "ofsted_urn": forms.CharField(
            label="Ofsted URN", max_length=8, required=False, help_text=PLACEMENT_HINTS["ofsted_urn"]
        ),
        "long_term": forms.BooleanField(
            label="The placement is intended to last until the child is 18",
            required=False,
            help_text="U1 and U4 placements always are. After its first year the child is then visited at "
            "least every 3 months instead of every 6 weeks",
        ),
        "reg_24_temporary": forms.BooleanField(
            label="A relative, friend or other connected person approved temporarily (regulation 24)",
            required=False,
            help_text="U3 only. The child is visited weekly until the first review, then at least every 4 weeks",
        ),
    }


def _placement_layout() -> list:
    return [
        Field.select("placement_type"),
        Field.select("provider"),
        Field.text("carer_name"),
        Field.text("postcode", field_width=10),
        Field.text("ofsted_urn", field_width=10),
        Field.checkbox("long_term"),
        Field.checkbox("reg_24_temporary"),
    ]


REFERRAL_SOURCE_HINT = (
    "The child has no episode of need open, so one opens on the day they come into care. Choose who "
    "first raised the concern about them, as the CIN census reports it. Choose 10: Unknown only if "
    "nobody knows"
)


class StartForm(forms.Form):
    """Bring a child into care: the period, its first legal status and first placement. With
    ``ask_referral_source`` (the child has no episode of need open) it asks who referred the
    child, for the episode of need that opens with the care."""

    start_date = date_field("Date the child came into care")
    legal_status = coded("Legal status", "legal_status")
    category_of_need = coded("Category of need", "category_of_need")
    home_postcode = forms.CharField(
        label="Postcode of the home the child was living in", max_length=10, required=False
    )

    def __init__(self, *args, ask_referral_source: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        source = []
        if ask_referral_source:
            self.fields["referral_source"] = coded(
                "Referral source", "referral_source", blank="Select a source", hint=REFERRAL_SOURCE_HINT
            )
            source = [Field.select("referral_source")]
        self.fields.update(_placement_fields())
        _fill_choices(self)
        self.helper = form_helper(
            Field("start_date"),
            Field.select("legal_status"),
            Field.select("category_of_need"),
            *source,
            Field.text("home_postcode", field_width=10),
            Fieldset(*_placement_layout(), legend="First placement", legend_size=Size.MEDIUM),
            button="Bring into care",
        )

    def placement(self) -> dict:
        return {name: self.cleaned_data[name] for name in _placement_fields()}


class LegalStatusForm(VersionedForm):
    on = date_field("Date the legal status changed")
    legal_status = coded("New legal status", "legal_status")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _fill_choices(self)
        self.helper = form_helper(
            "version", Field("on"), Field.select("legal_status"), button="Change legal status"
        )


class PlacementForm(VersionedForm):
    on = date_field("Date of the move")
    reason_changed = coded(
        "Reason the placement changed",
        "reason_place_change",
        required=False,
        hint="Why the current placement ended. Not needed when the child returns from a temporary placement",
    )
    same_carer = forms.BooleanField(
        label="The carer stays the same (for example, foster carers approved as the child's adopters)",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_placement_fields())
        _fill_choices(self)
        self.helper = form_helper(
            "version",
            Field("on"),
            Field.select("reason_changed"),
            Fieldset(*_placement_layout(), legend="New placement", legend_size=Size.MEDIUM),
            Field.checkbox("same_carer"),
            button="Move placement",
        )

    def placement(self) -> dict:
        return {name: self.cleaned_data[name] for name in _placement_fields()}


class ReviewForm(VersionedForm):
    review_date = date_field("Date of the review")
    chair = UserChoiceField(
        label="Independent reviewing officer who chaired it",
        queryset=None,
        error_messages={"required": "Select the independent reviewing officer who chaired the review"},
    )
    participation = coded("How the child took part", "review_participation")
    decisions = forms.CharField(label="Decisions", required=False, widget=forms.Textarea)

    def __init__(self, *args, chairs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = chairs
        _fill_choices(self)
        self.fields["participation"].choices = self.fields["participation"].choices[1:]
        self.fields["participation"].widget = forms.RadioSelect(choices=self.fields["participation"].choices)
        self.helper = form_helper(
            "version",
            Field("review_date"),
            Field.select("chair"),
            Field.radios("participation", legend_size=Size.SMALL),
            Field.textarea("decisions", rows=6),
            button="Save review",
        )


class IROForm(VersionedForm):
    iro = UserChoiceField(
        label="Independent reviewing officer",
        queryset=None,
        error_messages={"required": "Select the independent reviewing officer"},
    )
    start_date = date_field("Date they took over")

    def __init__(self, *args, iros, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["iro"].queryset = iros
        self.helper = form_helper("version", Field.select("iro"), Field("start_date"), button="Assign IRO")


class EndForm(VersionedForm):
    end_date = date_field("Date the child left care")
    reason_ceased = coded("Reason the child left care", "reason_episode_ceased")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _fill_choices(self)
        self.helper = form_helper(
            "version", Field("end_date"), Field.select("reason_ceased"), button="Leave care"
        )


class LibertyOrderStartForm(VersionedForm):
    start_date = date_field(
        "Date the order started",
        hint="The day the court's order authorising the deprivation of the child's liberty took effect. "
        "For example, 27 3 2026",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("version", Field("start_date"), button="Record the order")


class LibertyOrderEndForm(VersionedForm):
    end_date = date_field("Date the order ended")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("version", Field("end_date"), button="End the order")
