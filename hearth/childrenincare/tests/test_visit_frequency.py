"""Statutory visits at the frequencies of CPPCR reg 28, on the Care tab and the worktray alike.

Each child comes into care on Monday 6 January 2025, so the first anniversary of the placement
(6 January 2026) and the first review are in the past.
"""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hearth.casenotes.services import case_note_record
from hearth.childrenincare.models import Placement
from hearth.childrenincare.selectors import next_visit_clock, next_visit_due, visit_clock
from hearth.childrenincare.services import (
    care_review_hold,
    legal_status_change,
    period_of_care_start,
    placement_change,
)
from hearth.childrenincare.tests.conftest import CHILDRENS_HOME, FOSTER_PLACEMENT
from hearth.people.models import Person, PersonType
from hearth.timescales.models import Timescale
from hearth.worktray.care_providers import care_visits_due
from hearth.worktray.providers import CaseChild, Scope

CAME_IN = date(2025, 1, 6)
ANNIVERSARY = date(2026, 1, 6)
LONG_TERM_FOSTERING = {**FOSTER_PLACEMENT, "placement_type": "U4"}
RELATIVE_TEMPORARY = {**FOSTER_PLACEMENT, "placement_type": "U3", "carer_name": "Aunt Jo Cole"}
AT_HOME = {"placement_type": "P1", "provider": "PR0", "carer_name": "Mum", "postcode": "B12 9QS"}


def in_care(by, *, legal_status="C2", placement=FOSTER_PLACEMENT, name="Mia", **flags):
    child = Person.objects.create(
        person_type=PersonType.CHILD, first_name=name, last_name="Cole", date_of_birth=date(2016, 9, 12)
    )
    return period_of_care_start(
        child=child,
        start_date=CAME_IN,
        legal_status=legal_status,
        placement={**placement, **flags},
        category_of_need="N1",
        by=by,
    )


def visit(period, day, by):
    case_note_record(
        children=[period.child],
        occurred_at=timezone.make_aware(datetime(day.year, day.month, day.day, 11, 0)),
        kind="cla_visit",
        narrative="Saw the child at their placement.",
        child_seen=True,
        by=by,
    )


def review(period, day, chair):
    care_review_hold(period=period, review_date=day, chair=chair, participation="PN1", by=chair)


def due(period):
    period.refresh_from_db()
    return next_visit_due(period)


# --- each interval is a row of the timescale table, with its regulation ----------------------------


@pytest.mark.parametrize(
    "key, amount, unit, source",
    [
        ("cla.visit.first", 7, "CD", "reg 28(2)(a)"),
        ("cla.visit.next", 42, "CD", "reg 28(2)(b)"),
        ("cla.visit.next.long_term", 3, "months", "reg 28(2)(c)(i)"),
        ("cla.visit.next.after_first_year", 42, "CD", "reg 28(2)(c)(ii)"),
        ("cla.visit.weekly_to_first_review", 7, "CD", "reg 28(4)(a)"),
        ("cla.visit.next.after_first_review", 28, "CD", "reg 28(4)(b)"),
        ("cla.visit.care_order_at_home", 7, "CD", "reg 28(5)(a)"),
        ("cla.visit.next.care_order_at_home", 42, "CD", "reg 28(5)(b)"),
    ],
)
def test_each_visit_interval_is_in_the_timescale_table_with_its_regulation(db, key, amount, unit, source):
    row = Timescale.objects.get(key=key)
    assert (row.amount, row.unit, row.force) == (amount, unit, "R")
    assert row.source.endswith(source)


# --- placements in general: reg 28(2) -------------------------------------------------------------


def test_the_first_visit_is_due_within_7_days_of_every_placement_start(social_worker):
    period = in_care(social_worker)
    assert due(period) == date(2025, 1, 13)
    visit(period, date(2025, 1, 10), social_worker)
    placement_change(
        period=period, on=date(2025, 6, 2), by=social_worker, reason_changed="CREQB", **CHILDRENS_HOME
    )
    # The visit in the previous placement does not count for the new one.
    assert due(period) == date(2025, 6, 9)


def test_visits_are_at_most_6_weeks_apart_in_the_first_year_of_a_long_term_placement(social_worker):
    period = in_care(social_worker, placement=LONG_TERM_FOSTERING)
    visit(period, date(2025, 3, 3), social_worker)
    assert due(period) == date(2025, 4, 14)


def test_a_long_term_placement_switches_to_3_months_at_its_first_anniversary(social_worker):
    period = in_care(social_worker, placement=LONG_TERM_FOSTERING)
    visit(period, ANNIVERSARY - timedelta(days=1), social_worker)
    assert due(period) == date(2026, 2, 16)  # the day before: still 6 weeks
    visit(period, ANNIVERSARY, social_worker)
    assert due(period) == date(2026, 4, 6)  # on the anniversary: 3 months
    assert next_visit_clock(period).key == "cla.visit.next.long_term"


def test_a_placement_not_intended_to_last_until_18_stays_at_6_weeks_after_its_first_year(social_worker):
    period = in_care(social_worker)  # U6: other fostering
    visit(period, ANNIVERSARY, social_worker)
    assert due(period) == date(2026, 2, 17)
    assert next_visit_clock(period).key == "cla.visit.next.after_first_year"


def test_any_placement_flagged_long_term_is_visited_3_monthly_after_its_first_year(social_worker):
    period = in_care(social_worker, long_term=True)  # U6, designated long-term
    assert Placement.objects.get(period=period).long_term
    visit(period, ANNIVERSARY, social_worker)
    assert due(period) == date(2026, 4, 6)


def test_the_anniversary_is_of_the_placement_not_of_the_period_of_care(social_worker):
    period = in_care(social_worker)
    placement_change(
        period=period,
        on=date(2025, 6, 2),
        by=social_worker,
        reason_changed="CREQB",
        **LONG_TERM_FOSTERING,
    )
    visit(period, ANNIVERSARY, social_worker)  # 7 months into the new placement
    assert due(period) == date(2026, 2, 17)


# --- weekly until the first review, then 4-weekly: reg 28(4) --------------------------------------


def test_a_connected_persons_temporary_placement_is_visited_weekly_until_the_first_review(
    social_worker, cp_chair
):
    period = in_care(social_worker, placement=RELATIVE_TEMPORARY, reg_24_temporary=True)
    assert due(period) == date(2025, 1, 13)
    visit(period, date(2025, 1, 10), social_worker)
    assert due(period) == date(2025, 1, 17)
    visit(period, date(2025, 1, 30), social_worker)
    review(period, date(2025, 1, 31), cp_chair)
    # The last visit came before the review, so the weekly interval still runs from it.
    assert due(period) == date(2025, 2, 6)
    visit(period, date(2025, 1, 31), social_worker)
    assert due(period) == date(2025, 2, 28)  # from the first review on: at most 4 weeks
    assert next_visit_clock(period).key == "cla.visit.next.after_first_review"


def test_a_child_on_an_interim_care_order_living_with_a_parent_is_visited_weekly_then_4_weekly(
    social_worker, cp_chair
):
    period = in_care(social_worker, legal_status="C1", placement=AT_HOME)
    visit(period, date(2025, 1, 10), social_worker)
    assert due(period) == date(2025, 1, 17)
    review(period, date(2025, 1, 31), cp_chair)
    visit(period, date(2025, 2, 3), social_worker)
    assert due(period) == date(2025, 3, 3)


def test_an_interim_care_order_in_foster_care_is_visited_at_the_usual_6_weeks(social_worker):
    period = in_care(social_worker, legal_status="C1")
    visit(period, date(2025, 1, 10), social_worker)
    assert due(period) == date(2025, 2, 21)


# --- a care order made while the child lives with a parent: reg 28(5) -----------------------------


def test_a_care_order_made_while_the_child_lives_at_home_needs_a_visit_within_a_week(social_worker):
    period = in_care(social_worker, legal_status="C1", placement=AT_HOME)
    visit(period, date(2025, 3, 7), social_worker)
    legal_status_change(period=period, legal_status="C2", on=date(2025, 3, 10), by=social_worker)
    assert due(period) == date(2025, 3, 17)
    visit(period, date(2025, 3, 12), social_worker)
    assert due(period) == date(2025, 4, 23)
    visit(period, ANNIVERSARY, social_worker)
    assert due(period) == date(2026, 2, 17)  # still 6 weeks after a year


# --- the flags are checked -------------------------------------------------------------------------


def test_regulation_24_is_only_for_a_relative_or_friend_fostering_temporarily(social_worker):
    with pytest.raises(ValidationError) as refused:
        in_care(social_worker, reg_24_temporary=True)
    assert "choose placement type U3" in str(refused.value.message_dict["reg_24_temporary"])
    with pytest.raises(ValidationError) as refused:
        in_care(social_worker, placement=RELATIVE_TEMPORARY, reg_24_temporary=True, long_term=True)
    assert "cannot be a placement intended to last until 18" in str(refused.value.message_dict["long_term"])


def test_the_placement_form_sets_the_long_term_flag(client, social_worker):
    period = in_care(social_worker)
    client.force_login(social_worker)
    response = client.post(
        reverse("childrenincare:placement-change", args=[period.child_id, period.pk]),
        {
            "version": period.version,
            "on_0": 2,
            "on_1": 6,
            "on_2": 2025,
            "reason_changed": "CREQB",
            **FOSTER_PLACEMENT,
            "carer_name": "Sue and Tom Bell",
            "long_term": "on",
        },
    )
    assert response.status_code == 302
    assert Placement.objects.get(period=period, end_date__isnull=True).long_term
    body = client.get(reverse("childrenincare:care", args=[period.child_id])).content.decode()
    assert "Visit the child in a new placement" in body


# --- the worktray and the Care tab use the one rule -----------------------------------------------


def test_the_worktray_agrees_with_the_care_tab_in_every_case_in_one_query(
    social_worker, cp_chair, django_assert_num_queries
):
    periods = [
        in_care(social_worker, name="Ava", placement=LONG_TERM_FOSTERING),
        in_care(social_worker, name="Ben"),
        in_care(social_worker, name="Cal", long_term=True),
        in_care(social_worker, name="Dee", placement=RELATIVE_TEMPORARY, reg_24_temporary=True),
        in_care(social_worker, name="Eve", legal_status="C1", placement=AT_HOME),
        in_care(social_worker, name="Fin", legal_status="C1", placement=AT_HOME),
    ]
    for period in periods:
        visit(period, ANNIVERSARY, social_worker)
    review(periods[3], date(2025, 1, 31), cp_chair)
    visit(periods[5], date(2025, 3, 7), social_worker)
    legal_status_change(period=periods[5], legal_status="C2", on=date(2026, 2, 2), by=social_worker)
    scope = Scope(
        user=social_worker,
        today=date(2026, 2, 10),
        children={
            period.child_id: CaseChild(period.child_id, period.child.display_name, social_worker.pk, "Sam")
            for period in periods
        },
    )
    care_visits_due(scope)  # the timescale rows are read once and kept
    with django_assert_num_queries(1):
        tasks = {task.child_id: task.due for task in care_visits_due(scope)}
    expected = {period.child_id: due(period) for period in periods}
    assert tasks == expected
    assert sorted(expected.values()) == [
        date(2026, 1, 13),  # Eve: ICO at home, no review yet, weekly
        date(2026, 2, 3),  # Dee: reg 24, after the first review, 4-weekly
        date(2026, 2, 9),  # Fin: care order made at home on 2 February, within a week
        date(2026, 2, 17),  # Ben: not long-term, still 6 weeks after the first year
        date(2026, 4, 6),  # Ava: U4, 3 months
        date(2026, 4, 6),  # Cal: flagged long-term, 3 months
    ]


def test_the_rule_function_can_be_called_with_plain_values(db):
    clock = visit_clock(
        placement_start=CAME_IN,
        last_visit=ANNIVERSARY,
        placement_type="U1",
        legal_status="C2",
    )
    assert (clock.key, clock.due) == ("cla.visit.next.long_term", date(2026, 4, 6))
