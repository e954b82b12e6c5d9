from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import ALL_ROLES, Role
from hearth.worktray.selectors import team_member_worktray, worktray_for


@requires_role(ALL_ROLES)
def home(request):
    return render(request, "worktray/home.html", {"worktray": worktray_for(request.user)})


@requires_role([Role.TEAM_MANAGER])
def team_member(request, worker_id: int):
    found = team_member_worktray(request.user, worker_id)
    if found is None:
        raise PermissionDenied("You can see the work of the people in the teams you manage")
    name, worktray = found
    return render(request, "worktray/team_member.html", {"worker_name": name, "worktray": worktray})
