"""The child's health page, and recording or changing a health event.

Every page opens the child through ``person_page`` (``open_person_record``: the access log and
the restricted-record check); writes go through the services.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import CASEWORK_ROLES, Role
from hearth.casework.forms import show_errors
from hearth.concurrency import ConcurrentEditError
from hearth.health import selectors, services
from hearth.health.forms import HealthEventForm
from hearth.health.models import HealthEvent
from hearth.people.models import Person
from hearth.people.views.record import person_page, record_tabs

READ_ROLES = CASEWORK_ROLES | {Role.PERFORMANCE}
EDIT_ROLES = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER})
Kind = HealthEvent.Kind


def _render(request, template: str, child: Person, context: dict, *, status: int = 200) -> HttpResponse:
    context = {
        "child": child,
        "person": child,
        "record_tabs": record_tabs(child, "health", request.user),
        "may_edit": request.user.has_role(*EDIT_ROLES),
        "today": timezone.localdate(),
        **context,
    }
    return render(request, template, context, status=status)


@requires_role(READ_ROLES)
@person_page("health")
def overview(request: HttpRequest, child: Person) -> HttpResponse:
    return _render(
        request,
        "health/overview.html",
        child,
        {"health": selectors.health_for_child(child), "kinds": Kind.choices},
    )


@requires_role(EDIT_ROLES)
@person_page("record health event")
def event_new(request: HttpRequest, child: Person, kind: str) -> HttpResponse:
    if kind not in Kind.values:
        raise Http404("No such kind of health event")
    form = HealthEventForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.health_event_record(child=child, kind=kind, by=request.user, **form.service_arguments())
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"The {Kind(kind).label.lower()} was recorded")
            return redirect("health:overview", child.pk)
    return _render(
        request,
        "health/event_form.html",
        child,
        {"form": form, "heading": f"Record a {Kind(kind).label.lower()}"},
        status=400 if form.errors else 200,
    )


@requires_role(EDIT_ROLES)
@person_page("change health event")
def event_edit(request: HttpRequest, child: Person, event_id: int) -> HttpResponse:
    try:
        event = selectors.health_event_for_child(child, event_id)
    except HealthEvent.DoesNotExist as missing:
        raise Http404("No such health event") from missing
    conflict = None
    if request.method == "POST":
        form = HealthEventForm(request.POST, kind=event.kind, editing=True)
        if form.is_valid():
            try:
                services.health_event_update(
                    event=event,
                    expected_version=form.cleaned_data["version"] or 0,
                    by=request.user,
                    **form.service_arguments(),
                )
            except ConcurrentEditError as error:
                conflict = error
                event = selectors.health_event_for_child(child, event_id)
                form = HealthEventForm(
                    initial=HealthEventForm.initial_for(event), kind=event.kind, editing=True
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, f"The {event.get_kind_display().lower()} was saved")
                return redirect("health:overview", child.pk)
    else:
        form = HealthEventForm(initial=HealthEventForm.initial_for(event), kind=event.kind, editing=True)
    return _render(
        request,
        "health/event_form.html",
        child,
        {"form": form, "conflict": conflict, "heading": f"Change the {event.get_kind_display().lower()}"},
        status=409 if conflict else 400 if form.errors else 200,
    )
