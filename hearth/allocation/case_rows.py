"""A team's cases as table rows, written in Python (see ``casework.html_rows``): the biggest team
of a large authority holds a few hundred cases, and a template loop over them cost more than the
query that reads them."""

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from hearth.allocation.models import Allocation
from hearth.casework.html_rows import esc, short_day

ROW = (
    '<tr class="govuk-table__row"><td class="govuk-table__cell">{child}</td>'
    '<td class="govuk-table__cell">{worker}</td><td class="govuk-table__cell">{since}</td></tr>'
)
NEEDS_A_WORKER = '<strong class="govuk-tag govuk-tag--yellow">Needs a worker</strong>'
# A child's allocation page, reversed once: the id is the only part that differs from row to row.
_SENTINEL = 987654321


def case_rows(cases: list[Allocation]) -> SafeString:
    """One row per case: the child linked to their allocation history (a restricted record by its
    Hearth ID alone), the worker or that the case needs one, and the day it was allocated."""
    language = get_language()
    history = reverse("allocation:history", args=[_SENTINEL]).replace(str(_SENTINEL), "{}")
    rows = []
    for case in cases:
        child = case.child
        if child.is_restricted:
            named = f"Restricted record (Hearth ID {esc(child.reference)})"
        else:
            named = f'<a class="govuk-link" href="{esc(history.format(case.child_id))}">{esc(child.display_name)}</a>'
        worker = case.worker
        rows.append(
            ROW.format(
                child=named,
                worker=esc(worker.get_full_name() or worker.username) if worker else NEEDS_A_WORKER,
                since=short_day(case.start_date, language),
            )
        )
    return mark_safe("".join(rows))
