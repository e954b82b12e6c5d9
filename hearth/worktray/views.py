from django.shortcuts import render

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import ALL_ROLES
from hearth.worktray.selectors import worktray_for


@requires_role(ALL_ROLES)
def home(request):
    return render(request, "worktray/home.html", {"worktray": worktray_for(request.user)})
