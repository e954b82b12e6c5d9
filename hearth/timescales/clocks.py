"""When something is due: the timescale table applied to a start date."""

from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from hearth.timescales.models import Timescale, Unit
from hearth.timescales.working_days import add_working_days

# Rows read once per process; a saved or deleted Timescale clears this (see apps.py).
_cache: dict[str, Timescale] = {}


def timescale(key: str) -> Timescale:
    if key not in _cache:
        _cache[key] = Timescale.objects.get(key=key)
    return _cache[key]


def clear_cache() -> None:
    _cache.clear()


def due_after(start: date | datetime, amount: int, unit: str) -> date | datetime:
    if unit == Unit.WORKING_DAYS:
        return add_working_days(start, amount)
    if unit == Unit.CALENDAR_DAYS:
        return start + timedelta(days=amount)
    if unit == Unit.WEEKS:
        return start + timedelta(weeks=amount)
    if unit == Unit.MONTHS:
        # Calendar months, clipped to the month's end: 31 August + 6 months = 28/29 February.
        return start + relativedelta(months=amount)
    if unit == Unit.HOURS:
        if not isinstance(start, datetime):
            raise TypeError("An hours clock needs a date and time to start from")
        return start + timedelta(hours=amount)
    raise ValueError(f"Unknown unit {unit!r}")


def due_date(key: str, start: date | datetime) -> date | datetime:
    """The deadline of the clock ``key`` started on ``start``."""
    row = timescale(key)
    return due_after(start, row.effective_amount, row.unit)
