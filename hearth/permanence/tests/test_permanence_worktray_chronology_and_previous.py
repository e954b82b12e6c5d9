"""The adoption authority review on the worktray, permanence in the chronology, and previous
permanence (SSDA903 PrevPerm) recorded on the Permanence tab."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.allocation.services import case_allocate
from hearth.childrenincare.services import care_review_hold, period_of_care_start
from hearth.chronology.registry import chronology_for
from hearth.concurrency import ConcurrentEditError
from hearth.organisation.models import StaffMember, TeamType
from hearth.people.models import Person, PersonType
from hearth.permanence.models import PreviousPermanence
from hearth.permanence.selectors import prev_perm_row
from hearth.permanence.services import (
    adoption_authority_record,
    adoption_decision_record,
    adoption_decision_reverse,
    adoption_match_record,
    adoption_placement_record,
    permanence_order_record,
    permanence_plan_record,
    previous_permanence_record,
)
from hearth.permanence.tests.conftest import FOSTER_CARERS
from hearth.permanence.tests.test_adoption_rules import MATCH
from hearth.worktray.due_work import due_work_mark_all_stale
from hearth.worktray.selectors import worktray_for
from hearth.worktray.tests.journey import make_team


def review_tasks(worker, today):
    tray = worktray_for(worker, today=today)
    return [task.due for task in tray.overdue + tray.due_soon if task.kind == "adoption_authority_review"]


def allocate(child, worker, on=date(2025, 5, 6)):
    member = StaffMember.objects.filter(user=worker).select_related("team").first()
    team = (
        member.team if member else make_team("Children in care", TeamType.CHILDREN_IN_CARE, members=[worker])
    )
    case_allocate(child=child, team=team, worker=worker, start_date=on, by=worker)


@pytest.fixture
def authority(child, period, social_worker, fostering_adoption_worker):
    allocate(child, social_worker)
    adoption = adoption_decision_record(
        child=child, decided_on=date(2025, 7, 1), by=fostering_adoption_worker
    )
    return adoption_authority_record(
        adoption=adoption, kind="order", on=date(2025, 8, 4), by=fostering_adoption_worker
    )


def test_the_case_is_reviewed_3_months_after_authority_to_place(authority, social_worker):
    assert review_tasks(social_worker, date(2025, 11, 1)) == [date(2025, 11, 4)]
    assert review_tasks(social_worker, date(2025, 11, 5)) == [date(2025, 11, 4)]  # overdue


def test_then_every_6_months_from_the_last_review_while_waiting(authority, period, social_worker, cp_chair):
    care_review_hold(
        period=period, review_date=date(2025, 6, 1), chair=cp_chair, participation="PN0", by=cp_chair
    )
    # A review before authority to place does not count.
    assert review_tasks(social_worker, date(2025, 11, 1)) == [date(2025, 11, 4)]
    care_review_hold(
        period=period, review_date=date(2025, 10, 20), chair=cp_chair, participation="PN0", by=cp_chair
    )
    assert review_tasks(social_worker, date(2026, 4, 10)) == [date(2026, 4, 20)]


def test_placement_for_adoption_ends_the_waiting_review(authority, social_worker, fostering_adoption_worker):
    matched = adoption_match_record(
        adoption=authority, matched_on=date(2025, 10, 1), by=fostering_adoption_worker, **MATCH
    )
    adoption_placement_record(
        adoption=matched,
        placed_on=date(2025, 10, 20),
        provider="PR1",
        postcode="B13 8AA",
        by=fostering_adoption_worker,
    )
    assert review_tasks(social_worker, date(2025, 11, 5)) == []


def test_a_decision_without_authority_to_place_has_no_review_task(
    child, period, social_worker, fostering_adoption_worker
):
    allocate(child, social_worker)
    adoption_decision_record(child=child, decided_on=date(2025, 7, 1), by=fostering_adoption_worker)
    assert review_tasks(social_worker, date(2025, 10, 1)) == []


def _waiting_child(n, worker, by):
    child = Person.objects.create(
        person_type=PersonType.CHILD,
        first_name=f"Kit{n}",
        last_name="Hart",
        date_of_birth=date(2022, 6, 1),
        sex="F",
    )
    period_of_care_start(
        child=child,
        start_date=date(2025, 5, 6),
        legal_status="C1",
        placement=dict(FOSTER_CARERS),
        category_of_need="N1",
        by=by,
    )
    allocate(child, worker)
    adoption = adoption_decision_record(child=child, decided_on=date(2025, 7, 1), by=by)
    adoption_authority_record(adoption=adoption, kind="consent", on=date(2025, 8, 4), by=by)


def test_the_review_task_costs_the_same_queries_for_one_child_or_ten(
    social_worker, django_assert_max_num_queries
):
    _waiting_child(0, social_worker, social_worker)
    today = date(2025, 11, 1)
    worktray_for(social_worker, today=today)
    # Both reads work out the stale clocks first: one child's, then nine children's.
    due_work_mark_all_stale()
    with CaptureQueriesContext(connection) as one:
        worktray_for(social_worker, today=today)
    for n in range(1, 10):
        _waiting_child(n, social_worker, social_worker)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(review_tasks(social_worker, today)) == 10


# --- the chronology ------------------------------------------------------------------------------


def test_the_chronology_tells_the_story_of_permanence(
    child, period, social_worker, fostering_adoption_worker, cp_chair
):
    review = care_review_hold(
        period=period, review_date=date(2025, 6, 2), chair=cp_chair, participation="PN0", by=cp_chair
    )
    permanence_plan_record(
        child=child, plan_type="adoption", agreed_on=date(2025, 5, 20), ratified_at=review, by=social_worker
    )
    adoption = adoption_decision_record(
        child=child, decided_on=date(2025, 7, 1), by=fostering_adoption_worker
    )
    adoption_authority_record(
        adoption=adoption, kind="order", on=date(2025, 8, 4), by=fostering_adoption_worker
    )
    adoption_decision_reverse(
        adoption=adoption, reversed_on=date(2025, 9, 1), reason="RD1", by=fostering_adoption_worker
    )
    permanence_order_record(
        child=child,
        kind="sgo",
        made_on=date(2025, 12, 1),
        reason_ceased="E45",
        carer_name="Gran Hart",
        by=social_worker,
    )
    entries = chronology_for([child.pk], kinds=["permanence"])
    assert [(e.date, e.title) for e in entries] == [
        (date(2025, 5, 20), "Plan for permanence"),
        (date(2025, 6, 2), "Plan for permanence ratified"),
        (date(2025, 7, 1), "Should be placed for adoption"),
        (date(2025, 8, 4), "Placement order granted"),
        (date(2025, 9, 1), "Adoption decision reversed"),
        (date(2025, 12, 1), "Special guardianship order"),
    ]
    assert entries[4].detail.startswith("RD1: ") and len(entries[4].detail) > len("RD1: ")
    assert "Gran Hart" in entries[5].detail
    assert entries[0].href == reverse("permanence:overview", args=[child.pk])


def test_the_permanence_sources_cost_one_query_each_however_long_the_history(
    child, period, social_worker, fostering_adoption_worker, cp_chair, django_assert_max_num_queries
):
    adoption = adoption_decision_record(
        child=child, decided_on=date(2025, 7, 1), by=fostering_adoption_worker
    )

    def plan_at_a_review(day):
        review = care_review_hold(
            period=period, review_date=day, chair=cp_chair, participation="PN0", by=cp_chair
        )
        permanence_plan_record(
            child=child, plan_type="adoption", agreed_on=day, ratified_at=review, by=social_worker
        )

    # The short history holds each kind of record the long one adds (sources of empty tables
    # are skipped): what may not grow the count is more records of the same kinds.
    plan_at_a_review(date(2025, 6, 2))
    chronology_for([child.pk], kinds=["permanence"])  # the code caches
    with CaptureQueriesContext(connection) as short:
        chronology_for([child.pk], kinds=["permanence"])
    adoption_authority_record(
        adoption=adoption, kind="order", on=date(2025, 8, 4), by=fostering_adoption_worker
    )
    adoption_decision_reverse(
        adoption=adoption, reversed_on=date(2025, 9, 1), reason="RD1", by=fostering_adoption_worker
    )
    for day in (date(2025, 9, 2), date(2025, 10, 2)):
        plan_at_a_review(day)
    chronology_for([child.pk], kinds=["permanence"])
    with django_assert_max_num_queries(len(short.captured_queries)):
        assert len(chronology_for([child.pk], kinds=["permanence"])) == 9


# --- previous permanence -----------------------------------------------------------------------------


def errors_of(**kwargs) -> dict:
    with pytest.raises(ValidationError) as refused:
        previous_permanence_record(**kwargs)
    return refused.value.message_dict


def test_no_previous_permanence_takes_no_authority_or_date(period, social_worker):
    errors = errors_of(
        period=period, previous_permanence="Z1", authority="330", order_date="01/02/2020", by=social_worker
    )
    assert set(errors) == {"authority", "order_date"}
    assert not PreviousPermanence.objects.exists()
    previous_permanence_record(period=period, previous_permanence="Z1", by=social_worker)
    assert prev_perm_row(period)["PREV_PERM"] == "Z1"


def test_the_order_is_on_or_before_the_period_of_care_began(period, social_worker):
    # The period began on 6 May 2025.
    errors = errors_of(period=period, previous_permanence="P2", order_date="07/05/2025", by=social_worker)
    assert "on or before" in errors["order_date"][0]
    errors = errors_of(period=period, previous_permanence="P2", order_date="ZZ/06/2025", by=social_worker)
    assert "order_date" in errors
    # An unknown day within the month it began may still be before it.
    record = previous_permanence_record(
        period=period, previous_permanence="P2", authority="330", order_date="zz/05/2025", by=social_worker
    )
    assert (record.authority, record.order_date) == ("330", "ZZ/05/2025")


@pytest.mark.parametrize(
    "values,field",
    [
        ({"previous_permanence": "P9"}, "previous_permanence"),
        ({"previous_permanence": "P1", "authority": "BIRM"}, "authority"),
        ({"previous_permanence": "P1", "authority": "33"}, "authority"),
        ({"previous_permanence": "P1", "order_date": "2020-01-01"}, "order_date"),
        ({"previous_permanence": "P1", "order_date": "31/02/2020"}, "order_date"),
        ({"previous_permanence": "P1", "order_date": "03/ZZ/2020"}, "order_date"),
    ],
)
def test_codes_and_formats_outside_the_dfe_lists_are_refused(period, social_worker, values, field):
    assert field in errors_of(period=period, by=social_worker, **values)


def test_a_change_made_by_someone_else_first_is_detected(period, social_worker, team_manager):
    record = previous_permanence_record(
        period=period, previous_permanence="P1", authority="WAL", by=social_worker
    )
    opened_at = record.version
    previous_permanence_record(
        period=period, previous_permanence="P3", expected_version=opened_at, by=team_manager
    )
    with pytest.raises(ConcurrentEditError):
        previous_permanence_record(
            period=period, previous_permanence="P4", expected_version=opened_at, by=social_worker
        )
    assert PreviousPermanence.objects.get().previous_permanence == "P3"


def test_the_permanence_tab_records_previous_permanence(client, child, period, social_worker):
    client.force_login(social_worker)
    overview = reverse("permanence:overview", args=[child.pk])
    assert "Not recorded" in client.get(overview).content.decode()
    page = reverse("permanence:previous", args=[child.pk, period.pk])
    assert client.get(page).status_code == 200
    refused = client.post(page, {"previous_permanence": "Z1", "authority": "330", "order_date": ""})
    assert refused.status_code == 400 and "Leave the local authority blank" in refused.content.decode()
    saved = client.post(page, {"previous_permanence": "P2", "authority": "330", "order_date": "ZZ/03/2019"})
    assert saved.status_code == 302
    text = client.get(overview).content.decode()
    assert "P2: Special guardianship order, made by 330, on ZZ/03/2019" in text
    changed = client.post(
        page, {"previous_permanence": "Z1", "authority": "", "order_date": "", "version": "1"}
    )
    assert changed.status_code == 302
    assert PreviousPermanence.objects.get().previous_permanence == "Z1"
