from datetime import date, datetime

import pytest

from hearth.timescales import clocks
from hearth.timescales.clocks import due_after, due_date
from hearth.timescales.models import Force, Timescale
from hearth.timescales.services import timescales_load
from hearth.timescales.table import TABLE


@pytest.fixture(autouse=True)
def _fresh_cache():
    clocks.clear_cache()
    yield
    clocks.clear_cache()


def test_every_clock_in_the_table_names_its_source(db):
    assert Timescale.objects.count() == len(TABLE)
    assert not Timescale.objects.filter(source="").exists()


def test_loading_the_table_twice_changes_nothing(db):
    assert timescales_load() == 0


def test_assessment_is_due_45_working_days_after_the_referral(db):
    assert due_date("assessment.complete", date(2025, 12, 19)) == date(2026, 2, 25)


def test_icpc_is_due_15_working_days_after_the_strategy_discussion(db):
    assert due_date("icpc.held", date(2025, 12, 22)) == date(2026, 1, 15)


def test_months_clip_to_the_end_of_the_month(db):
    assert due_date("rcpc.next", date(2026, 8, 31)) == date(2027, 2, 28)


def test_hours_clocks_need_a_time(db):
    returned = datetime(2026, 11, 20, 22, 30)
    assert due_date("missing.rhi", returned) == datetime(2026, 11, 23, 22, 30)
    with pytest.raises(TypeError):
        due_date("missing.rhi", date(2026, 11, 20))


def test_calendar_days_and_weeks():
    assert due_after(date(2026, 12, 24), 7, "CD") == date(2026, 12, 31)
    assert due_after(date(2026, 12, 24), 2, "weeks") == date(2027, 1, 7)


def test_a_local_figure_changes_a_local_procedure_clock(db):
    Timescale.objects.filter(key="cp.visit").update(local_amount=20)
    assert due_date("cp.visit", date(2026, 1, 5)) == date(2026, 2, 2)


def test_a_local_figure_cannot_change_a_statutory_clock(db):
    row = Timescale.objects.get(key="assessment.complete")
    assert row.force == Force.STATUTORY_GUIDANCE
    row.local_amount = 60
    row.save()
    clocks.clear_cache()
    assert due_date("assessment.complete", date(2025, 12, 19)) == date(2026, 2, 25)


def test_reloading_keeps_an_authoritys_local_figure(db):
    Timescale.objects.filter(key="cp.visit").update(local_amount=20)
    timescales_load()
    assert Timescale.objects.get(key="cp.visit").local_amount == 20


def test_the_timescales_page_lists_each_clock_with_its_source(
    client, social_worker, django_assert_max_num_queries
):
    client.force_login(social_worker)
    with django_assert_max_num_queries(8):
        response = client.get("/timescales/")
    assert response.status_code == 200
    assert b"Complete the assessment" in response.content
    assert b"Working Together to Safeguard Children 2023" in response.content


def test_a_local_figure_saved_after_the_clock_was_read_is_used_at_once(db):
    assert due_date("cp.visit", date(2026, 1, 5)) == date(2026, 1, 19)  # cached from here on
    row = Timescale.objects.get(key="cp.visit")
    row.local_amount = 20
    row.save()
    assert due_date("cp.visit", date(2026, 1, 5)) == date(2026, 2, 2)
