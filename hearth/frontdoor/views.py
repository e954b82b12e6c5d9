"""The front door's pages: the queue, recording a contact, MASH checks, decision and sign-off.

Each view loads, calls one service and redirects; a refused save shows the GOV.UK error
summary, and a save over someone else's shows what they changed (status 409).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import Role
from hearth.casework.forms import show_errors
from hearth.concurrency import ConcurrentEditError
from hearth.frontdoor import selectors, services
from hearth.frontdoor.forms import (
    AddPersonForm,
    AgencyCheckForm,
    AgencyResponseForm,
    ContactEditForm,
    ContactForm,
    DecisionForm,
    FindPersonForm,
    HandOverForm,
    RagForm,
    SignOffForm,
)
from hearth.frontdoor.models import AgencyCheck, Contact, ContactPerson
from hearth.people.models import Person
from hearth.people.search import find_people
from hearth.reference.selectors import code_label

FRONT_DOOR_ROLES = frozenset({Role.FRONT_DOOR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER})
SIGN_OFF_ROLES = frozenset({Role.TEAM_MANAGER})


def _contact(pk: int) -> Contact:
    try:
        return selectors.contact_detail(pk)
    except Contact.DoesNotExist as missing:
        raise Http404("No such contact") from missing


def _status(form, conflict) -> int:
    return 409 if conflict else 400 if form.errors else 200


def _contact_page(
    request, template: str, contact: Contact, context: dict, *, status: int = 200
) -> HttpResponse:
    context = {
        "contact": contact,
        "may_sign_off": request.user.has_role(*SIGN_OFF_ROLES),
        **context,
    }
    return render(request, template, context, status=status)


@requires_role(FRONT_DOOR_ROLES)
def queue(request: HttpRequest) -> HttpResponse:
    return render(request, "frontdoor/queue.html", {"queue": selectors.front_door_queue()})


@requires_role(FRONT_DOOR_ROLES)
def contact_new(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_record(by=request.user, **form.contact_fields())
        except ValidationError as error:
            _show_contact_errors(form, error)
        else:
            messages.success(request, "The contact was recorded. Now add the people it involves")
            return redirect("frontdoor:people", pk=contact.pk)
    return render(request, "frontdoor/contact_new.html", {"form": form}, status=400 if form.errors else 200)


def _show_contact_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict") and "received_at" in error.error_dict:
        messages_ = error.message_dict.pop("received_at")
        form.add_error("received_on", messages_)
        error = ValidationError(error.message_dict) if error.message_dict else None
    if error is not None:
        show_errors(form, error)


@requires_role(FRONT_DOOR_ROLES)
def contact(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact(pk)
    return _contact_page(
        request,
        "frontdoor/contact.html",
        contact,
        {"source_label": code_label("referral_source", contact.source)},
    )


@requires_role(FRONT_DOOR_ROLES)
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact(pk)
    conflict = None
    if request.method == "POST":
        form = ContactEditForm(request.POST)
        if form.is_valid():
            try:
                services.contact_update(
                    contact=contact,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    **form.contact_fields(),
                )
            except ConcurrentEditError as error:
                conflict = error
                form = ContactEditForm(initial=ContactForm.initial_for(_contact(pk)))
            except ValidationError as error:
                _show_contact_errors(form, error)
            else:
                messages.success(request, "The contact's details were saved")
                return redirect("frontdoor:contact", pk=pk)
    else:
        form = ContactEditForm(initial=ContactForm.initial_for(contact))
    return _contact_page(
        request,
        "frontdoor/contact_edit.html",
        contact,
        {"form": form, "conflict": conflict},
        status=_status(form, conflict),
    )


@requires_role(FRONT_DOOR_ROLES)
def people(request: HttpRequest, pk: int) -> HttpResponse:
    """Find the children and adults involved and add them; a person not found is created on
    the people pages, which bring the worker back here."""
    contact = _contact(pk)
    find = FindPersonForm(request.GET or None)
    found: list[Person] = []
    searched = False
    if request.GET and find.is_valid():
        searched = True
        on_contact = {link.person_id for link in contact.involved.all()}
        found = [p for p in find_people(text=find.cleaned_data["q"], limit=20) if p.pk not in on_contact]
    add_error = None
    if request.method == "POST":
        form = AddPersonForm(request.POST)
        if form.is_valid():
            person = Person.objects.filter(pk=form.cleaned_data["person"]).first()
            if person is None:
                raise Http404("No such person")
            try:
                services.contact_person_add(
                    contact=contact,
                    person=person,
                    involvement=form.cleaned_data["involvement"],
                    by=request.user,
                )
            except ValidationError as error:
                add_error = " ".join(error.messages)
            else:
                messages.success(request, f"{person.display_name} was added to the contact")
                return redirect("frontdoor:people", pk=pk)
        else:
            add_error = "Choose how the person is involved"
    back_here = reverse("frontdoor:people", args=[pk])
    create_href = (
        reverse("people:create") + "?" + urlencode({"name": request.GET.get("q", ""), "next": back_here})
    )
    return _contact_page(
        request,
        "frontdoor/people.html",
        contact,
        {
            "find": find,
            "found": found,
            "searched": searched,
            "add_error": add_error,
            "create_href": create_href,
            "involvements": ContactPerson.Involvement.choices,
        },
        status=400 if add_error else 200,
    )


@requires_role(FRONT_DOOR_ROLES)
@require_POST
def person_remove(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    link = get_object_or_404(
        ContactPerson.objects.select_related("contact", "person"), pk=link_pk, contact_id=pk
    )
    try:
        services.contact_person_remove(link=link, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{link.person.display_name} was taken off the contact")
    return redirect("frontdoor:people", pk=pk)


@requires_role(FRONT_DOOR_ROLES)
def checks(request: HttpRequest, pk: int) -> HttpResponse:
    """The MASH page: what each partner agency was asked and said, and the RAG rating."""
    contact = _contact(pk)
    form = AgencyCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_check_add(contact=contact, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "The agency check was added")
            return redirect("frontdoor:checks", pk=pk)
    return _contact_page(
        request, "frontdoor/checks.html", contact, {"form": form}, status=_status(form, None)
    )


@requires_role(FRONT_DOOR_ROLES)
def check_respond(request: HttpRequest, pk: int, check_pk: int) -> HttpResponse:
    contact = _contact(pk)
    check = get_object_or_404(AgencyCheck, pk=check_pk, contact_id=pk)
    form = AgencyResponseForm(
        request.POST or None, initial={"response": check.response, "responded_on": check.responded_on}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_check_respond(check=check, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"The {check.get_agency_display().lower()} response was saved")
            return redirect("frontdoor:checks", pk=pk)
    return _contact_page(
        request,
        "frontdoor/check_respond.html",
        contact,
        {"form": form, "check": check},
        status=_status(form, None),
    )


def _versioned_action(request, pk: int, form_class, template: str, save, success: str, **form_kwargs):
    """The pattern of every versioned form on a contact: show, save through ``save``, and on
    a clash show what the other person changed with a fresh form."""
    contact = _contact(pk)
    conflict = None
    if request.method == "POST":
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                save(contact, form.cleaned_data)
            except ConcurrentEditError as error:
                conflict = error
                contact = _contact(pk)
                form = form_class(initial=_initial(form_class, contact), **form_kwargs)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, success)
                return redirect("frontdoor:contact", pk=pk)
    else:
        form = form_class(initial=_initial(form_class, contact), **form_kwargs)
    return _contact_page(
        request, template, contact, {"form": form, "conflict": conflict}, status=_status(form, conflict)
    )


def _initial(form_class, contact: Contact) -> dict:
    initial = {"version": contact.version}
    for name in form_class.base_fields:
        if name != "version" and hasattr(contact, name):
            initial[name] = getattr(contact, name)
    return initial


@requires_role(FRONT_DOOR_ROLES)
def rag(request: HttpRequest, pk: int) -> HttpResponse:
    def save(contact, data):
        services.contact_rag_rate(
            contact=contact,
            rag=data["rag"],
            rationale=data["rag_rationale"],
            by=request.user,
            expected_version=data["version"],
        )

    return _versioned_action(request, pk, RagForm, "frontdoor/rag.html", save, "The RAG rating was saved")


@requires_role(FRONT_DOOR_ROLES)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    def save(contact, data):
        services.contact_decide(
            contact=contact,
            decision=data["decision"],
            reason=data["decision_reason"],
            by=request.user,
            expected_version=data["version"],
        )

    return _versioned_action(
        request,
        pk,
        DecisionForm,
        "frontdoor/decide.html",
        save,
        "The decision was recorded. It now needs a manager's sign-off",
    )


@requires_role(SIGN_OFF_ROLES)
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact(pk)
    with_need = contact.decision in services.REFERRAL_DECISIONS

    def save(contact, data):
        services.contact_sign_off(
            contact=contact,
            by=request.user,
            expected_version=data["version"],
            primary_need=data.get("primary_need") or "",
        )

    return _versioned_action(
        request,
        pk,
        SignOffForm,
        "frontdoor/sign_off.html",
        save,
        "The decision was signed off",
        with_need=with_need,
    )


@requires_role(FRONT_DOOR_ROLES)
@require_POST
def hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact(pk)
    form = HandOverForm(request.POST)
    if not form.is_valid():
        raise Http404("No version given")
    try:
        services.contact_hand_over(
            contact=contact, by=request.user, expected_version=form.cleaned_data["version"]
        )
    except ConcurrentEditError:
        messages.error(
            request, "Someone else changed this contact while you were looking at it. Check it and try again"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        contact.refresh_from_db()
        messages.success(request, f"Handed to the day team on {contact.handed_to_day_team_on:%-d %B %Y}")
    return redirect("frontdoor:contact", pk=pk)
