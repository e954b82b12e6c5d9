"""GOV.UK forms for missing episodes. GOV.UK has no date-and-time component, so each moment is
a date input followed by a time box (24-hour, for example 14:30)."""

import re
from datetime import datetime, time

from crispy_forms_gds.layout import HTML, Field
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.casework.forms import date_field, form_helper
from hearth.missing.models import MissingEpisode
from hearth.reference.selectors import code_choices

TIME = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")
# Each moment the form asks for: (name, date label, required).
MOMENTS = {
    "started_at": "Date the child went missing",
    "ended_at": "Date the child returned",
    "rhi_offered_at": "Date the interview was offered",
    "rhi_held_at": "Date the interview was held",
}


def _time_field(what: str, required: bool) -> forms.CharField:
    return forms.CharField(
        label=f"Time {what}",
        required=required,
        max_length=5,
        help_text="24-hour clock, for example 14:30",
        error_messages={"required": f"Enter the time {what}"},
    )


def moment_initial(name: str, moment: datetime | None) -> dict:
    if moment is None:
        return {}
    local = timezone.localtime(moment)
    return {f"{name}_date": local.date(), f"{name}_time": f"{local:%H:%M}"}


class MissingEpisodeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    episode_type = forms.ChoiceField(
        label="Was the child missing, or away without authorisation?", widget=forms.RadioSelect
    )
    reported_to_police = forms.BooleanField(label="Reported to the police", required=False)
    rhi_outcome = forms.ChoiceField(
        label="Did the child accept the interview?",
        required=False,
        widget=forms.RadioSelect,
        choices=[("", "Not yet known"), *MissingEpisode.Outcome.choices],
    )
    rhi_held_by = forms.CharField(
        label="Who held the interview", required=False, max_length=200, help_text="Name and organisation"
    )
    rhi_by_independent_person = forms.BooleanField(
        label="They are independent of the child's placement", required=False
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        self.fields["episode_type"].choices = code_choices("missing_type")
        self.fields["episode_type"].error_messages["required"] = "Choose missing or away from placement"
        for name, label in MOMENTS.items():
            required = name == "started_at"
            self.fields[f"{name}_date"] = date_field(label, required=required)
            self.fields[f"{name}_time"] = _time_field(label.lower().replace("date ", "", 1), required)
        layout = ["version"] if editing else []
        layout += [
            Field.radios("episode_type", legend_size="s"),
            Field("started_at_date"),
            Field.text("started_at_time", field_width=5),
            Field.checkbox("reported_to_police", small=True),
            Field("ended_at_date"),
            Field.text("ended_at_time", field_width=5),
        ]
        if editing:
            layout += [
                HTML('<h2 class="govuk-heading-m">Return home interview</h2>'),
                Field("rhi_offered_at_date"),
                Field.text("rhi_offered_at_time", field_width=5),
                Field.radios("rhi_outcome", legend_size="s"),
                Field("rhi_held_at_date"),
                Field.text("rhi_held_at_time", field_width=5),
                Field.text("rhi_held_by"),
                Field.checkbox("rhi_by_independent_person", small=True),
            ]
        else:
            for name in ("rhi_offered_at", "rhi_held_at"):
                del self.fields[f"{name}_date"], self.fields[f"{name}_time"]
            for name in ("rhi_outcome", "rhi_held_by", "rhi_by_independent_person"):
                del self.fields[name]
        layout.append(Field.textarea("notes"))
        self.helper = form_helper(*layout, button="Save changes" if editing else "Save the episode")

    def clean(self):
        data = super().clean()
        for name in MOMENTS:
            if f"{name}_date" not in self.fields:
                continue
            day, clock = data.get(f"{name}_date"), data.get(f"{name}_time")
            if clock:
                match = TIME.match(clock)
                if not match:
                    self.add_error(
                        f"{name}_time",
                        "Enter the time as hours and minutes on the 24-hour clock, for example 14:30",
                    )
                    continue
                clock = time(int(match[1]), int(match[2]))
            if day and not clock and f"{name}_time" not in self.errors:
                self.add_error(
                    f"{name}_time", f"Enter the time as well as the date ({MOMENTS[name].lower()})"
                )
            elif clock and not day and f"{name}_date" not in self.errors:
                self.add_error(
                    f"{name}_date", f"Enter the date as well as the time ({MOMENTS[name].lower()})"
                )
            data[name] = timezone.make_aware(datetime.combine(day, clock)) if day and clock else None
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {
            name: data[name]
            for name in (
                "episode_type",
                "reported_to_police",
                "rhi_outcome",
                "rhi_held_by",
                "rhi_by_independent_person",
                "notes",
                *MOMENTS,
            )
            if name in data
        }
        return arguments

    def show_service_errors(self, error: ValidationError) -> None:
        """Put a service's errors on the field that holds the value (a moment's date box)."""
        for name, messages in error.message_dict.items():
            target = f"{name}_date" if name in MOMENTS else name
            self.add_error(target if target in self.fields else None, messages)

    @staticmethod
    def initial_for(episode: MissingEpisode) -> dict:
        initial = {
            "version": episode.version,
            "episode_type": episode.episode_type,
            "reported_to_police": episode.reported_to_police,
            "rhi_outcome": episode.rhi_outcome,
            "rhi_held_by": episode.rhi_held_by,
            "rhi_by_independent_person": episode.rhi_by_independent_person,
            "notes": episode.notes,
        }
        for name in MOMENTS:
            initial |= moment_initial(name, getattr(episode, name))
        return initial
