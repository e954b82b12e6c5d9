"""Child protection forms: GOV.UK components through crispy-forms-gds.

The forms check the shape of what was typed; the services check the rules and save, and a
service's ValidationError is put back on the form by ``show_errors``.
"""

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.core.exceptions import ValidationError

from hearth.casework.forms import date_field
from hearth.casework.forms import form_helper as helper
from hearth.childprotection.models import Conference, Section47
from hearth.reference.selectors import code_choices

YES_NO = [("yes", "Yes"), ("no", "No")]


class StrategyDiscussionForm(forms.Form):
    held_on = date_field("Date of the strategy discussion")
    attendees = forms.CharField(
        label="Who took part",
        widget=forms.Textarea,
        help_text="One person a line: their agency, a colon, then their name. For example, Police: DC Priya Shah",
        error_messages={"required": "Enter who took part, with their agency"},
    )
    section_47_initiated = forms.ChoiceField(
        label="Was a section 47 enquiry started?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether a section 47 enquiry was started"},
    )
    decision_notes = forms.CharField(label="Decision and reasons", required=False, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            Field("held_on"),
            Field.textarea("attendees", rows=5),
            Field.radios("section_47_initiated", legend_size=Size.SMALL, inline=True),
            Field.textarea("decision_notes", rows=5),
            button="Save strategy discussion",
        )

    def clean_attendees(self) -> list[dict]:
        people, problems = [], []
        for number, line in enumerate(self.cleaned_data["attendees"].splitlines(), start=1):
            if not line.strip():
                continue
            agency, colon, name = line.partition(":")
            if not colon or not agency.strip() or not name.strip():
                problems.append(
                    f"Line {number}: write the agency, a colon, then the name, like Police: DC Priya Shah"
                )
                continue
            people.append({"agency": agency.strip(), "name": name.strip()})
        if problems:
            raise ValidationError(problems)
        return people

    def clean_section_47_initiated(self) -> bool:
        return self.cleaned_data["section_47_initiated"] == "yes"


class DiscussionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, discussion) -> str:
        return f"Strategy discussion on {discussion.held_on:%-d %B %Y}"


class Section47StartForm(forms.Form):
    strategy_discussion = DiscussionChoiceField(
        label="Which strategy discussion started it?",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the strategy discussion that started the enquiry"},
    )
    start_date = date_field("Date the enquiry started")

    def __init__(self, *args, discussions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strategy_discussion"].queryset = discussions
        self.helper = helper(
            Field.radios("strategy_discussion", legend_size=Size.SMALL),
            Field("start_date"),
            button="Start section 47 enquiry",
        )


class Section47ConcludeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    completed_on = date_field("Date the enquiry concluded")
    outcome = forms.ChoiceField(
        label="Outcome of the enquiry",
        choices=Section47.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the enquiry"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            "version",
            Field("completed_on"),
            Field.radios("outcome", legend_size=Size.SMALL),
            button="Save outcome",
        )


class ChairChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return user.get_full_name() or user.username


class EnquiryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, enquiry) -> str:
        return f"Section 47 enquiry started {enquiry.start_date:%-d %B %Y}"


class ConferenceForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of conference",
        choices=Conference.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of conference"},
    )
    section_47 = EnquiryChoiceField(
        label="Section 47 enquiry",
        queryset=None,
        required=False,
        empty_label="Not applicable",
        help_text="For an initial conference: the enquiry that led to it",
    )
    held_on = date_field("Date of the conference")
    chair = ChairChoiceField(
        label="Chair",
        queryset=None,
        help_text="A child protection chair",
        error_messages={"required": "Select who chaired the conference"},
    )
    outcome = forms.ChoiceField(
        label="Decision",
        choices=Conference.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the conference's decision"},
    )
    category = forms.ChoiceField(
        label="Category of abuse",
        required=False,
        help_text="For a new plan, and at a review if the category changed",
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)

    def __init__(self, *args, enquiries, chairs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section_47"].queryset = enquiries
        self.fields["chair"].queryset = chairs
        self.fields["category"].choices = [("", "Not applicable")] + code_choices("abuse_category")
        self.helper = helper(
            Field.radios("kind", legend_size=Size.SMALL),
            Field.select("section_47"),
            Field("held_on"),
            Field.select("chair"),
            Field.radios("outcome", legend_size=Size.SMALL),
            Field.select("category"),
            Field.textarea("notes", rows=5),
            button="Save conference",
        )


class CoreGroupForm(forms.Form):
    held_on = date_field("Date of the core group meeting")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(Field("held_on"), Field.textarea("notes", rows=5), button="Save core group")


class PlanEndForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    end_date = date_field("Date the plan ended")
    reason = forms.CharField(
        label="Why the plan ended",
        max_length=200,
        error_messages={"required": "Enter why the plan ended"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper("version", Field("end_date"), Field.text("reason"), button="End the plan")
