"""The child's chronology page: every significant event in date order, filterable, printable."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import time as time_filter
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import CASEWORK_ROLES, Role
from hearth.casework.html_rows import esc, short_day
from hearth.chronology.registry import KINDS, ChronologyEntry, chronology_for
from hearth.people.models import Person, PersonType
from hearth.people.views.record import person_page, record_tabs

READ_ROLES = CASEWORK_ROLES | {Role.PERFORMANCE}

# One row of the table, exactly as a template loop would write it. A long chronology has
# hundreds of rows, and the template engine's per-variable work was a fifth of the page.
ROW = (
    '\n        <tr class="govuk-table__row" data-testid="chronology-entry" data-kind="{kind}" data-title="{title}">'
    '\n          <td class="govuk-table__cell govuk-!-width-one-quarter">{when}</td>'
    '\n          <td class="govuk-table__cell">{event}<br><span class="govuk-body-s">{kind_label}</span></td>'
    '\n          <td class="govuk-table__cell">{detail}</td>'
    "\n        </tr>\n        "
)


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
            "rows": entry_rows(entries),
            "kinds": [
                {"value": key, "label": label, "checked": key in chosen} for key, label in KINDS.items()
            ],
            "filtered": bool(chosen),
        },
    )


def entry_rows(entries: list[ChronologyEntry]) -> SafeString:
    """The table's rows: the date (and time), the event linked to its page, its kind and the
    details, each escaped as the template would escape it."""
    language = get_language()
    rows = []
    for entry in entries:
        when = short_day(entry.date, language)
        if entry.time:
            when += " " + esc(time_filter(entry.time, "H:i"))
        title = esc(entry.title)
        event = f'<a class="govuk-link" href="{esc(entry.href)}">{title}</a>' if entry.href else title
        rows.append(
            ROW.format(
                kind=esc(entry.kind),
                title=title,
                when=when,
                event=event,
                kind_label=esc(entry.kind_label),
                detail=esc(entry.detail),
            )
        )
    return mark_safe("".join(rows))
