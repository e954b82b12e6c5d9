"""The SSDA903 OC2 row (health of a child looked after for the whole year), derived from the
health events recorded for the child. The one derivation: the health tab's ``oc2_for`` and the
SSDA903 export both use ``oc2_row``."""

from collections import defaultdict
from datetime import date

from hearth.health.models import ASSESSMENT_KINDS, HealthEvent
from hearth.health.services import SDQ_AGES, age_on
from hearth.people.models import Person

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


def _flag(value: bool) -> str:
    return "1" if value else "0"


def sdq_asked(dob: date | None, year_start: date, year_end: date) -> bool:
    """Whether OC2 carries an SDQ item: not for a child under 4 on 31 March (rule 188) nor one
    already 17 on 1 April (189); those turning 4 or 17 in the year need one (197B)."""
    return dob is not None and age_on(dob, year_end) >= 4 and age_on(dob, year_start) < 17


def _sdq(child: Person, of: dict, as_at: date) -> tuple[str, str]:
    """(SDQ_SCORE, SDQ_REASON): the latest score, else the latest reason recorded; with neither,
    SDQ1 ("aged under 4 or over 16 at the latest assessment") when that is what the record shows,
    judged at the latest health assessment (or ``as_at`` when there was none)."""
    kinds = HealthEvent.Kind
    scored = [e for e in of[kinds.SDQ] if e.sdq_score is not None]
    if scored:
        return str(scored[-1].sdq_score), ""
    if of[kinds.SDQ]:
        return "", of[kinds.SDQ][-1].sdq_reason
    assessed = [e.event_date for kind in ASSESSMENT_KINDS for e in of[kind]]
    if age_on(child.date_of_birth, max(assessed, default=as_at)) not in SDQ_AGES:
        return "", "SDQ1"
    return "", ""


def oc2_row(
    child: Person, events: list[HealthEvent], *, year_start: date, year_end: date, as_at: date
) -> dict[str, str]:
    """The row for ``child`` from ``events``: their health events of the 12 months to ``as_at``
    (the year's end, or the day a part-way return is taken), oldest first."""
    kinds = HealthEvent.Kind
    of = defaultdict(list)
    for event in events:
        of[event.kind].append(event)
    dob = child.date_of_birth
    age = age_on(dob, year_end) if dob else None
    row = dict.fromkeys(OC2_COLUMNS, "")
    row["CHILD"], row["DOB"] = child.return_id, f"{dob:%d/%m/%Y}" if dob else ""
    if sdq_asked(dob, year_start, year_end):
        row["SDQ_SCORE"], row["SDQ_REASON"] = _sdq(child, of, as_at)
    # Rule 542: no conviction information under the age of criminal responsibility.
    if age is None or age >= 10:
        row["CONVICTED"] = _flag(bool(of[kinds.CONVICTION]))
    if age is not None and age < 5:
        row["HEALTH_CHECK"] = _flag(bool(of[kinds.DEVELOPMENT]))
    immunisations = of[kinds.IMMUNISATIONS]
    row["IMMUNISATIONS"] = _flag(bool(immunisations) and bool(immunisations[-1].immunisations_up_to_date))
    row["TEETH_CHECK"] = _flag(bool(of[kinds.DENTAL]))
    row["HEALTH_ASSESSMENT"] = _flag(any(e.kind in ASSESSMENT_KINDS for e in events))
    misuse = of[kinds.SUBSTANCE_MISUSE]
    row["SUBSTANCE_MISUSE"] = _flag(bool(misuse))
    if misuse:
        received = any(e.intervention_received for e in misuse)
        row["INTERVENTION_RECEIVED"] = _flag(received)
        # Rule 158: "offered" is asked only when no intervention was received.
        row["INTERVENTION_OFFERED"] = "" if received else _flag(any(e.intervention_offered for e in misuse))
    return row
