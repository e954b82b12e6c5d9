"""Allocation pages: the child's allocation history, allocate, transfer, and a team's caseload."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import CASEWORK_ROLES, Role
from hearth.allocation import selectors, services
from hearth.allocation.case_rows import case_rows
from hearth.allocation.forms import AllocateForm, TransferForm
from hearth.casework.forms import show_errors
from hearth.organisation.models import Team
from hearth.organisation.selectors import teams_managed_by
from hearth.people.models import Person
from hearth.people.views.record import person_page, record_tabs

READ_ROLES = CASEWORK_ROLES | {Role.PERFORMANCE}
ALLOCATE_ROLES = frozenset({Role.TEAM_MANAGER})
CASELOAD_ROLES = frozenset({Role.TEAM_MANAGER, Role.ADMINISTRATOR, Role.PERFORMANCE})


def _render(request, template: str, child: Person, context: dict, *, status: int = 200) -> HttpResponse:
    context = {
        "child": child,
        "person": child,
        "record_tabs": record_tabs(child, "allocation", request.user),
        "may_allocate": request.user.has_role(*ALLOCATE_ROLES),
        **context,
    }
    return render(request, template, context, status=status)


@requires_role(READ_ROLES)
@person_page("allocation")
def history(request: HttpRequest, child: Person) -> HttpResponse:
    allocations = selectors.allocation_history(child)
    current = next((a for a in allocations if a.end_date is None), None)
    return _render(
        request, "allocation/history.html", child, {"allocations": allocations, "current": current}
    )


@requires_role(ALLOCATE_ROLES)
@person_page("allocate")
def allocate(request: HttpRequest, child: Person) -> HttpResponse:
    if selectors.current_allocation(child) is not None:
        return redirect("allocation:transfer", child.pk)
    form = AllocateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_allocate(child=child, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"{child.display_name}'s case was allocated")
            return redirect("allocation:history", child.pk)
    return _render(
        request,
        "allocation/form.html",
        child,
        {"form": form, "heading": "Allocate the case"},
        status=400 if form.errors else 200,
    )


@requires_role(ALLOCATE_ROLES)
@person_page("transfer")
def transfer(request: HttpRequest, child: Person) -> HttpResponse:
    current = selectors.current_allocation(child)
    if current is None:
        return redirect("allocation:allocate", child.pk)
    form = TransferForm(request.POST or None, initial={"current": current.pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_transfer(
                child=child,
                to_team=data["to_team"],
                to_worker=data["to_worker"],
                on=data["on"],
                reason=data["reason"],
                by=request.user,
                expected_allocation_id=data["current"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, f"{child.display_name}'s case was transferred to {data['to_team'].name}"
            )
            return redirect("allocation:history", child.pk)
    return _render(
        request,
        "allocation/form.html",
        child,
        {"form": form, "heading": "Transfer the case", "current": current},
        status=400 if form.errors else 200,
    )


@requires_role(CASELOAD_ROLES)
def team_caseload(request: HttpRequest, team_id: int) -> HttpResponse:
    team = Team.objects.select_related("area", "service").filter(pk=team_id).first()
    if team is None:
        raise Http404("No such team")
    if not request.user.has_role(Role.ADMINISTRATOR, Role.PERFORMANCE) and not any(
        t.pk == team.pk for t in teams_managed_by(request.user)
    ):
        raise PermissionDenied("You can see the caseloads of the teams you manage")
    cases = selectors.team_cases(team)
    return render(
        request,
        "allocation/team_caseload.html",
        {
            "team": team,
            "caseload": selectors.team_caseload(team),
            "cases": cases,
            "case_rows": case_rows(cases),
        },
    )
