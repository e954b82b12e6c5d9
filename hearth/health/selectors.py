"""Reads for the health page and the SSDA903 OC2 row, each in a fixed number of queries.

The clocks: the initial health assessment is due 20 working days from the start of the
period of care (``health.iha``), unless one was done in the 3 months before; after that a
review health assessment is due 6 months after the last assessment while the child is under 5
on that due date (``health.rha.under5``), and 12 months after it from 5 (``health.rha``).
"""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from hearth.childrenincare.models import PeriodOfCare
from hearth.health.models import ASSESSMENT_KINDS, HealthEvent
from hearth.health.oc2 import oc2_row
from hearth.health.services import age_on
from hearth.people.models import Person
from hearth.timescales.clocks import due_date

Kind = HealthEvent.Kind
# An assessment in the 3 months before care began stands in for the initial one.
IHA_LOOKBACK = relativedelta(months=3)


@dataclass(frozen=True)
class Due:
    what: str
    due: date
    key: str

    def overdue_on(self, today: date) -> bool:
        return today > self.due


@dataclass
class HealthSummary:
    events: list[HealthEvent]
    period: PeriodOfCare | None
    due: Due | None
    last_assessment: HealthEvent | None


def current_period(child: Person) -> PeriodOfCare | None:
    """The child's open period of care, or None (one query)."""
    return PeriodOfCare.objects.filter(child=child, end_date__isnull=True).first()


def review_assessment_due(date_of_birth: date | None, last_assessment: date) -> date:
    """Six months after the last assessment if the child is under 5 on that day, else twelve."""
    six_months = due_date("health.rha.under5", last_assessment)
    if date_of_birth is not None and age_on(date_of_birth, six_months) < 5:
        return six_months
    return due_date("health.rha", last_assessment)


def assessment_due(
    date_of_birth: date | None, period_start: date | None, last_assessment: date | None
) -> Due | None:
    """The next health assessment due for a child in care, or None when not in care."""
    if period_start is None:
        return None
    if last_assessment is None or last_assessment < period_start - IHA_LOOKBACK:
        return Due("Initial health assessment", due_date("health.iha", period_start), "health.iha")
    return Due(
        "Review health assessment", review_assessment_due(date_of_birth, last_assessment), "health.rha"
    )


def health_for_child(child: Person) -> HealthSummary:
    """Everything the health page shows: two queries however many events there are."""
    events = list(HealthEvent.objects.filter(child=child).select_related("created_by"))
    period = current_period(child)
    last = next((e for e in events if e.kind in ASSESSMENT_KINDS), None)
    due = assessment_due(
        child.date_of_birth, period.start_date if period else None, last.event_date if last else None
    )
    return HealthSummary(events=events, period=period, due=due, last_assessment=last)


def health_event_for_child(child: Person, event_id: int) -> HealthEvent:
    return HealthEvent.objects.get(child=child, pk=event_id)


# --- SSDA903 OC2 --------------------------------------------------------------------------------

SHORT_BREAKS = frozenset({"V3", "V4"})


def continuously_looked_after(child: Person, year_end: date) -> bool:
    """Looked after for the whole 12 months to ``year_end`` (31 March) in one period of care,
    not under short-break legal statuses: the children OC2 is for (903 rules 186/191)."""
    year_start = year_end - relativedelta(years=1) + relativedelta(days=1)
    period = (
        PeriodOfCare.objects.filter(child=child, start_date__lte=year_start)
        .exclude(end_date__lte=year_end)
        .prefetch_related("legal_statuses")
        .first()
    )
    if period is None:
        return False
    return not any(status.legal_status in SHORT_BREAKS for status in period.legal_statuses.all())


def oc2_for(child: Person, year_end: date) -> dict[str, str] | None:
    """The child's OC2 row for the year ending ``year_end``, derived from the health events, or
    None when the child was not looked after continuously for the 12 months. Three queries."""
    if not continuously_looked_after(child, year_end):
        return None
    year_start = year_end - relativedelta(years=1) + relativedelta(days=1)
    events = list(
        HealthEvent.objects.filter(
            child=child, event_date__gte=year_start, event_date__lte=year_end
        ).order_by("event_date", "pk")
    )
    return oc2_row(child, events, year_start=year_start, year_end=year_end, as_at=year_end)
