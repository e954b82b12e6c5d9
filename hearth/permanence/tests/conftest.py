"""A child of 3 in care since May 2025, on an interim care order with foster carers.

Dates are in 2025–26 so none is in the future. Care starts through the children-in-care service.
"""

from datetime import date

import pytest

from hearth.childrenincare.services import period_of_care_start
from hearth.people.models import Person, PersonType
from hearth.reference.selectors import clear_cache as clear_code_cache
from hearth.timescales.clocks import clear_cache as clear_clock_cache

FOSTER_CARERS = {
    "placement_type": "U6",
    "provider": "PR1",
    "carer_name": "Ann and Joe Price",
    "postcode": "B15 2TT",
    "ofsted_urn": "SC123456",
}


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
        person_type=PersonType.CHILD,
        first_name="Ruby",
        last_name="Hart",
        date_of_birth=date(2022, 6, 1),
        sex="F",
    )


@pytest.fixture
def period(child, social_worker):
    return period_of_care_start(
        child=child,
        start_date=date(2025, 5, 6),
        legal_status="C1",
        placement=dict(FOSTER_CARERS),
        category_of_need="N1",
        by=social_worker,
    )
