"""Reads for the education page, in two queries: the PEPs, and the open period of care.

The clocks: the initial PEP is due 20 working days from the start of the period of care
(``pep.initial``, in time for the first review); then a review each term (``pep.review``,
counted from the last PEP meeting). PEPs run from nursery age, so none is due before 3.
"""

from dataclasses import dataclass
from datetime import date

from hearth.childrenincare.models import PeriodOfCare
from hearth.education.models import PersonalEducationPlan
from hearth.people.models import Person
from hearth.timescales.clocks import due_date

PEP_FROM_AGE = 3


@dataclass(frozen=True)
class Due:
    what: str
    due: date


@dataclass
class EducationSummary:
    plans: list[PersonalEducationPlan]
    period: PeriodOfCare | None
    due: Due | None
    too_young: bool = False


def _age_on(date_of_birth: date, day: date) -> int:
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def pep_due(date_of_birth: date | None, period_start: date | None, last_meeting: date | None) -> Due | None:
    """The next PEP due for a child in care, or None when not in care."""
    if period_start is None:
        return None
    if last_meeting is None or last_meeting < period_start:
        return Due("Initial PEP", due_date("pep.initial", period_start))
    return Due("PEP review", due_date("pep.review", last_meeting))


def education_for_child(child: Person) -> EducationSummary:
    plans = list(PersonalEducationPlan.objects.filter(child=child))
    period = PeriodOfCare.objects.filter(child=child, end_date__isnull=True).first()
    due = pep_due(
        child.date_of_birth, period.start_date if period else None, plans[0].meeting_date if plans else None
    )
    too_young = bool(due and child.date_of_birth and _age_on(child.date_of_birth, due.due) < PEP_FROM_AGE)
    return EducationSummary(plans=plans, period=period, due=None if too_young else due, too_young=too_young)


def pep_for_child(child: Person, plan_id: int) -> PersonalEducationPlan:
    return PersonalEducationPlan.objects.get(child=child, pk=plan_id)
