"""The child's UASC page: the status, its dates and the day it ceases at 18; recording,
changing and ending it. Children are opened through ``person_page``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import CASEWORK_ROLES, Role
from hearth.casework.forms import show_errors
from hearth.concurrency import ConcurrentEditError
from hearth.people.models import Person
from hearth.people.views.record import person_page, record_tabs
from hearth.uasc import selectors, services
from hearth.uasc.forms import UASCCeaseForm, UASCStatusForm

READ_ROLES = CASEWORK_ROLES | {Role.PERFORMANCE}
EDIT_ROLES = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER})


def _render(request, template: str, child: Person, context: dict, *, status: int = 200) -> HttpResponse:
    context = {
        "child": child,
        "person": child,
        "record_tabs": record_tabs(child, "uasc", request.user),
        "may_edit": request.user.has_role(*EDIT_ROLES),
        **context,
    }
    return render(request, template, context, status=status)


def _status_initial(status) -> dict:
    return {
        "version": status.version,
        "arrived_on": status.arrived_on,
        "status_from": status.status_from,
        "age_disputed": status.age_disputed,
        "age_assessment_on": status.age_assessment_on,
    }


@requires_role(READ_ROLES)
@person_page("UASC status")
def status(request: HttpRequest, child: Person) -> HttpResponse:
    return _render(request, "uasc/status.html", child, {"uasc": selectors.uasc_for_child(child)})


@requires_role(EDIT_ROLES)
@person_page("record UASC status")
def status_new(request: HttpRequest, child: Person) -> HttpResponse:
    form = UASCStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.uasc_status_record(child=child, by=request.user, **form.service_arguments())
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "The UASC status was recorded")
            return redirect("uasc:status", child.pk)
    return _render(
        request,
        "uasc/status_form.html",
        child,
        {"form": form, "heading": "Record that the child is an unaccompanied asylum-seeking child"},
        status=400 if form.errors else 200,
    )


def _existing(child: Person):
    found = selectors.uasc_for_child(child).status
    if found is None:
        raise Http404("No UASC status recorded")
    return found


@requires_role(EDIT_ROLES)
@person_page("change UASC status")
def status_edit(request: HttpRequest, child: Person) -> HttpResponse:
    current = _existing(child)
    conflict = None
    if request.method == "POST":
        form = UASCStatusForm(request.POST, editing=True)
        if form.is_valid():
            try:
                services.uasc_status_update(
                    status=current,
                    expected_version=form.cleaned_data["version"] or 0,
                    by=request.user,
                    **form.service_arguments(),
                )
            except ConcurrentEditError as error:
                conflict = error
                current = _existing(child)
                form = UASCStatusForm(initial=_status_initial(current), editing=True)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, "The UASC status was saved")
                return redirect("uasc:status", child.pk)
    else:
        form = UASCStatusForm(initial=_status_initial(current), editing=True)
    return _render(
        request,
        "uasc/status_form.html",
        child,
        {"form": form, "conflict": conflict, "heading": "Change the UASC status"},
        status=409 if conflict else 400 if form.errors else 200,
    )


@requires_role(EDIT_ROLES)
@person_page("end UASC status")
def status_cease(request: HttpRequest, child: Person) -> HttpResponse:
    current = _existing(child)
    conflict = None
    if request.method == "POST":
        form = UASCCeaseForm(request.POST)
        if form.is_valid():
            try:
                services.uasc_status_cease(
                    status=current,
                    ceased_on=form.cleaned_data["ceased_on"],
                    expected_version=form.cleaned_data["version"],
                    by=request.user,
                )
            except ConcurrentEditError as error:
                conflict = error
                current = _existing(child)
                form = UASCCeaseForm(initial={"version": current.version})
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, "The date UASC status ceased was recorded")
                return redirect("uasc:status", child.pk)
    else:
        form = UASCCeaseForm(initial={"version": current.version})
    return _render(
        request,
        "uasc/status_form.html",
        child,
        {"form": form, "conflict": conflict, "heading": "Record that UASC status ceased"},
        status=409 if conflict else 400 if form.errors else 200,
    )
