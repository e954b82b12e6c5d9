"""England and Wales working days, the unit most statutory timescales are counted in.

A working day is any day but Saturday, Sunday, Christmas Day, Good Friday or a bank holiday
under the Banking and Financial Dealings Act 1971 (e.g. Children Act 1989 Representations
Procedure (England) Regulations 2006, reg 2). The bank holidays, with their weekend
substitutes and one-off proclamations, come from the maintained ``holidays`` package
(England's set, which is also Wales's), so nobody types them in.

Counting convention: the trigger date is day 0 and a deadline of N working days is the Nth
working day after it; a trigger on a non-working day makes the next working day day 1.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def bank_holidays(year: int) -> list[date]:
    """The weekdays in ``year`` that are not working days because of a holiday.

    A holiday falling on a weekend (Boxing Day 2026, a Saturday) is left out: its weekday
    substitute (Monday 28 December) is the day that stops the clock.
    """
    return sorted(day for day in _bank_holidays(year) if day.weekday() < 5)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


# The answer depends only on its arguments (the bank holidays are fixed for the process), and a
# worktray asks the same clocks for the same children on every visit.
@lru_cache(maxsize=20_000)
def add_working_days(start: date, count: int) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself is day 0)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative if ``end`` is earlier.

    This is how DfE measures timeliness: an assessment authorised on the 45th working day
    after the referral gives 45.
    """
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
