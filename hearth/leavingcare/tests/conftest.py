"""Young people with care histories, brought into and out of care through the children-in-care service.

Today is after November 2026 in these tests' dates, which are all in the past.
"""

from datetime import date

import pytest

from hearth.childrenincare.services import period_of_care_end, period_of_care_start
from hearth.people.models import Person, PersonType
from hearth.reference.selectors import clear_cache as clear_code_cache
from hearth.timescales.clocks import clear_cache as clear_clock_cache

FOSTER_CARERS = {
    "placement_type": "U4",
    "provider": "PR1",
    "carer_name": "Pat and Sol Evans",
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


def young_person(first_name: str, born: date) -> Person:
    return Person.objects.create(
        person_type=PersonType.CHILD, first_name=first_name, last_name="Reed", date_of_birth=born
    )


def in_care(person: Person, start: date, by, end: date | None = None, reason: str = "E8"):
    period = period_of_care_start(
        child=person,
        start_date=start,
        legal_status="C2",
        placement=dict(FOSTER_CARERS),
        category_of_need="N1",
        by=by,
    )
    if end:
        period_of_care_end(period=period, end_date=end, reason_ceased=reason, by=by)
    return period


@pytest.fixture
def care_leaver(db, social_worker) -> Person:
    """In care from 14 to their 18th birthday, 10 May 2025, staying on with their foster carers."""
    person = young_person("Jay", date(2007, 5, 10))
    in_care(person, date(2022, 1, 10), social_worker, end=date(2025, 5, 10), reason="E17")
    return person


@pytest.fixture
def eligible_child(db, social_worker) -> Person:
    """Born 1 March 2009, in care since January 2025 and still looked after."""
    person = young_person("Kai", date(2009, 3, 1))
    in_care(person, date(2025, 1, 6), social_worker)
    return person
