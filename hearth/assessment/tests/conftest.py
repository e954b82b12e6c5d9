"""A child with an open referral, the episode every assessment test works in."""

from datetime import date

import pytest

from hearth.childinneed.models import Referral
from hearth.people.models import Person, PersonType
from hearth.reference.selectors import clear_cache as clear_code_cache
from hearth.timescales.clocks import clear_cache as clear_clock_cache


@pytest.fixture(autouse=True)
def _fresh_caches():
    clear_code_cache()
    clear_clock_cache()
    yield
    clear_code_cache()
    clear_clock_cache()


@pytest.fixture
def child(db) -> Person:
    return Person.objects.create(
        person_type=PersonType.CHILD, first_name="Ava", last_name="Stone", date_of_birth=date(2018, 5, 1)
    )


@pytest.fixture
def referral(child) -> Referral:
    # A Friday before Christmas: 45 working days later is Wednesday 25 February 2026.
    return Referral.objects.create(
        child=child, referral_date=date(2025, 12, 19), source="2A", primary_need="N1"
    )
