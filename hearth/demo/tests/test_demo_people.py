"""The demo's families: valid records made through the services, the same every time."""

import random
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hearth.demo.people import create_demo_people
from hearth.people.identifiers import validate_nhs_number, validate_upn
from hearth.people.models import Address, Person, Relationship
from hearth.people.selectors import family_network

TODAY = date(2026, 1, 15)


def _people(seed: int) -> list[tuple]:
    create_demo_people(random.Random(seed), 40, TODAY)
    return list(
        Person.objects.order_by("pk").values_list(
            "first_name", "last_name", "date_of_birth", "nhs_number", "upn"
        )
    )


def test_demo_families_are_valid_people_with_addresses_and_relationships(db):
    made = create_demo_people(random.Random(3), 40, TODAY)
    assert made == Person.objects.count() > 150
    for person in Person.objects.all():
        person.full_clean()
        if person.nhs_number:
            assert person.nhs_number.startswith("999")  # the NHS's range for test data
            validate_nhs_number(person.nhs_number)
        if person.upn:
            validate_upn(person.upn)
    assert (
        Address.objects.filter(end_date__isnull=True).count()
        >= Person.objects.filter(person_type="adult").count() // 2
    )
    kinds = set(Relationship.objects.values_list("kind", flat=True))
    assert {"mother", "father", "sibling", "grandparent"} <= kinds
    assert Person.history.count() == made  # every record was made with its history
    child = Relationship.objects.filter(kind="mother").first().person
    assert any(r.label == "Mother" for r in family_network(child))


def test_the_same_seed_gives_the_same_people(db):
    first = _people(seed=5)
    Relationship.objects.all().delete()
    Address.objects.all().delete()
    Person.objects.all().delete()
    assert _people(seed=5) == first


def test_some_records_are_restricted_and_some_are_near_duplicates(db):
    create_demo_people(random.Random(1), 200, TODAY)
    assert Person.objects.filter(is_restricted=True).exists()
    lonely_children = Person.objects.filter(
        person_type="child", relationships__isnull=True, inverse_relationships__isnull=True
    )
    assert lonely_children.exists()  # the near-duplicates: a child recorded again with no family


def test_a_batch_that_repeats_a_relationship_is_refused(db, social_worker):
    from hearth.people.services import relationships_add_many
    from hearth.people.tests.record_helpers import adult, child

    sam, jo = child(social_worker), adult(social_worker, "Jo")
    with pytest.raises(ValidationError):
        relationships_add_many(
            by=social_worker,
            relationships=[
                {"person": sam, "relative": jo, "kind": "mother"},
                {"person": jo, "relative": sam, "kind": "child"},
            ],
        )
    assert not Relationship.objects.exists()
