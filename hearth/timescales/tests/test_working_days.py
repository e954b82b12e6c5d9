from datetime import date

import pytest

from hearth.timescales.working_days import (
    add_working_days,
    bank_holidays,
    is_working_day,
    working_days_between,
)


def test_christmas_2026_and_the_boxing_day_substitute_are_not_working_days():
    # Boxing Day 2026 is a Saturday, so the bank holiday moves to Monday 28 December.
    assert not is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2026, 12, 28))
    assert is_working_day(date(2026, 12, 29))


def test_easter_2027_good_friday_and_easter_monday_are_not_working_days():
    assert not is_working_day(date(2027, 3, 26))
    assert not is_working_day(date(2027, 3, 29))
    assert is_working_day(date(2027, 3, 25))
    assert is_working_day(date(2027, 3, 30))


def test_christmas_2027_falls_on_a_weekend_so_both_days_are_substituted():
    assert date(2027, 12, 27) in bank_holidays(2027)
    assert date(2027, 12, 28) in bank_holidays(2027)


def test_the_2026_set_is_england_and_waless_not_scotlands():
    assert bank_holidays(2026) == [
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),
    ]


def test_one_off_proclamations_are_known_coronation_2023():
    assert not is_working_day(date(2023, 5, 8))


def test_weekends_are_not_working_days():
    assert not is_working_day(date(2026, 11, 28))
    assert not is_working_day(date(2026, 11, 29))


def test_forty_five_working_days_from_a_referral_before_christmas():
    assert add_working_days(date(2025, 12, 19), 45) == date(2026, 2, 25)


def test_fifteen_working_days_from_a_strategy_discussion_before_christmas():
    assert add_working_days(date(2025, 12, 22), 15) == date(2026, 1, 15)


def test_one_working_day_from_christmas_eve_2026_is_the_29th():
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)


def test_a_trigger_on_a_holiday_counts_the_next_working_day_as_day_one():
    assert add_working_days(date(2026, 12, 25), 1) == date(2026, 12, 29)


def test_zero_working_days_is_the_trigger_date():
    assert add_working_days(date(2026, 12, 25), 0) == date(2026, 12, 25)


def test_counting_between_dates_agrees_with_adding():
    start = date(2025, 12, 19)
    assert working_days_between(start, date(2026, 2, 25)) == 45
    assert working_days_between(date(2026, 2, 25), start) == -45
    assert working_days_between(start, start) == 0


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), -1)
