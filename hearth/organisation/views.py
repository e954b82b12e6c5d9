"""Read-only pages of the organisation, open to every signed-in role.

Changes to the register, teams and staff are made by administrators in Django's admin.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import ALL_ROLES, Role
from hearth.organisation import selectors
from hearth.organisation.forms import RegisterFilterForm
from hearth.organisation.models import ScopeStatus, Service, StaffMember, Team


@requires_role(ALL_ROLES)
def index(request):
    return render(request, "organisation/index.html", {"groups": selectors.areas_with_teams()})


@requires_role(ALL_ROLES)
def register(request):
    today = timezone.localdate()
    form = RegisterFilterForm(request.GET or None)
    status, as_at = form.filters(today=today)
    everything = selectors.register_as_at(on=as_at)
    entries = [entry for entry in everything if not status or entry.change.status == status]
    return render(
        request,
        "organisation/register.html",
        {
            "form": form,
            "entries": entries,
            "as_at": as_at,
            "is_today": as_at == today,
            "status_label": ScopeStatus(status).label if status else "",
            "total": len(everything),
        },
    )


@requires_role(ALL_ROLES)
def service_detail(request, code: str):
    service = get_object_or_404(Service, code=code)
    history = selectors.service_history(service)
    today = timezone.localdate()
    current = next((change for change in history if change.effective_from <= today), None)
    return render(
        request,
        "organisation/service.html",
        {"service": service, "history": history, "current": current, "teams": service.teams.order_by("name")},
    )


@requires_role(ALL_ROLES)
def team_detail(request, pk: int):
    team = get_object_or_404(Team.objects.select_related("area", "service", "manager"), pk=pk)
    members = selectors.team_members(team)
    caseloads = selectors.team_caseloads(members)
    rows = [{"member": member, "caseload": (caseloads or {}).get(member.pk, 0)} for member in members]
    return render(
        request,
        "organisation/team.html",
        {
            "team": team,
            "rows": rows,
            "show_caseloads": caseloads is not None,
            # The caseload page is for managers and analysts; others are not offered the link.
            "may_see_caseloads": request.user.has_role(
                Role.TEAM_MANAGER, Role.ADMINISTRATOR, Role.PERFORMANCE
            ),
        },
    )


@requires_role(ALL_ROLES)
def staff_detail(request, pk: int):
    try:
        member = selectors.staff_member_get(pk)
    except StaffMember.DoesNotExist as missing:
        raise Http404("No such member of staff") from missing
    return render(request, "organisation/staff.html", {"member": member})
