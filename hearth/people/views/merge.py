"""Merge two records of the same person: choose the other record, compare, confirm with a reason.

Only team managers and system administrators merge. The page opens from one record; the
other is chosen by its Hearth ID, both are shown side by side, and the manager chooses which
record to keep. The merge itself is hearth.people.merge.person_merge.
"""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from hearth.accounts.permissions import requires_role
from hearth.audit.access import MergedRecord, RestrictedRecord, open_person_record
from hearth.people.forms import show_errors
from hearth.people.merge import MERGE_ROLES, merge_problem, person_merge
from hearth.people.models import Person
from hearth.people.search import normalise_identifier
from hearth.people.views.record import person_page


class ChooseOtherForm(forms.Form):
    other = forms.CharField(
        label="Hearth ID of the other record",
        max_length=12,
        help_text="The duplicate of this record, for example 0001234. Find it with Find a person.",
        error_messages={"required": "Enter the Hearth ID of the other record"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].widget.attrs.update({"class": "govuk-input--width-10", "autocomplete": "off"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.form_method = "get"
        self.helper.layout = Layout("other", Submit("compare", "Compare the records"))

    def clean_other(self) -> int:
        value = normalise_identifier(self.cleaned_data["other"])
        if not value.isdigit() or not 0 < int(value) < 10**9:
            raise ValidationError("Enter a Hearth ID using only numbers, like 0001234")
        return int(value)


class ConfirmMergeForm(forms.Form):
    keep = forms.ChoiceField(
        label="Which record should be kept?",
        widget=forms.RadioSelect,
        help_text="Everything recorded on the other record moves to this one. The other record is kept, "
        "read-only, so the merge can be undone.",
        error_messages={"required": "Select the record to keep"},
    )
    reason = forms.CharField(
        label="Why are these the same person?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="For example, the same NHS number and date of birth, confirmed with the school",
        error_messages={"required": "Enter why these records are the same person"},
    )

    def __init__(self, *args, this: Person, other: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [
            (str(this.pk), f"Keep Hearth ID {this.reference} ({this.display_name})"),
            (str(other.pk), f"Keep Hearth ID {other.reference} ({other.display_name})"),
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "keep", "reason", Submit("merge", "Merge the records", css_class="govuk-button--warning")
        )


def _open_other(request: HttpRequest, form: ChooseOtherForm, this: Person) -> Person | None:
    """The other record, opened through the access log; errors go onto the form."""
    pk = form.cleaned_data["other"]
    try:
        other = open_person_record(request, pk, page="merge")
    except RestrictedRecord:
        form.add_error(
            "other", "That record is restricted: open it first, giving your reason, then come back"
        )
        return None
    except MergedRecord as merged:
        form.add_error("other", merge_problem(keep=this, merge=merged.person))
        return None
    except Http404:
        form.add_error("other", "There is no record with that Hearth ID")
        return None
    problem = merge_problem(keep=this, merge=other)
    if problem:
        form.add_error("other", problem)
        return None
    return other


def _side(person: Person) -> dict:
    return {
        "person": person,
        "addresses": list(person.addresses.all()),
        "other_names": list(person.other_names.all()),
        "relationships": person.relationships.count() + person.inverse_relationships.count(),
    }


@requires_role(MERGE_ROLES)
@person_page("merge")
def merge(request: HttpRequest, person: Person) -> HttpResponse:
    choose = ChooseOtherForm(request.GET or request.POST or None)
    other = _open_other(request, choose, person) if choose.is_bound and choose.is_valid() else None
    confirm = None
    if other is not None:
        confirm = ConfirmMergeForm(
            request.POST if request.method == "POST" else None,
            this=person,
            other=other,
            initial={"keep": str(person.pk)},
        )
        if request.method == "POST" and confirm.is_valid():
            keep, duplicate = (
                (person, other) if confirm.cleaned_data["keep"] == str(person.pk) else (other, person)
            )
            try:
                person_merge(
                    keep=keep, merge=duplicate, by=request.user, reason=confirm.cleaned_data["reason"]
                )
            except ValidationError as error:
                show_errors(confirm, error)
            else:
                messages.success(
                    request,
                    f"Hearth ID {duplicate.reference} was merged into Hearth ID {keep.reference}. "
                    "The merged record is kept, read-only, and the merge can be undone.",
                )
                return redirect("people:summary", pk=keep.pk)
    return render(
        request,
        "people/merge.html",
        {
            "person": person,
            "choose": choose,
            "other": other,
            "confirm": confirm,
            "sides": [_side(person), _side(other)] if other is not None else [],
        },
    )


urlpatterns = [
    path("<int:pk>/merge/", merge, name="merge"),
]
