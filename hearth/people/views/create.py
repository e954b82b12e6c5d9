"""Create a person, after checking they are not already on Hearth.

A submitted form is checked for likely duplicates first. If there are any, the page shows
them with the form still filled in, and the record is only created when the worker presses
"None of these – create a new record". That button carries a fingerprint of the details that
were checked, so changing a name or date after seeing the warning means a fresh check.
"""

import hashlib
import json

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import CASEWORK_ROLES
from hearth.people.forms import show_errors
from hearth.people.identifiers import normalise_nhs_number, validate_nhs_number, validate_upn
from hearth.people.models import PersonType
from hearth.people.search import find_likely_duplicates, normalise_postcode
from hearth.people.services import address_add, person_create
from hearth.reference.selectors import code_choices

CREATE_ROLES = CASEWORK_ROLES


def _date_field(label: str, hint: str) -> DateInputField:
    field = DateInputField(label=label, required=False, help_text=hint, require_all_fields=False)
    for part in field.fields:
        part.required = False
    return field


class NewPersonForm(forms.Form):
    person_type = forms.ChoiceField(
        label="Who are they?", choices=PersonType.choices, widget=forms.RadioSelect, initial=PersonType.CHILD
    )
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    date_of_birth = _date_field("Date of birth", "For example, 27 3 2015")
    expected_date_of_birth = _date_field(
        "Expected date of birth", "Only for an unborn child. For example, 14 9 2026"
    )
    sex = forms.ChoiceField(label="Sex", widget=forms.RadioSelect)
    nhs_number = forms.CharField(
        label="NHS number (optional)", max_length=13, required=False, help_text="10 digits, like 943 476 5919"
    )
    upn = forms.CharField(
        label="Unique pupil number (optional)",
        max_length=13,
        required=False,
        help_text="A letter then 12 characters, like A123456789012",
    )
    address_line_1 = forms.CharField(
        label="First line of their current address (optional)", max_length=200, required=False
    )
    postcode = forms.CharField(label="Postcode (optional)", max_length=10, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sex"].choices = code_choices("sex")
        self.fields["sex"].error_messages["required"] = "Select their sex, or 'Not known or not recorded'"
        self.fields["person_type"].error_messages["required"] = "Select who they are"
        for name in ("first_name", "last_name", "nhs_number", "upn"):
            self.fields[name].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["postcode"].widget.attrs.update({"autocomplete": "off", "class": "govuk-input--width-10"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "person_type",
            "first_name",
            "last_name",
            "date_of_birth",
            "expected_date_of_birth",
            "sex",
            "nhs_number",
            "upn",
            "address_line_1",
            "postcode",
            Submit("check", "Continue"),
        )

    def clean_nhs_number(self) -> str:
        value = normalise_nhs_number(self.cleaned_data["nhs_number"])
        if value:
            validate_nhs_number(value)
        return value

    def clean_upn(self) -> str:
        value = self.cleaned_data["upn"].strip().upper()
        if value:
            validate_upn(value)
        return value

    def clean(self):
        cleaned = super().clean()
        unborn = cleaned.get("person_type") == PersonType.UNBORN
        today = timezone.localdate()
        if (
            not unborn
            and not (cleaned.get("first_name") or "").strip()
            and not (cleaned.get("last_name") or "").strip()
        ):
            self.add_error("last_name", "Enter their last name, or a first name if that is all you know")
        if unborn:
            if cleaned.get("date_of_birth"):
                self.add_error(
                    "date_of_birth", "An unborn child has an expected date of birth, not a date of birth"
                )
            if not cleaned.get("expected_date_of_birth") and "expected_date_of_birth" not in self.errors:
                self.add_error("expected_date_of_birth", "Enter the expected date of birth")
        else:
            if cleaned.get("expected_date_of_birth"):
                self.add_error(
                    "expected_date_of_birth", "Only give an expected date of birth for an unborn child"
                )
            birth = cleaned.get("date_of_birth")
            if birth and birth > today:
                self.add_error("date_of_birth", "Date of birth must be today or in the past")
        postcode = cleaned.get("postcode") or ""
        if postcode and len(normalise_postcode(postcode)) < 5:
            self.add_error("postcode", "Enter a full postcode, like B15 2TT")
        if postcode and not (cleaned.get("address_line_1") or "").strip():
            self.add_error(
                "address_line_1", "Enter the first line of the address, or leave the postcode blank"
            )
        return cleaned

    def fingerprint(self) -> str:
        """A digest of the details the duplicate check looked at."""
        data = self.cleaned_data
        checked = [
            (data.get("first_name") or "").strip().lower(),
            (data.get("last_name") or "").strip().lower(),
            str(data.get("date_of_birth") or data.get("expected_date_of_birth") or ""),
            data.get("nhs_number") or "",
            data.get("upn") or "",
            normalise_postcode(data.get("postcode") or ""),
        ]
        return hashlib.sha256(json.dumps(checked).encode()).hexdigest()[:16]

    def duplicate_terms(self) -> dict:
        data = self.cleaned_data
        return {
            "first_name": data.get("first_name") or "",
            "last_name": data.get("last_name") or "",
            "date_of_birth": data.get("date_of_birth") or data.get("expected_date_of_birth"),
            "nhs_number": data.get("nhs_number") or "",
            "upn": data.get("upn") or "",
            "postcode": data.get("postcode") or "",
        }


@transaction.atomic
def _create(form: NewPersonForm, by):
    data = form.cleaned_data
    person = person_create(
        by=by,
        person_type=data["person_type"],
        first_name=data.get("first_name") or "",
        last_name=data.get("last_name") or "",
        date_of_birth=data.get("date_of_birth"),
        expected_date_of_birth=data.get("expected_date_of_birth"),
        sex=data["sex"],
        nhs_number=data.get("nhs_number") or "",
        upn=data.get("upn") or "",
    )
    if (data.get("address_line_1") or "").strip():
        address_add(
            person=person,
            by=by,
            line_1=data["address_line_1"],
            postcode=data.get("postcode") or "",
            start_date=timezone.localdate(),
        )
    return person


def _return_to(request: HttpRequest) -> str:
    """Where to go once the person exists: a page of Hearth's own that sent the worker here
    (the contact they were recording, say), never another site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@requires_role(CREATE_ROLES)
def create(request: HttpRequest) -> HttpResponse:
    return_to = _return_to(request)
    duplicates = []
    fingerprint = ""
    if request.method == "POST":
        form = NewPersonForm(request.POST)
        if form.is_valid():
            fingerprint = form.fingerprint()
            confirmed = request.POST.get("confirm") == fingerprint
            if not confirmed:
                duplicates = find_likely_duplicates(**form.duplicate_terms())
            if confirmed or not duplicates:
                try:
                    person = _create(form, request.user)
                except ValidationError as error:
                    show_errors(form, error)
                else:
                    messages.success(
                        request, f"{person.display_name} was added to Hearth as Hearth ID {person.reference}"
                    )
                    return redirect(return_to or reverse("people:summary", args=[person.pk]))
    else:
        form = NewPersonForm(initial=_initial_from_search(request))
    return render(
        request,
        "people/create.html",
        {"form": form, "duplicates": duplicates, "fingerprint": fingerprint, "return_to": return_to},
    )


def _initial_from_search(request: HttpRequest) -> dict:
    """Carry a name typed into Find a person over to the new record."""
    words = (request.GET.get("name") or "").split()
    if not words:
        return {}
    return {"first_name": " ".join(words[:-1]), "last_name": words[-1]}


urlpatterns = [
    path("new/", create, name="create"),
]
