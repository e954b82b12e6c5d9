"""A care leaver's clocks on the allocated worker's and the personal adviser's worktrays; their
leaving care in the chronology; the personal adviser's contacts recorded."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.allocation.services import case_allocate
from hearth.chronology.registry import chronology_for
from hearth.leavingcare.models import AdviserContact
from hearth.leavingcare.services import (
    adviser_contact_record,
    birthday_contact_record,
    eligibility_decide,
    needs_assessment_record,
    pathway_plan_record,
    pathway_plan_review,
    personal_adviser_assign,
    staying_put_end,
    staying_put_start,
)
from hearth.leavingcare.tests.conftest import in_care, young_person
from hearth.organisation.models import TeamType
from hearth.worktray.selectors import worktray_for
from hearth.worktray.tests.journey import make_team

KINDS = {"leaving_care_assessment", "pathway_plan_review", "adviser_visit", "birthday_contact"}


def leaver_tasks(worker, today):
    tray = worktray_for(worker, today=today)
    return {task.kind: task.due for task in tray.overdue + tray.due_soon if task.kind in KINDS}


def allocate(person, worker, on):
    team = make_team(f"Leaving care {person.pk}", TeamType.CHILDREN_IN_CARE, members=[worker])
    case_allocate(child=person, team=team, worker=worker, start_date=on, by=worker)


@pytest.fixture
def former_relevant(care_leaver, social_worker, another_social_worker):
    """Jay, 18 on 10 May 2025, left care that day; former relevant, adviser from 12 May 2025."""
    eligibility_decide(
        young_person=care_leaver, category="former_relevant", decided_on=date(2025, 5, 12), by=social_worker
    )
    personal_adviser_assign(
        young_person=care_leaver,
        adviser=another_social_worker,
        start_date=date(2025, 5, 12),
        by=social_worker,
    )
    needs_assessment_record(young_person=care_leaver, completed_on=date(2025, 5, 12), by=social_worker)
    return care_leaver


def test_the_needs_assessment_is_due_3_months_after_becoming_eligible_when_later_than_16(
    eligible_child, social_worker
):
    # Kai turned 16 on 1 March 2025; decided eligible on 10 April 2025: due 10 July 2025.
    eligibility_decide(
        young_person=eligible_child,
        category="eligible",
        decided_on=date(2025, 4, 10),
        by=social_worker,
        reason="Looked after since January",
    )
    allocate(eligible_child, social_worker, date(2025, 1, 6))
    assert leaver_tasks(social_worker, date(2025, 7, 1)) == {"leaving_care_assessment": date(2025, 7, 10)}
    assert leaver_tasks(social_worker, date(2025, 7, 11)) == {"leaving_care_assessment": date(2025, 7, 10)}
    needs_assessment_record(young_person=eligible_child, completed_on=date(2025, 7, 11), by=social_worker)
    assert leaver_tasks(social_worker, date(2025, 7, 11)) == {}


def test_the_personal_adviser_sees_the_care_leaver_without_an_allocation(
    former_relevant, social_worker, another_social_worker
):
    # First visit 7 days from the adviser's start (after leaving care): 19 May 2025.
    assert leaver_tasks(another_social_worker, date(2025, 5, 15)) == {"adviser_visit": date(2025, 5, 19)}
    task = next(t for t in worktray_for(another_social_worker, today=date(2025, 5, 15)).due_soon)
    assert task.child_name == "Jay Reed"
    assert task.href == reverse("leavingcare:adviser-contact", args=[former_relevant.pk])
    # Not the other worker's: Jay is allocated to nobody.
    assert leaver_tasks(social_worker, date(2025, 5, 15)) == {}


def test_a_visit_where_the_young_person_was_seen_restarts_the_adviser_clock(
    former_relevant, social_worker, another_social_worker
):
    adviser_contact_record(
        young_person=former_relevant, contact_date=date(2025, 5, 16), kind="phone", by=another_social_worker
    )
    assert leaver_tasks(another_social_worker, date(2025, 5, 20)) == {"adviser_visit": date(2025, 5, 19)}
    adviser_contact_record(
        young_person=former_relevant,
        contact_date=date(2025, 5, 20),
        kind="visit",
        seen=True,
        by=another_social_worker,
    )
    # Next within 2 months of the visit: 20 July 2025.
    assert leaver_tasks(another_social_worker, date(2025, 7, 10))["adviser_visit"] == date(2025, 7, 20)


def test_the_allocated_worker_and_the_adviser_both_see_the_pathway_plan_review(
    former_relevant, social_worker, another_social_worker
):
    allocate(former_relevant, social_worker, date(2025, 5, 12))
    adviser_contact_record(
        young_person=former_relevant,
        contact_date=date(2026, 2, 20),
        kind="visit",
        seen=True,
        by=another_social_worker,
    )
    plan = pathway_plan_record(young_person=former_relevant, agreed_on=date(2025, 5, 20), by=social_worker)
    pathway_plan_review(plan=plan, review_date=date(2025, 9, 1), by=social_worker)
    today = date(2026, 2, 23)
    assert leaver_tasks(social_worker, today)["pathway_plan_review"] == date(2026, 3, 1)
    assert leaver_tasks(another_social_worker, today)["pathway_plan_review"] == date(2026, 3, 1)


def test_the_birthday_contact_is_due_by_the_end_of_its_window(former_relevant, social_worker):
    allocate(former_relevant, social_worker, date(2025, 5, 12))
    # 19th birthday 10 May 2026: window 10 February to 10 June 2026.
    assert leaver_tasks(social_worker, date(2026, 6, 1))["birthday_contact"] == date(2026, 6, 10)
    assert "birthday_contact" in leaver_tasks(social_worker, date(2026, 6, 11))  # overdue
    birthday_contact_record(
        young_person=former_relevant,
        age=19,
        contact_date=date(2026, 5, 20),
        in_touch="YES",
        activity="F2",
        accommodation="U1",
        by=social_worker,
    )
    assert "birthday_contact" not in leaver_tasks(social_worker, date(2026, 6, 11))


def test_a_qualifying_young_person_or_one_past_21_has_no_tasks(care_leaver, social_worker):
    eligibility_decide(
        young_person=care_leaver,
        category="qualifying",
        decided_on=date(2025, 5, 12),
        by=social_worker,
        reason="Test",
    )
    allocate(care_leaver, social_worker, date(2025, 5, 12))
    assert leaver_tasks(social_worker, date(2025, 6, 1)) == {}


def _leaver(n: int, adviser, by):
    person = young_person(f"Lee{n}", date(2007, 5, 10))
    in_care(person, date(2022, 1, 10), by, end=date(2025, 5, 10), reason="E17")
    eligibility_decide(young_person=person, category="former_relevant", decided_on=date(2025, 5, 12), by=by)
    personal_adviser_assign(young_person=person, adviser=adviser, start_date=date(2025, 5, 12), by=by)
    plan = pathway_plan_record(young_person=person, agreed_on=date(2025, 5, 20), by=by)
    pathway_plan_review(plan=plan, review_date=date(2025, 9, 1), by=by)
    adviser_contact_record(young_person=person, contact_date=date(2026, 4, 1), kind="visit", seen=True, by=by)
    return person


def test_the_care_leaver_tasks_cost_the_same_queries_for_one_or_ten(
    social_worker, another_social_worker, django_assert_max_num_queries
):
    today = date(2026, 6, 1)
    allocate(_leaver(0, another_social_worker, social_worker), social_worker, date(2025, 5, 12))
    worktray_for(another_social_worker, today=today)  # the timescale and code caches
    with CaptureQueriesContext(connection) as one:
        tray = worktray_for(another_social_worker, today=today)
    assert {t.kind for t in tray.overdue + tray.due_soon} >= {"pathway_plan_review", "birthday_contact"}
    for n in range(1, 10):
        _leaver(n, another_social_worker, social_worker)
    with django_assert_max_num_queries(len(one.captured_queries)):
        tray = worktray_for(another_social_worker, today=today)
    assert len({t.child_id for t in tray.overdue + tray.due_soon}) == 10


def test_recording_an_adviser_contact_checks_its_rules(care_leaver, social_worker):
    with pytest.raises(ValidationError) as error:
        adviser_contact_record(
            young_person=care_leaver, contact_date=date(2025, 6, 1), kind="phone", seen=True, by=social_worker
        )
    assert "seen" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        adviser_contact_record(
            young_person=care_leaver, contact_date=date(2025, 6, 1), kind="", by=social_worker
        )
    assert "kind" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        adviser_contact_record(
            young_person=care_leaver, contact_date=date(2099, 1, 1), kind="visit", by=social_worker
        )
    assert "contact_date" in error.value.message_dict
    assert not AdviserContact.objects.exists()


def test_the_adviser_contact_page_records_a_visit(client, social_worker, former_relevant):
    client.force_login(social_worker)
    page = reverse("leavingcare:adviser-contact", args=[former_relevant.pk])
    assert client.get(page).status_code == 200
    bad = client.post(
        page,
        {
            "contact_date_0": "1",
            "contact_date_1": "6",
            "contact_date_2": "2025",
            "kind": "phone",
            "seen": "on",
        },
    )
    assert bad.status_code == 400 and "Only a visit records" in bad.content.decode()
    response = client.post(
        page,
        {
            "contact_date_0": "1",
            "contact_date_1": "6",
            "contact_date_2": "2025",
            "kind": "visit",
            "seen": "on",
            "notes": "Flat is warm",
        },
    )
    assert response.status_code == 302
    overview = client.get(reverse("leavingcare:overview", args=[former_relevant.pk])).content.decode()
    assert 'data-testid="adviser-contacts"' in overview and "Flat is warm" in overview
    assert "Next visit due by 1 August 2025" in overview


def test_the_chronology_tells_the_story_of_leaving_care(
    former_relevant, social_worker, another_social_worker
):
    plan = pathway_plan_record(young_person=former_relevant, agreed_on=date(2025, 5, 20), by=social_worker)
    pathway_plan_review(plan=plan, review_date=date(2025, 9, 1), by=social_worker)
    arrangement = staying_put_start(
        young_person=former_relevant,
        carer_name="Pat and Sol Evans",
        start_date=date(2025, 5, 10),
        by=social_worker,
    )
    staying_put_end(arrangement=arrangement, end_date=date(2026, 1, 31), by=social_worker)
    adviser_contact_record(
        young_person=former_relevant,
        contact_date=date(2025, 5, 16),
        kind="visit",
        seen=True,
        by=social_worker,
    )
    birthday_contact_record(
        young_person=former_relevant,
        age=19,
        contact_date=date(2026, 5, 20),
        in_touch="YES",
        activity="F2",
        accommodation="U1",
        by=social_worker,
    )
    entries = chronology_for([former_relevant.pk], kinds=["permanence"])
    assert [(e.date, e.title) for e in entries] == [
        (date(2025, 5, 10), "Staying put began"),
        (date(2025, 5, 12), "Care leaver category decided"),
        (date(2025, 5, 12), "Personal adviser"),
        (date(2025, 5, 12), "Leaving care needs assessment"),
        (date(2025, 5, 16), "Personal adviser contact"),
        (date(2025, 5, 20), "Pathway plan agreed"),
        (date(2025, 9, 1), "Pathway plan reviewed"),
        (date(2026, 1, 31), "Staying put ended"),
        (date(2026, 5, 20), "Contact around the 19th birthday"),
    ]
    contact = entries[-1]
    assert contact.detail.startswith("In touch: ") and "YES" not in contact.detail
    assert entries[0].kind_label == "Permanence and leaving care"
