"""The shared optimistic-concurrency helper, exercised on a referral."""

from datetime import date

import pytest

from hearth.childinneed.models import Referral
from hearth.concurrency import ConcurrentEditError, save_if_unchanged
from hearth.people.models import Person


@pytest.fixture
def referral(db):
    child = Person.objects.create(first_name="Ava", last_name="Stone", date_of_birth=date(2018, 5, 1))
    return Referral.objects.create(child=child, referral_date=date(2026, 10, 1), source="2A")


def test_a_save_at_the_current_version_goes_through_and_bumps_it(referral):
    referral.primary_need = "N1"
    save_if_unchanged(referral, expected_version=1, fields=["primary_need"])
    referral.refresh_from_db()
    assert (referral.primary_need, referral.version) == ("N1", 2)


def test_a_save_from_a_stale_form_is_refused_and_says_what_changed(referral):
    first = Referral.objects.get(pk=referral.pk)
    second = Referral.objects.get(pk=referral.pk)
    first.primary_need = "N1"
    save_if_unchanged(first, expected_version=1, fields=["primary_need"])

    second.primary_need = "N4"
    with pytest.raises(ConcurrentEditError) as refused:
        save_if_unchanged(second, expected_version=1, fields=["primary_need"])
    change = refused.value.changes[0]
    assert (change.field, change.yours, change.theirs) == ("primary_need", "N4", "N1")
    referral.refresh_from_db()
    assert referral.primary_need == "N1"
