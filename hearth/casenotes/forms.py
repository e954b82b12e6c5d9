"""The note and visit form: GOV.UK components through crispy-forms-gds.

The form checks what was typed (a real date, a time like 14:30); the service applies the
rules and saves. ``show_errors`` puts a service's ValidationError back on the form.
"""

import re
from datetime import datetime, time

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hearth.casenotes.models import CaseNote
from hearth.people.models import Person

_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")

# Where the service's errors about the date and time are shown on the form.
_FIELD_FOR_SERVICE_ERROR = {"occurred_at": "occurred_on", "children": "also_about"}


def show_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            name = _FIELD_FOR_SERVICE_ERROR.get(name, name)
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class CaseNoteForm(forms.Form):
    """A note or visit about the child, and any brothers or sisters it is also about.

    ``draft`` and ``version`` carry the draft saved while the worker typed, so the final save
    turns that draft into the note instead of making a second one.
    """

    draft = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label="What kind of note is it?", choices=CaseNote.Kind.choices)
    occurred_on = DateInputField(
        label="Date of the note or visit",
        help_text="For example, 27 3 2026",
        require_all_fields=False,
        required=True,
    )
    occurred_time = forms.CharField(
        label="Time", help_text="Use the 24-hour clock, for example 14:30", max_length=5, required=True
    )
    child_seen = forms.BooleanField(label="The child was seen", required=False)
    child_seen_alone = forms.BooleanField(label="The child was seen alone", required=False)
    narrative = forms.CharField(
        label="What happened",
        widget=forms.Textarea,
        required=False,
        help_text="Who was there, what you saw and heard, what you did and what happens next",
    )
    child_voice = forms.CharField(
        label="The child's voice",
        widget=forms.Textarea,
        required=False,
        help_text="What the child said, showed or wanted, in their own words where you can",
    )
    also_about = forms.MultipleChoiceField(
        label="Is this note also about their brothers or sisters?",
        required=False,
        help_text="The note is recorded once and shows on each child's record",
    )

    def __init__(
        self, *args, siblings: list[Person] = (), draft_url: str = "", button: str = "Save note", **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].error_messages["required"] = "Enter the date"
        self.fields["occurred_time"].error_messages["required"] = "Enter the time"
        self.fields["also_about"].choices = [
            (str(sibling.pk), _sibling_label(sibling)) for sibling in siblings
        ]
        self.fields["occurred_time"].widget.attrs.update({"inputmode": "numeric", "spellcheck": "false"})
        if draft_url:
            # Save a draft two seconds after the worker stops typing (htmx; without JS the page
            # still works, the draft just is not kept until "Save note").
            for name in ("narrative", "child_voice"):
                self.fields[name].widget.attrs.update(
                    {
                        "hx-post": draft_url,
                        "hx-trigger": "keyup changed delay:2s",
                        "hx-include": "closest form",
                        "hx-target": "#draft-status",
                        "hx-swap": "innerHTML",
                    }
                )
        sibling_fields = (
            [Field.checkboxes("also_about", legend_size=Size.SMALL, small=True)] if siblings else []
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "draft",
            "version",
            Field.select("kind"),
            Field("occurred_on"),
            Field.text("occurred_time", field_width=5),
            Fieldset(
                Field.checkbox("child_seen", small=True),
                Field.checkbox("child_seen_alone", small=True),
                legend="For a visit: was the child seen?",
                legend_size=Size.MEDIUM,
            ),
            Field.textarea("narrative", label_size=Size.MEDIUM, rows=8),
            Field.textarea("child_voice", label_size=Size.MEDIUM, rows=5),
            *sibling_fields,
            Submit("save", button),
        )

    def clean_occurred_time(self) -> time:
        value = self.cleaned_data["occurred_time"]
        match = _TIME.match(value or "")
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise ValidationError("Enter a time like 14:30")
        return time(int(match[1]), int(match[2]))

    def occurred_at(self) -> datetime | None:
        on, at = self.cleaned_data.get("occurred_on"), self.cleaned_data.get("occurred_time")
        if not on or at is None:
            return None
        return timezone.make_aware(datetime.combine(on, at))

    def note_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "occurred_at": self.occurred_at(),
            "kind": data["kind"],
            "child_seen": data["child_seen"],
            "child_seen_alone": data["child_seen_alone"],
            "narrative": data["narrative"],
            "child_voice": data["child_voice"],
        }

    def sibling_ids(self) -> set[int]:
        return {int(pk) for pk in self.cleaned_data.get("also_about") or []}

    @staticmethod
    def initial_for(note: CaseNote | None, *, child: Person) -> dict:
        if note is None:
            now = timezone.localtime()
            return {"occurred_on": now.date(), "occurred_time": now.strftime("%H:%M"), "kind": "home_visit"}
        at = timezone.localtime(note.occurred_at)
        return {
            "draft": note.pk if note.is_draft else None,
            "version": note.version,
            "kind": note.kind,
            "occurred_on": at.date(),
            "occurred_time": at.strftime("%H:%M"),
            "child_seen": note.child_seen,
            "child_seen_alone": note.child_seen_alone,
            "narrative": note.narrative,
            "child_voice": note.child_voice,
            "also_about": [str(other.pk) for other in note.children.all() if other.pk != child.pk],
        }


def _sibling_label(person: Person) -> str:
    if person.date_of_birth:
        return f"{person.display_name} (born {person.date_of_birth:%-d %b %Y})"
    return person.display_name


class KindFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Show", choices=[("", "All notes and visits"), *CaseNote.Kind.choices], required=False
    )


def draft_url_for(child: Person) -> str:
    return reverse("casenotes:draft", args=[child.pk])
