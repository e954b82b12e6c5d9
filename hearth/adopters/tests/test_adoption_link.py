"""A child in this authority's care matched with a household: the match, placement and order
are recorded once, on the child's adoption, and the household reads them from there."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hearth.adopters.models import Step
from hearth.adopters.selectors import household_record, households_open_for_matching
from hearth.adopters.services import household_step_record
from hearth.childrenincare.services import period_of_care_start
from hearth.permanence import services as permanence
from hearth.permanence.models import Adoption

from .test_adopter_journey_rules import THROUGH_APPROVAL, walk

MATCH = {
    "number_of_adopters": 2,
    "adopter_sex": "MF",
    "adopter_legal_status": "L11",
    "adopters_are_foster_carers": False,
}


@pytest.fixture
def adoption(child, social_worker):
    period = period_of_care_start(
        child=child,
        start_date=date(2025, 1, 6),
        legal_status="C1",
        placement={
            "placement_type": "U6",
            "provider": "PR1",
            "carer_name": "Ann Price",
            "postcode": "B15 2TT",
            "ofsted_urn": "SC123456",
        },
        category_of_need="N1",
        by=social_worker,
    )
    adoption = permanence.adoption_decision_record(child=child, decided_on=date(2025, 4, 1), by=social_worker)
    permanence.adoption_authority_record(
        adoption=adoption, kind="order", on=date(2025, 6, 2), by=social_worker
    )
    assert period.pk
    return Adoption.objects.get(pk=adoption.pk)


@pytest.fixture
def approved(household, fostering_adoption_worker):
    walk(household, fostering_adoption_worker)
    return household


def test_matching_a_child_with_an_approved_household_shows_on_the_household(
    approved, adoption, fostering_adoption_worker
):
    assert list(households_open_for_matching()) == [approved]
    permanence.adoption_match_record(
        adoption=adoption,
        matched_on=date(2025, 8, 4),
        household=approved,
        by=fostering_adoption_worker,
        **MATCH,
    )
    permanence.adoption_placement_record(
        adoption=adoption, placed_on=date(2025, 9, 1), provider="PR1", by=fostering_adoption_worker
    )
    adoption.refresh_from_db()
    assert adoption.adopters_names == "Dee and Rob Lane"
    journey = household_record(approved.pk).journey
    assert journey.dates[Step.MATCHED] == date(2025, 8, 4)
    assert journey.dates[Step.PLACED] == date(2025, 9, 1)
    assert (journey.stage, journey.children_placed) == ("placed", 1)
    assert [child.child_name for child in journey.children] == ["Ruby Hart"]


def test_a_household_not_yet_approved_cannot_be_matched(household, adoption, fostering_adoption_worker):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:-1])
    with pytest.raises(ValidationError) as error:
        permanence.adoption_match_record(
            adoption=adoption,
            matched_on=date(2025, 8, 4),
            household=household,
            by=fostering_adoption_worker,
            **MATCH,
        )
    assert "are not approved adopters yet" in str(error.value.message_dict["household"])
    assert Adoption.objects.get().household is None


def test_a_match_before_approval_is_refused(approved, adoption, fostering_adoption_worker):
    with pytest.raises(ValidationError) as error:
        permanence.adoption_match_record(
            adoption=adoption,
            matched_on=date(2025, 7, 1),
            household=approved,
            by=fostering_adoption_worker,
            **MATCH,
        )
    assert "approved on 14 July 2025: a match must be on or after that day" in str(
        error.value.message_dict["household"]
    )


def test_a_match_recorded_earlier_is_linked_to_its_household(approved, adoption, fostering_adoption_worker):
    permanence.adoption_match_record(
        adoption=adoption,
        matched_on=date(2025, 8, 4),
        adopters_names="D and R Lane",
        by=fostering_adoption_worker,
        **MATCH,
    )
    permanence.adoption_household_link(adoption=adoption, household=approved, by=fostering_adoption_worker)
    linked = Adoption.objects.get()
    assert (linked.household, linked.adopters_names) == (approved, "D and R Lane")
    assert linked.history.first().household_id == approved.pk
    assert household_record(approved.pk).journey.stage == "matched"


def test_an_unmatched_adoption_cannot_name_a_household(approved, adoption, fostering_adoption_worker):
    with pytest.raises(ValidationError) as error:
        permanence.adoption_household_link(
            adoption=adoption, household=approved, by=fostering_adoption_worker
        )
    assert "Record the match" in str(error.value)


def test_the_household_cannot_leave_before_its_childs_match(approved, adoption, fostering_adoption_worker):
    permanence.adoption_match_record(
        adoption=adoption,
        matched_on=date(2025, 8, 4),
        household=approved,
        by=fostering_adoption_worker,
        **MATCH,
    )
    with pytest.raises(ValidationError) as error:
        household_step_record(
            household=approved,
            step=Step.LEFT,
            on=date(2025, 8, 1),
            leaving_reason="1",
            by=fostering_adoption_worker,
        )
    assert "latest step was on 4 August 2025" in str(error.value)


def test_an_adoption_order_finishes_the_households_journey(approved, adoption, fostering_adoption_worker):
    permanence.adoption_match_record(
        adoption=adoption,
        matched_on=date(2025, 8, 4),
        household=approved,
        by=fostering_adoption_worker,
        **MATCH,
    )
    permanence.adoption_placement_record(
        adoption=adoption, placed_on=date(2025, 9, 1), provider="PR1", by=fostering_adoption_worker
    )
    permanence.adoption_order_record(
        adoption=Adoption.objects.get(),
        order_on=date(2025, 12, 1),
        reason="E11",
        by=fostering_adoption_worker,
    )
    journey = household_record(approved.pk).journey
    assert (journey.stage, journey.finished_on) == ("adopted", date(2025, 12, 1))
    assert list(households_open_for_matching()) == []


def test_the_childs_match_form_offers_approved_households_and_the_household_page_shows_the_child(
    client, approved, adoption, fostering_adoption_worker, child
):
    client.force_login(fostering_adoption_worker)
    match_url = reverse("permanence:match", args=[child.pk, adoption.pk])
    assert f"Dee and Rob Lane ({approved.family_identifier})" in client.get(match_url).content.decode()
    response = client.post(
        match_url,
        {
            "matched_on_0": 4,
            "matched_on_1": 8,
            "matched_on_2": 2025,
            "household": approved.pk,
            "adopters_names": "Dee and Rob Lane",
            "number_of_adopters": "2",
            "adopter_sex": "MF",
            "adopter_legal_status": "L11",
            "adopters_are_foster_carers": "no",
            "version": adoption.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Adoption.objects.get().household == approved
    assert (
        f"(household {approved.family_identifier})"
        in client.get(reverse("permanence:overview", args=[child.pk])).content.decode()
    )
    body = client.get(reverse("adopters:household", args=[approved.pk])).content.decode()
    assert "4 August 2025</strong>: Matched with" in body and "Ruby Hart" in body
