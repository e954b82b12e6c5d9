"""``field__any_of=ids`` finds what ``field__in=ids`` finds, on either database."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.people.models import Person
from hearth.worktray.tests.journey import make_child


def test_any_of_finds_the_same_people_as_in(db, social_worker):
    people = [make_child(social_worker, first_name=name) for name in ("Ava", "Noah", "Isla")]
    wanted = [people[0].pk, people[2].pk, 10**12]
    found = set(Person.objects.filter(pk__any_of=wanted).values_list("pk", flat=True))
    assert found == set(Person.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    assert found == {people[0].pk, people[2].pk}


def test_any_of_follows_a_foreign_key_and_asks_nothing_for_an_empty_list(db, social_worker):
    child = make_child(social_worker)
    # history_user is a foreign key to the user who made the change.
    assert Person.history.filter(history_user_id__any_of=[social_worker.pk], id=child.pk).count() == 1
    assert Person.history.filter(history_user__any_of=[social_worker.pk + 1], id=child.pk).count() == 0
    with CaptureQueriesContext(connection) as captured:
        assert list(Person.objects.filter(pk__any_of=[])) == []
    assert len(captured) == 0


def test_on_postgresql_the_ids_go_as_one_array(db, social_worker):
    child = make_child(social_worker)
    with CaptureQueriesContext(connection) as captured:
        list(Person.objects.filter(pk__any_of=[child.pk, child.pk + 1]))
    sql = captured[0]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql
    else:
        assert " IN (" in sql
