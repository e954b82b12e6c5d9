"""A household's journey through recruitment: each step once, in an order that can happen."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.adopters.models import Adopter, AdopterEvent, AdopterHousehold, Step
from hearth.adopters.selectors import household_record
from hearth.adopters.services import (
    ConcurrentEditError,
    adopter_add,
    household_enquiry_record,
    household_step_record,
    household_update,
)
from hearth.people.models import Person, PersonType

from .conftest import ENQUIRY, adopter_details

# Stage 1 in January-February, stage 2 March-June, approved at panel in July.
THROUGH_APPROVAL = [
    (Step.STAGE1_STARTED, date(2025, 1, 13)),
    (Step.STAGE1_ENDED, date(2025, 3, 3)),
    (Step.STAGE2_STARTED, date(2025, 3, 10)),
    (Step.APPLICATION, date(2025, 3, 10)),
    (Step.STAGE2_ENDED, date(2025, 6, 30)),
    (Step.APPROVED, date(2025, 7, 14)),
]


def record(household, step, on, by, **more):
    return household_step_record(household=household, step=step, on=on, by=by, **more)


def walk(household, by, steps=THROUGH_APPROVAL):
    for step, on in steps:
        record(household, step, on, by)
    return household_record(household.pk).journey


def messages(error: ValidationError) -> str:
    return " ".join(message for messages in error.value.message_dict.values() for message in messages)


def test_an_enquiry_opens_a_household_with_its_adopters_as_people(household):
    assert household.family_identifier == f"AH{household.pk:06d}"
    people = [
        adopter.person for adopter in Adopter.objects.filter(household=household).select_related("person")
    ]
    assert [(p.first_name, p.person_type, p.sex) for p in people] == [
        ("Dee", PersonType.CARER, "F"),
        ("Rob", PersonType.CARER, "M"),
    ]
    assert list(household.events.values_list("step", "on")) == [(Step.ENQUIRY, ENQUIRY)]
    assert household.history.count() == 1


def test_an_adopter_already_on_the_record_is_linked_not_retyped(fostering_adoption_worker):
    carer = Person.objects.create(person_type=PersonType.CARER, first_name="Gill", last_name="Shaw", sex="F")
    household = household_enquiry_record(
        name="Gill Shaw", enquiry_on=ENQUIRY, adopters=[carer], fast_track=True, by=fostering_adoption_worker
    )
    assert household.adopters.get().person == carer


def test_a_household_walks_through_to_approval_and_the_stage_follows(household, fostering_adoption_worker):
    journey = walk(household, fostering_adoption_worker)
    assert journey.stage == "approved"
    assert journey.dates[Step.APPROVED] == date(2025, 7, 14)
    household.refresh_from_db()
    assert household.version == 1 + len(THROUGH_APPROVAL)


@pytest.mark.parametrize(
    ("done", "step", "on", "says"),
    [
        (
            [],
            Step.STAGE2_STARTED,
            date(2025, 2, 1),
            "Stage 2 started comes after stage 1 ended: record that first",
        ),
        (
            THROUGH_APPROVAL[:2],
            Step.STAGE2_STARTED,
            date(2025, 2, 1),
            "must be on or after stage 1 ended, on 3 March 2025",
        ),
        (
            THROUGH_APPROVAL[:3] + THROUGH_APPROVAL[4:5],
            Step.APPROVED,
            date(2025, 7, 1),
            "Approved as adopters comes after application submitted",
        ),
        (THROUGH_APPROVAL[:4], Step.APPROVED, date(2025, 7, 1), "comes after stage 2 ended"),
        (
            [],
            Step.STAGE1_STARTED,
            date(2024, 12, 1),
            "must be on or after enquiry received, on 6 January 2025",
        ),
        (
            THROUGH_APPROVAL[:1],
            Step.STAGE1_STARTED,
            date(2025, 1, 20),
            "Stage 1 started was already recorded, on 13 January 2025",
        ),
        (
            [],
            Step.MATCHED,
            date(2025, 2, 1),
            "Matched with child or children comes after approved as adopters",
        ),
    ],
)
def test_impossible_orders_are_refused_in_plain_words(
    household, fostering_adoption_worker, done, step, on, says
):
    walk(household, fostering_adoption_worker, done)
    before = AdopterEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        record(household, step, on, fostering_adoption_worker)
    assert says in messages(error)
    assert AdopterEvent.objects.count() == before


def test_a_date_in_the_future_is_refused(household, fostering_adoption_worker):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        record(household, Step.STAGE1_STARTED, tomorrow, fostering_adoption_worker)
    assert "must be today or in the past" in messages(error)


def test_nothing_is_recorded_after_the_household_leaves(household, fostering_adoption_worker):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:1])
    record(household, Step.LEFT, date(2025, 2, 3), fostering_adoption_worker, leaving_reason="1")
    with pytest.raises(ValidationError) as error:
        record(household, Step.STAGE1_ENDED, date(2025, 2, 10), fostering_adoption_worker)
    assert "left the adoption process on 3 February 2025" in messages(error)
    assert household_record(household.pk).journey.stage == "left"


def test_leaving_needs_a_reason_and_comes_after_the_latest_step(household, fostering_adoption_worker):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:2])
    with pytest.raises(ValidationError) as error:
        record(household, Step.LEFT, date(2025, 2, 1), fostering_adoption_worker)
    assert "Select why the household left" in messages(error)
    assert "latest step was on 3 March 2025" in messages(error)


def test_a_placement_of_another_authoritys_children_says_how_many(household, fostering_adoption_worker):
    walk(household, fostering_adoption_worker)
    record(household, Step.MATCHED, date(2025, 8, 1), fostering_adoption_worker)
    with pytest.raises(ValidationError) as error:
        record(household, Step.PLACED, date(2025, 8, 20), fostering_adoption_worker)
    assert "how many children" in messages(error)
    record(household, Step.PLACED, date(2025, 8, 20), fostering_adoption_worker, children=2)
    journey = household_record(household.pk).journey
    assert (journey.stage, journey.children_placed) == ("placed", 2)


def test_a_fast_tracked_household_goes_straight_to_stage_2(household, fostering_adoption_worker):
    household_update(
        household=household,
        name=household.name,
        fostering_for_adoption=True,
        fast_track=True,
        by=fostering_adoption_worker,
    )
    with pytest.raises(ValidationError):
        record(household, Step.STAGE1_STARTED, date(2025, 1, 13), fostering_adoption_worker)
    record(household, Step.STAGE2_STARTED, date(2025, 1, 13), fostering_adoption_worker)
    assert household_record(household.pk).journey.stage == "stage2"


def test_fast_track_cannot_be_changed_once_assessment_started(household, fostering_adoption_worker):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:1])
    with pytest.raises(ValidationError) as error:
        household_update(
            household=household,
            name=household.name,
            fostering_for_adoption=True,
            fast_track=True,
            by=fostering_adoption_worker,
        )
    assert "Assessment has already started" in messages(error)


def test_an_adopter_under_21_cannot_be_approved(fostering_adoption_worker):
    young = household_enquiry_record(
        name="Kit Young",
        enquiry_on=ENQUIRY,
        adopters=[adopter_details("Kit", "F", date_of_birth=date(2005, 1, 1))],
        by=fostering_adoption_worker,
    )
    walk(young, fostering_adoption_worker, THROUGH_APPROVAL[:-1])
    with pytest.raises(ValidationError) as error:
        record(young, Step.APPROVED, date(2025, 7, 14), fostering_adoption_worker)
    assert "must be 21 or over" in messages(error)


def test_a_stale_form_is_refused(household, fostering_adoption_worker):
    opened_at = household.version
    record(household, Step.STAGE1_STARTED, date(2025, 1, 13), fostering_adoption_worker)
    with pytest.raises(ConcurrentEditError):
        household_step_record(
            household=household,
            step=Step.LEFT,
            on=date(2025, 1, 20),
            leaving_reason="1",
            expected_version=opened_at,
            by=fostering_adoption_worker,
        )
    assert not AdopterEvent.objects.filter(step=Step.LEFT).exists()


def test_a_bad_adopter_leaves_no_household_behind(fostering_adoption_worker):
    with pytest.raises(ValidationError) as error:
        household_enquiry_record(
            name="Ann Bell",
            enquiry_on=ENQUIRY,
            adopters=[adopter_details("Ann", "F"), adopter_details("Bo", "Q")],
            by=fostering_adoption_worker,
        )
    assert "adopter2_sex" in error.value.message_dict
    assert not AdopterHousehold.objects.exists()
    assert not Person.objects.exists()


def test_someone_still_in_another_household_is_refused(household, fostering_adoption_worker):
    dee = household.adopters.first().person
    with pytest.raises(ValidationError) as error:
        household_enquiry_record(
            name="Dee Lane", enquiry_on=ENQUIRY, adopters=[dee], by=fostering_adoption_worker
        )
    assert "already an adopter in Dee and Rob Lane" in messages(error)


def test_a_third_adopter_is_refused(household, fostering_adoption_worker):
    with pytest.raises(ValidationError) as error:
        adopter_add(household=household, adopter=adopter_details("Sid", "M"), by=fostering_adoption_worker)
    assert "one or two adopters" in messages(error)


def test_stage_clocks_come_from_the_timescale_table(household, fostering_adoption_worker):
    journey = walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:3])
    clocks = {clock.key: clock for clock in journey.clocks}
    assert clocks["adopter.stage1"].due == date(2025, 3, 13)
    assert clocks["adopter.stage1"].status(date(2025, 4, 1)) == "met"
    assert clocks["adopter.stage2.notice"].due == date(2025, 9, 3)
    assert clocks["adopter.stage2"].due == date(2025, 7, 10)
    assert clocks["adopter.stage2"].status(date(2025, 7, 10)) == "due"
    assert clocks["adopter.stage2"].status(date(2025, 7, 11)) == "overdue"
    assert journey.open_clock().key == "adopter.stage2"
