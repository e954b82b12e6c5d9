"""Assessment forms: GOV.UK components through crispy-forms-gds.

The forms check the shape of what was typed; the services check the rules and save, and a
service's ValidationError is put back on the form by ``show_errors``.
"""

from crispy_forms_gds.layout import Field, Size
from django import forms

from hearth.assessment.models import Assessment
from hearth.casework.forms import date_field
from hearth.casework.forms import form_helper as helper
from hearth.reference.selectors import code_choices


def factor_choices() -> list[tuple[str, str]]:
    return [(code, f"{label} ({code})") for code, label in code_choices("assessment_factor")]


class AssessmentStartForm(forms.Form):
    start_date = date_field("Date the assessment started")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(Field("start_date"), button="Start assessment")


class AssessmentRecordForm(forms.Form):
    """The worker's recording while the assessment is open; factors and outcome appear once
    it has been completed (they belong to a completed assessment only)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    child_seen_on = date_field("Date the child was seen", required=False)
    child_seen_alone = forms.BooleanField(label="The child was seen alone", required=False)
    child_views = forms.CharField(
        label="The child's views",
        required=False,
        widget=forms.Textarea,
        help_text="In the child's own words where you can",
    )
    analysis = forms.CharField(label="Analysis", required=False, widget=forms.Textarea)
    factors = forms.MultipleChoiceField(
        label="Factors identified", required=False, widget=forms.CheckboxSelectMultiple
    )
    outcome = forms.ChoiceField(
        label="Outcome", required=False, choices=Assessment.Outcome.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, assessment: Assessment, **kwargs):
        super().__init__(*args, **kwargs)
        fields = ["version", "child_seen_on", "child_seen_alone", "child_views", "analysis"]
        layout = [
            "version",
            Field("child_seen_on"),
            Field.checkbox("child_seen_alone", small=True),
            Field.textarea("child_views", rows=5),
            Field.textarea("analysis", rows=8),
        ]
        if assessment.completed_on:
            self.fields["factors"].choices = factor_choices()
            fields += ["factors", "outcome"]
            layout += [
                Field.checkboxes("factors", legend_size=Size.MEDIUM, small=True),
                Field.radios("outcome", legend_size=Size.MEDIUM),
            ]
        for name in list(self.fields):
            if name not in fields:
                del self.fields[name]
        self.helper = helper(*layout, button="Save")

    @classmethod
    def initial_for(cls, assessment: Assessment) -> dict:
        return {
            "version": assessment.version,
            "child_seen_on": assessment.child_seen_on,
            "child_seen_alone": assessment.child_seen_alone,
            "child_views": assessment.child_views,
            "analysis": assessment.analysis,
            "factors": assessment.factors,
            "outcome": assessment.outcome,
        }

    def changes(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class AssessmentCompleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    completed_on = date_field("Date the assessment was completed")
    factors = forms.MultipleChoiceField(
        label="Factors identified at assessment",
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply, or 'No factors identified' on its own",
        error_messages={"required": "Select the factors identified, or 'No factors identified'"},
    )
    outcome = forms.ChoiceField(
        label="Outcome of the assessment",
        choices=Assessment.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the assessment"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factors"].choices = factor_choices()
        self.helper = helper(
            "version",
            Field("completed_on"),
            Field.checkboxes("factors", legend_size=Size.MEDIUM, small=True),
            Field.radios("outcome", legend_size=Size.MEDIUM),
            button="Submit for authorisation",
        )


class AssessmentAuthoriseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    authorised_on = date_field("Date authorised")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper("version", Field("authorised_on"), button="Authorise assessment")
