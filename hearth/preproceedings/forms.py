"""Forms for pre-proceedings: GOV.UK components through crispy-forms-gds. They check the shape
of what was typed; the services check the order of the steps and save."""

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from hearth.casework.forms import VersionedForm, date_field, form_helper, show_errors
from hearth.reference.selectors import code_choices

__all__ = ["ReviewMeetingForm", "StartForm", "StepsForm", "show_errors"]

YES_NO_UNKNOWN = [("", "Not known yet"), ("1", "Yes"), ("0", "No")]


def _yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO_UNKNOWN,
        coerce=lambda value: value == "1",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class StartForm(forms.Form):
    decided_on = date_field(
        "Date the legal planning meeting decided to start pre-proceedings",
        hint="The legal gateway or planning meeting's decision. For example, 27 3 2026",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("decided_on"), button="Start pre-proceedings")


class StepsForm(VersionedForm):
    """Every step after the start, filled in as each happens."""

    decided_on = date_field("Date the legal planning meeting decided to start pre-proceedings")
    letter_sent_on = date_field("Date the letter before proceedings was sent", required=False)
    fgdm_offered = _yes_no("Did the letter offer a family group decision-making meeting?")
    fgdm_facilitated = _yes_no("Was a family group decision-making meeting facilitated?")
    initial_meeting_on = date_field("Date of the initial pre-proceedings meeting", required=False)
    step_decision_on = date_field(
        "Date of the decision to step up into care proceedings or step down", required=False
    )
    outcome = forms.ChoiceField(label="Outcome of pre-proceedings", required=False)
    court_application_on = date_field(
        "Date the application to start care proceedings was made to the court", required=False
    )
    proceedings_letter_on = date_field(
        "Date of the letter to the parents initiating care proceedings", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [("", "Not decided yet")] + [
            (code, f"{code}: {label}") for code, label in code_choices("pre_proceedings_outcome")
        ]
        self.helper = form_helper(
            "version",
            Field("decided_on"),
            Fieldset(
                Field("letter_sent_on"),
                Field.radios("fgdm_offered", legend_size=Size.SMALL, inline=True),
                Field.radios("fgdm_facilitated", legend_size=Size.SMALL, inline=True),
                legend="Letter before proceedings",
                legend_size=Size.MEDIUM,
            ),
            Field("initial_meeting_on"),
            Fieldset(
                Field("step_decision_on"),
                Field.select("outcome"),
                legend="Decision",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field("court_application_on"),
                Field("proceedings_letter_on"),
                legend="Care proceedings",
                legend_size=Size.MEDIUM,
            ),
            button="Save",
        )


class ReviewMeetingForm(VersionedForm):
    held_on = date_field("Date of the review meeting")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("version", Field("held_on"), button="Save review meeting")
