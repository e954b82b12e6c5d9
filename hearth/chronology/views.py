"""The child's chronology page: every significant event in date order, filterable, printable."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import CASEWORK_ROLES, Role
from hearth.chronology.registry import KINDS, chronology_for
from hearth.people.models import Person, PersonType
from hearth.people.views.record import person_page, record_tabs

READ_ROLES = CASEWORK_ROLES | {Role.PERFORMANCE}


@requires_role(READ_ROLES)
@person_page("chronology")
def chronology(request: HttpRequest, person: Person) -> HttpResponse:
    if person.person_type not in (PersonType.CHILD, PersonType.UNBORN):
        raise Http404("A chronology is kept for a child")
    chosen = [kind for kind in request.GET.getlist("kind") if kind in KINDS]
    entries = chronology_for([person.pk], kinds=chosen or None)
    return render(
        request,
        "chronology/chronology.html",
        {
            "person": person,
            "child": person,
            "record_tabs": record_tabs(person, "chronology", request.user),
            "entries": entries,
            "kinds": [
                {"value": key, "label": label, "checked": key in chosen} for key, label in KINDS.items()
            ],
            "filtered": bool(chosen),
        },
    )
