"""Each action is one transaction; a batch that stands or falls together skips the savepoints."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from hearth.people.models import Person
from hearth.people.services import person_create
from hearth.transactions import all_or_nothing


def _create(first_name: str, born: date = date(2015, 3, 1)) -> Person:
    return person_create(by=None, first_name=first_name, last_name="Stone", date_of_birth=born)


def _savepoints(queries) -> int:
    return sum(query["sql"].startswith("SAVEPOINT") for query in queries)


@pytest.mark.django_db(transaction=True)
def test_a_refused_action_inside_a_transaction_leaves_the_callers_other_work_in_place():
    with transaction.atomic():
        _create("Ava")
        with pytest.raises(ValidationError):
            _create("Ben", born=date(2999, 1, 1))
        _create("Cara")
    assert sorted(Person.objects.values_list("first_name", flat=True)) == ["Ava", "Cara"]


@pytest.mark.django_db(transaction=True)
def test_a_batch_runs_its_actions_without_savepoints():
    with CaptureQueriesContext(connection) as queries, all_or_nothing():
        _create("Ava")
        _create("Ben")
    assert _savepoints(queries) == 0
    assert Person.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_batch_that_fails_keeps_nothing():
    with pytest.raises(ValidationError), all_or_nothing():
        _create("Ava")
        _create("Ben", born=date(2999, 1, 1))
    assert not Person.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_after_a_batch_actions_have_their_savepoints_again():
    with all_or_nothing():
        _create("Ava")
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        _create("Ben")
    assert _savepoints(queries) == 1
