"""Demo adopter households: made through the services, at every stage, linked to the demo's
own adoptions where one is free."""

import random
from datetime import date

import pytest

from conftest import make_staff
from hearth.accounts.roles import Role
from hearth.adopters.journey import STAGES
from hearth.adopters.models import AdopterHousehold
from hearth.adopters.selectors import household_record, households_by_stage
from hearth.demo.adopters import create_demo_adopters
from hearth.permanence.models import Adoption

TODAY = date(2025, 11, 20)


def _stages() -> set[str]:
    groups = households_by_stage(today=TODAY) + households_by_stage(finished=True, today=TODAY)
    return {group.key for group in groups if group.rows}


@pytest.fixture
def adoption_worker(db):
    return make_staff("fay.demo", Role.FOSTERING_ADOPTION)


def test_ten_households_cover_every_stage(adoption_worker):
    assert create_demo_adopters(random.Random(3), TODAY, 10) == 10
    assert AdopterHousehold.objects.count() == 10
    # "Left or adopted in the last year" shows only recent endings, so read every household.
    stages = {
        household_record(pk).journey.stage for pk in AdopterHousehold.objects.values_list("pk", flat=True)
    }
    assert stages == {key for key, _label in STAGES}


def test_the_same_seed_gives_the_same_households_and_leaves_the_shared_stream_alone(adoption_worker):
    rng = random.Random(5)
    create_demo_adopters(rng, TODAY, 6)
    assert rng.random() == random.Random(5).random()
    first = list(AdopterHousehold.objects.order_by("pk").values_list("name", flat=True))
    AdopterHousehold.objects.all().delete()
    create_demo_adopters(random.Random(5), TODAY, 6)
    assert list(AdopterHousehold.objects.order_by("pk").values_list("name", flat=True)) == first


def test_a_free_demo_adoption_is_linked_to_a_household_approved_before_its_match(
    adoption_worker, social_worker
):
    from hearth.childrenincare.services import period_of_care_start
    from hearth.people.models import Person
    from hearth.permanence import services as permanence

    child = Person.objects.create(
        first_name="Ruby", last_name="Hart", date_of_birth=date(2022, 6, 1), sex="F"
    )
    period_of_care_start(
        child=child,
        start_date=date(2024, 1, 8),
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
    adoption = permanence.adoption_decision_record(child=child, decided_on=date(2024, 6, 3), by=social_worker)
    permanence.adoption_authority_record(
        adoption=adoption, kind="order", on=date(2024, 9, 2), by=social_worker
    )
    permanence.adoption_match_record(
        adoption=adoption,
        matched_on=date(2025, 10, 6),
        number_of_adopters=1,
        adopter_sex="F1",
        adopter_legal_status="L0",
        adopters_are_foster_carers=False,
        adopters_names="Helen",
        by=social_worker,
    )
    create_demo_adopters(random.Random(1), TODAY, 10)
    household = Adoption.objects.get().household
    assert household is not None
    assert [a.person.sex for a in household.adopters.all()] == ["F"]
    assert "matched" in _stages()
