"""Find a person: a plain GET form, so a search can be bookmarked, shared or sent back to."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import CASEWORK_ROLES, Role
from hearth.casework.html_rows import esc, short_day
from hearth.people.models import Person
from hearth.people.search import find_people, normalise_identifier

SEARCH_ROLES = CASEWORK_ROLES | {Role.PERFORMANCE}
RESULT_LIMIT = 50


class BirthDateField(DateInputField):
    """A GOV.UK date input where the year alone is allowed: it searches the whole year."""

    def __init__(self, **kwargs):
        super().__init__(require_all_fields=False, **kwargs)
        for field in self.fields:
            field.required = False

    def compress(self, data_list):
        day, month, year = (list(data_list) + [None, None, None])[:3]
        if not (day or month or year):
            return None
        if not year:
            raise ValidationError("Date of birth must include a year")
        year = int(year)
        if not 1850 <= year <= 2200:
            raise ValidationError("Year of birth must be a real year, like 2015")
        if not day and not month:
            return year
        if not (day and month):
            raise ValidationError("Date of birth must include a day and month, or give just the year")
        return super().compress([day, month, year])


class PersonSearchForm(forms.Form):
    name = forms.CharField(
        label="Name",
        required=False,
        max_length=200,
        help_text="Any order, any spelling, including previous names and aliases",
    )
    date_of_birth = BirthDateField(
        label="Date of birth",
        required=False,
        help_text="For example, 27 3 2015. You can enter just the year.",
    )
    identifier = forms.CharField(label="NHS number, UPN or Hearth ID", required=False, max_length=30)
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["identifier"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["postcode"].widget.attrs.update({"autocomplete": "off", "class": "govuk-input--width-10"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            "name",
            "date_of_birth",
            "identifier",
            "postcode",
            Submit("search", "Search"),
        )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(field) for field in self.fields):
            raise ValidationError("Enter a name, date of birth, identifier or postcode to search for")
        identifier = cleaned.get("identifier")
        if identifier and not normalise_identifier(identifier).isalnum():
            self.add_error(
                "identifier", "Enter an NHS number, UPN or Hearth ID using only letters and numbers"
            )
        return cleaned

    def search_terms(self) -> dict:
        data = self.cleaned_data
        birth = data.get("date_of_birth")
        return {
            "text": data.get("name") or None,
            "date_of_birth": None if isinstance(birth, int) else birth,
            "year_of_birth": birth if isinstance(birth, int) else None,
            "identifier": data.get("identifier") or None,
            "postcode": data.get("postcode") or None,
        }


@requires_role(SEARCH_ROLES)
def search(request: HttpRequest) -> HttpResponse:
    searched = bool(request.GET)
    form = PersonSearchForm(request.GET or None)
    results = None
    if searched and form.is_valid():
        results = find_people(**form.search_terms(), limit=RESULT_LIMIT + 1)
    context = {
        "form": form,
        "results": results[:RESULT_LIMIT] if results is not None else None,
        "rows": result_rows(results[:RESULT_LIMIT]) if results else "",
        "more_results": results is not None and len(results) > RESULT_LIMIT,
        "result_limit": RESULT_LIMIT,
        "can_create": request.user.has_role(*CASEWORK_ROLES),
    }
    if request.headers.get("HX-Request") and results is not None:
        return render(request, "people/search_results.html", context)
    return render(request, "people/search.html", context)


# A row of the results table, exactly as a template loop would write it: searching as the worker
# types asks for up to 50 rows at a time, and the template engine's per-variable work was a
# quarter of the request. A restricted record shows only its Hearth ID.
ROW = '\n    <tr class="govuk-table__row" data-testid="result">\n      {cells}\n    </tr>\n    '
CELL = '\n      <td class="govuk-table__cell">{}</td>'
NOT_SHOWN = CELL.format('<span class="govuk-visually-hidden">Not shown</span>')
RESTRICTED = (
    '\n      <td class="govuk-table__cell">'
    '\n        <a class="govuk-link" href="{href}">Restricted record</a>'
    '\n        <span class="govuk-body-s govuk-!-display-block">Only named staff may open it; you will be'
    " asked why you need to.</span>"
    "\n      </td>" + NOT_SHOWN + CELL.replace("{}", "{reference}") + NOT_SHOWN + NOT_SHOWN + "\n      "
)
FOUND = (
    '\n      <td class="govuk-table__cell">'
    '\n        <a class="govuk-link" href="{href}">{name}</a>'
    "\n        {matched}"
    "\n      </td>"
    + CELL.replace("{}", "{born}")
    + CELL.replace("{}", "{reference}")
    + CELL.replace("{}", "{postcode}")
    + CELL.replace("{}", "{person_type}")
    + "\n      "
)
MATCHED = '<span class="govuk-body-s govuk-!-display-block">{}</span>'


def result_rows(people: list[Person]) -> SafeString:
    """The rows of the results table, each value escaped as the template would escape it."""
    language = get_language()
    # Every row links the same page with its own id: reverse it once, put each id in.
    marker = "987654321"
    summary = esc(reverse("people:summary", args=[int(marker)]))
    rows = []
    for person in people:
        href = summary.replace(marker, str(person.pk))
        reference = esc(person.reference)
        if person.is_restricted:
            cells = RESTRICTED.format(href=href, reference=reference)
        else:
            if person.date_of_birth:
                born = short_day(person.date_of_birth, language)
            elif person.expected_date_of_birth:
                born = "Due " + short_day(person.expected_date_of_birth, language)
            else:
                born = "Not known"
            address = person.current_address
            cells = FOUND.format(
                href=href,
                name=esc(person.display_name),
                matched=MATCHED.format(esc(person.matched_name)) if person.matched_name else "",
                born=born,
                reference=reference,
                postcode=esc((address.postcode if address else "") or "Not known"),
                person_type=esc(person.get_person_type_display()),
            )
        rows.append(ROW.format(cells=cells))
    return mark_safe("".join(rows))


urlpatterns = [
    path("search/", search, name="search"),
]
