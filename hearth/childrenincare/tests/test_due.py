"""When the next review and the next statutory visit are due."""

from datetime import date, datetime

from django.utils import timezone

from hearth.casenotes.services import case_note_record
from hearth.childrenincare.selectors import next_review_due, next_visit_due, open_period_of_care
from hearth.childrenincare.services import care_review_hold, period_of_care_end, placement_change
from hearth.childrenincare.tests.conftest import CHILDRENS_HOME


def review(period, day, chair):
    care_review_hold(period=period, review_date=day, chair=chair, participation="PN1", by=chair)


def visit(child, day, by, *, kind="cla_visit", seen=True):
    case_note_record(
        children=[child],
        occurred_at=timezone.make_aware(datetime(day.year, day.month, day.day, 11, 0)),
        kind=kind,
        narrative="Saw Mia at her placement.",
        child_seen=seen,
        by=by,
    )


def test_the_first_review_is_due_within_20_working_days_of_coming_into_care(period):
    assert next_review_due(period) == date(2026, 2, 2)


def test_the_second_review_is_due_within_3_months_of_the_first(period, cp_chair):
    review(period, date(2026, 1, 30), cp_chair)
    assert next_review_due(period) == date(2026, 4, 30)


def test_later_reviews_are_due_at_most_6_months_after_the_last_even_when_one_was_late(period, cp_chair):
    review(period, date(2026, 1, 30), cp_chair)
    review(period, date(2026, 5, 20), cp_chair)  # late: due by 30 April
    assert next_review_due(period) == date(2026, 11, 20)


def test_nothing_is_due_once_the_child_has_left_care(period, social_worker):
    period_of_care_end(period=period, end_date=date(2026, 3, 1), reason_ceased="E4A", by=social_worker)
    assert next_review_due(period) is None and next_visit_due(period) is None
    assert open_period_of_care(period.child) is None


def test_a_visit_is_due_within_7_days_of_the_placement_starting(period):
    assert next_visit_due(period) == date(2026, 1, 12)


def test_then_at_most_6_weeks_after_the_last_visit(period, child, social_worker):
    visit(child, date(2026, 1, 9), social_worker)
    visit(child, date(2026, 2, 13), social_worker)
    assert next_visit_due(period) == date(2026, 3, 27)


def test_only_statutory_visits_where_the_child_was_seen_count(period, child, social_worker):
    visit(child, date(2026, 1, 9), social_worker, kind="home_visit")
    visit(child, date(2026, 1, 10), social_worker, seen=False)
    assert next_visit_due(period) == date(2026, 1, 12)


def test_a_new_placement_needs_its_own_visit_within_7_days(period, child, social_worker):
    visit(child, date(2026, 2, 6), social_worker)
    placement_change(
        period=period, on=date(2026, 2, 9), by=social_worker, reason_changed="CREQB", **CHILDRENS_HOME
    )
    assert next_visit_due(period) == date(2026, 2, 16)
    visit(child, date(2026, 2, 11), social_worker)
    assert next_visit_due(period) == date(2026, 3, 25)
