from django.shortcuts import render

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import ALL_ROLES
from hearth.timescales.models import Timescale


@requires_role(ALL_ROLES)
def timescale_list(request):
    return render(request, "timescales/list.html", {"timescales": Timescale.objects.all()})
