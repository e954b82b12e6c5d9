"""A child of 9 and a period of care as fixtures; dates are in 2025–26 so none is in the future."""

from datetime import date

import pytest

from hearth.childrenincare.services import period_of_care_start
from hearth.people.models import Person, PersonType
from hearth.reference.selectors import clear_cache as clear_code_cache
from hearth.timescales.clocks import clear_cache as clear_clock_cache

FOSTER_PLACEMENT = {
    "placement_type": "U6",
    "provider": "PR1",
    "carer_name": "Jan and Lee Harris",
    "postcode": "B15 2TT",
    "ofsted_urn": "SC123456",
}
CHILDRENS_HOME = {
    "placement_type": "K2",
    "provider": "PR4",
    "carer_name": "Oakfield House",
    "postcode": "B29 6BD",
    "ofsted_urn": "SC654321",
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
        person_type=PersonType.CHILD, first_name="Mia", last_name="Cole", date_of_birth=date(2016, 9, 12)
    )


@pytest.fixture
def period(child, social_worker):
    # Monday 5 January 2026: the first review is due by Monday 2 February.
    return period_of_care_start(
        child=child,
        start_date=date(2026, 1, 5),
        legal_status="C1",
        placement=dict(FOSTER_PLACEMENT),
        category_of_need="N1",
        home_postcode="B12 9QS",
        by=social_worker,
    )
