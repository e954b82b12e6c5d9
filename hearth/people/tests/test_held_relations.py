"""full_clean skips the existence query only for a related row the record already holds."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hearth.people.models import Address, Person
from hearth.people.tests.record_helpers import adult


def _address(**relation) -> Address:
    return Address(line_1="1 High Street", postcode="B1 1AA", start_date=date(2020, 1, 1), **relation)


def test_a_held_saved_person_is_not_looked_up_again(social_worker, django_assert_num_queries):
    person = adult(social_worker, first_name="Aisha")
    address = _address(person=person)
    with django_assert_num_queries(0):
        address.full_clean(validate_constraints=False)


def test_a_person_given_only_by_id_is_still_looked_up(social_worker, django_assert_num_queries):
    person = adult(social_worker, first_name="Aisha")
    address = _address(person_id=person.pk)
    with django_assert_num_queries(1):
        address.full_clean(validate_constraints=False)


def test_an_id_with_no_row_behind_it_is_still_refused(social_worker):
    person = adult(social_worker, first_name="Aisha")
    address = _address(person_id=person.pk + 1000)
    with pytest.raises(ValidationError) as refused:
        address.full_clean(validate_constraints=False)
    assert "person" in refused.value.message_dict


def test_a_person_object_never_read_from_the_database_is_still_looked_up(social_worker):
    adult(social_worker, first_name="Aisha")
    address = _address(person=Person(pk=Person.objects.get().pk + 1000))
    with pytest.raises(ValidationError) as refused:
        address.full_clean(validate_constraints=False)
    assert "person" in refused.value.message_dict
