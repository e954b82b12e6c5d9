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
from hearth.health.services import SDQ_AGES, age_on
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

OC2_COLUMNS = [
    "CHILD",
    "DOB",
    "SDQ_SCORE",
    "SDQ_REASON",
    "CONVICTED",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "TEETH_CHECK",
    "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE",
    "INTERVENTION_RECEIVED",
    "INTERVENTION_OFFERED",
]
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


def _flag(value: bool) -> str:
    return "1" if value else "0"


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
    of = {kind: [e for e in events if e.kind == kind] for kind in Kind.values}
    age = age_on(child.date_of_birth, year_end) if child.date_of_birth else None
    row = dict.fromkeys(OC2_COLUMNS, "")
    row["CHILD"] = child.reference
    row["DOB"] = f"{child.date_of_birth:%d/%m/%Y}" if child.date_of_birth else ""
    if age is not None and age in SDQ_AGES:
        latest_sdq = of[Kind.SDQ][-1] if of[Kind.SDQ] else None
        scored = [e for e in of[Kind.SDQ] if e.sdq_score is not None]
        if scored:
            row["SDQ_SCORE"] = str(scored[-1].sdq_score)
        elif latest_sdq is not None:
            row["SDQ_REASON"] = latest_sdq.sdq_reason
    row["CONVICTED"] = _flag(bool(of[Kind.CONVICTION]))
    if age is not None and age < 5:
        row["HEALTH_CHECK"] = _flag(bool(of[Kind.DEVELOPMENT]))
    immunisations = of[Kind.IMMUNISATIONS]
    row["IMMUNISATIONS"] = _flag(bool(immunisations) and bool(immunisations[-1].immunisations_up_to_date))
    row["TEETH_CHECK"] = _flag(bool(of[Kind.DENTAL]))
    row["HEALTH_ASSESSMENT"] = _flag(any(e.kind in ASSESSMENT_KINDS for e in events))
    misuse = of[Kind.SUBSTANCE_MISUSE]
    row["SUBSTANCE_MISUSE"] = _flag(bool(misuse))
    if misuse:
        row["INTERVENTION_RECEIVED"] = _flag(any(e.intervention_received for e in misuse))
        row["INTERVENTION_OFFERED"] = _flag(any(e.intervention_offered for e in misuse))
    return row
