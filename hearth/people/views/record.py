"""The pages of a person's record: summary, details, addresses, family network and history.

Every page opens the person through ``open_person_record``, which logs the view and refuses a
restricted record; ``person_page`` turns its refusals into redirects. Reading is open to the
casework roles and performance analysts; changing to the casework roles only.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import CASEWORK_ROLES, Role
from hearth.audit.access import record_page
from hearth.people import selectors, services
from hearth.people.forms import (
    AddressForm,
    EndDateForm,
    OtherNameForm,
    PersonDetailsForm,
    RelationshipForm,
    RelativeSearchForm,
    show_errors,
)
from hearth.people.models import Address, Person, PersonType
from hearth.people.search import find_people

READ_ROLES = CASEWORK_ROLES | {Role.PERFORMANCE}
EDIT_ROLES = CASEWORK_ROLES

PersonView = Callable[..., HttpResponse]


def record_tabs(person: Person, current: str, user) -> list[dict]:
    """The sub-navigation of a person's record. Other apps add their tabs to the list this
    returns (the audit app adds "Who has viewed" for managers)."""
    tabs = [
        ("summary", "Summary", "people:summary"),
        ("network", "Family network", "people:network"),
        ("addresses", "Addresses", "people:addresses"),
        ("history", "History", "people:history"),
    ]
    if person.person_type in (PersonType.CHILD, PersonType.UNBORN):
        tabs[1:1] = [
            ("chronology", "Chronology", "chronology:child"),
            ("notes", "Notes and visits", "casenotes:list"),
            ("assessments", "Assessments", "assessment:list"),
            ("child-protection", "Child protection", "childprotection:overview"),
            ("pre-proceedings", "Pre-proceedings", "preproceedings:overview"),
            ("care", "Care", "childrenincare:care"),
            ("episodes", "Referrals and plans", "childinneed:episodes"),
            ("early_help", "Early help", "earlyhelp:episodes"),
            ("allocation", "Allocation", "allocation:history"),
        ]
    if person.person_type == PersonType.CHILD:
        # Children in care: health, education, missing episodes and UASC status.
        tabs[-3:-3] = [
            ("health", "Health", "health:overview"),
            ("education", "Education", "education:plans"),
            ("missing", "Missing", "missing:episodes"),
            ("uasc", "UASC", "uasc:status"),
            ("permanence", "Permanence", "permanence:overview"),
            ("leaving-care", "Leaving care", "leavingcare:overview"),
        ]
    if person.person_type in (PersonType.CHILD, PersonType.UNBORN):
        # Shown only while DfE's return checks find something to fix (one EXISTS query).
        from hearth.returns.selectors import child_has_return_issues

        if current == "data-quality" or child_has_return_issues(person.pk):
            tabs.append(("data-quality", "Data quality", "returns:child"))
    if user.has_role(Role.TEAM_MANAGER, Role.ADMINISTRATOR):
        tabs.append(("views", "Who has viewed", "audit:person-views"))
    return [
        {"key": key, "label": label, "href": reverse(url_name, args=[person.pk]), "current": key == current}
        for key, label, url_name in tabs
    ]


def restricted_url(person_id: int) -> str:
    try:
        return reverse("audit:restricted", args=[person_id])
    except NoReverseMatch:  # the audit app's page is mounted at this address
        return f"/audit/restricted/{person_id}/"


def person_page(page: str) -> Callable:
    return record_page(page, id_kwarg="pk")


def _render(
    request: HttpRequest, template: str, person: Person, tab: str, context: dict, **kwargs
) -> HttpResponse:
    context = {
        "person": person,
        "child": person,
        "record_tabs": record_tabs(person, tab, request.user),
        "may_edit": request.user.has_role(*EDIT_ROLES),
        **context,
    }
    return render(request, template, context, **kwargs)


def _posted(request: HttpRequest):
    """The submitted data, bound even when empty, so an empty submission shows its errors."""
    return request.POST if request.method == "POST" else None


@requires_role(READ_ROLES)
@person_page("summary")
def summary(request: HttpRequest, person: Person) -> HttpResponse:
    return _render(
        request,
        "people/record/summary.html",
        person,
        "summary",
        {
            "summary": selectors.person_summary(person),
            "may_merge": request.user.has_role(Role.TEAM_MANAGER, Role.ADMINISTRATOR),
        },
    )


@requires_role(EDIT_ROLES)
@person_page("edit details")
def edit(request: HttpRequest, person: Person) -> HttpResponse:
    conflict = None
    if request.method == "POST":
        form = PersonDetailsForm(request.POST)
        if form.is_valid():
            try:
                services.person_update(
                    person=person,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    **form.changes(),
                )
            except services.ConcurrentEditError as error:
                conflict = error
                form = _form_after_conflict(form, error)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, f"{person.display_name}'s details were saved")
                return redirect("people:summary", pk=person.pk)
    else:
        form = PersonDetailsForm(initial=PersonDetailsForm.initial_for(person))
    status = 409 if conflict else 200 if not form.errors else 400
    return _render(
        request,
        "people/record/edit.html",
        person,
        "summary",
        {"form": form, "conflict": conflict},
        status=status,
    )


def _form_after_conflict(
    submitted: PersonDetailsForm, error: services.ConcurrentEditError
) -> PersonDetailsForm:
    """A fresh form at the current version showing the record as it now is, with the worker's
    own edits kept where the other person did not touch the same field."""
    current = error.person
    initial = PersonDetailsForm.initial_for(current)
    touched_by_other = {change.field for change in error.changes}
    # What the worker opened the form with is current minus the other person's changes.
    opened_with = {**initial, **{change.field: change.before for change in error.changes}}
    for name, value in submitted.changes().items():
        if name not in touched_by_other and value != opened_with.get(name):
            initial[name] = value
    return PersonDetailsForm(initial=initial)


@requires_role(READ_ROLES)
@person_page("addresses")
def addresses(request: HttpRequest, person: Person) -> HttpResponse:
    return _render(
        request,
        "people/record/addresses.html",
        person,
        "addresses",
        {"addresses": selectors.address_history(person)},
    )


@requires_role(EDIT_ROLES)
@person_page("add address")
def address_add(request: HttpRequest, person: Person) -> HttpResponse:
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.address_add(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "The new address was saved")
            return redirect("people:addresses", pk=person.pk)
    return _render(
        request,
        "people/record/address_add.html",
        person,
        "addresses",
        {"form": form},
        status=400 if form.errors else 200,
    )


@requires_role(EDIT_ROLES)
@person_page("end address")
def address_end(request: HttpRequest, person: Person, address_pk: int) -> HttpResponse:
    address = get_object_or_404(Address, pk=address_pk, person=person, end_date__isnull=True)
    form = EndDateForm(_posted(request), label="Date they moved out", button="Save the date they moved out")
    if request.method == "POST" and form.is_valid():
        try:
            services.address_end(address=address, by=request.user, end_date=form.cleaned_data["end_date"])
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"{person.display_name} moved out of {address.line_1}")
            return redirect("people:addresses", pk=person.pk)
    return _render(
        request,
        "people/record/address_end.html",
        person,
        "addresses",
        {"form": form, "address": address},
        status=400 if form.errors else 200,
    )


@requires_role(READ_ROLES)
@person_page("family network")
def network(request: HttpRequest, person: Person) -> HttpResponse:
    relatives = selectors.family_network(person)
    return _render(
        request,
        "people/record/network.html",
        person,
        "network",
        {"relatives": relatives, "picture": selectors.network_picture(person, relatives)},
    )


# How many people the relative search offers: enough for a common name with a date of birth.
RELATIVE_RESULT_LIMIT = 20


@requires_role(EDIT_ROLES)
@person_page("add relationship")
def relationship_add(request: HttpRequest, person: Person) -> HttpResponse:
    """Relate the person to someone on Hearth. A plain GET search (name, date of birth) lists
    people to choose from; the form posts back to the same address, so the search is run
    again and the choice is checked against what was offered. A Hearth ID works too."""
    searched = "relative_name" in request.GET or "relative_born_2" in request.GET
    search_form = RelativeSearchForm(request.GET if searched else None)
    candidates = None
    if searched and search_form.is_valid():
        candidates = find_people(**search_form.search_terms(), limit=RELATIVE_RESULT_LIMIT)
    form = RelationshipForm(request.POST or None, person=person, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.relationship_add(person=person, by=request.user, **form.relationship_fields())
        except ValidationError as error:
            form.show_service_error(error)
        else:
            messages.success(request, "The relationship was saved")
            return redirect("people:network", pk=person.pk)
    return _render(
        request,
        "people/record/relationship_add.html",
        person,
        "network",
        {"form": form, "search_form": search_form, "searched": searched, "candidates": candidates},
        status=400 if form.errors else 200,
    )


@requires_role(EDIT_ROLES)
@person_page("end relationship")
def relationship_end(request: HttpRequest, person: Person, relationship_pk: int) -> HttpResponse:
    relative = selectors.network_relative(person, relationship_pk)
    if relative is None or not relative.is_current:
        raise Http404("No current relationship of this person has that number")
    form = EndDateForm(_posted(request), label="Date the relationship ended", button="End this relationship")
    if request.method == "POST" and form.is_valid():
        try:
            services.relationship_end(
                relationship=relative.relationship, by=request.user, end_date=form.cleaned_data["end_date"]
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                f"The relationship with {relative.other.display_name} was ended on "
                f"{form.cleaned_data['end_date']:%-d %B %Y}",
            )
            return redirect("people:network", pk=person.pk)
    return _render(
        request,
        "people/record/relationship_end.html",
        person,
        "network",
        {"form": form, "relative": relative},
        status=400 if form.errors else 200,
    )


@requires_role(EDIT_ROLES)
@person_page("add other name")
def other_name_add(request: HttpRequest, person: Person) -> HttpResponse:
    form = OtherNameForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            name = services.other_name_add(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"{name} was added as {name.get_kind_display().lower()}")
            return redirect("people:summary", pk=person.pk)
    return _render(
        request,
        "people/record/other_name_add.html",
        person,
        "summary",
        {"form": form},
        status=400 if form.errors else 200,
    )


@requires_role(READ_ROLES)
@person_page("history")
def history(request: HttpRequest, person: Person) -> HttpResponse:
    return _render(
        request,
        "people/record/history.html",
        person,
        "history",
        {"entries": selectors.person_history(person)},
    )


urlpatterns = [
    path("<int:pk>/", summary, name="summary"),
    path("<int:pk>/details/", edit, name="edit"),
    path("<int:pk>/addresses/", addresses, name="addresses"),
    path("<int:pk>/addresses/add/", address_add, name="address-add"),
    path("<int:pk>/addresses/<int:address_pk>/end/", address_end, name="address-end"),
    path("<int:pk>/names/add/", other_name_add, name="other-name-add"),
    path("<int:pk>/family/", network, name="network"),
    path("<int:pk>/family/add/", relationship_add, name="relationship-add"),
    path("<int:pk>/family/<int:relationship_pk>/end/", relationship_end, name="relationship-end"),
    path("<int:pk>/history/", history, name="history"),
]
