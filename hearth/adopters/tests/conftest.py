"""Two prospective adopters, Dee and Rob Lane, who enquired on 6 January 2025.

Dates are in 2025 so none is in the future."""

from datetime import date

import pytest

from hearth.adopters.services import household_enquiry_record
from hearth.people.models import Person, PersonType
from hearth.reference.selectors import clear_cache as clear_code_cache
from hearth.timescales.clocks import clear_cache as clear_clock_cache

ENQUIRY = date(2025, 1, 6)


@pytest.fixture(autouse=True)
def _fresh_caches():
    clear_code_cache()
    clear_clock_cache()
    yield
    clear_code_cache()
    clear_clock_cache()


def adopter_details(first: str, sex: str, **more) -> dict:
    return {
        "first_name": first,
        "last_name": "Lane",
        "date_of_birth": date(1988, 3, 27),
        "sex": sex,
        "ethnicity": "WBRI",
        "disabilities": ["NONE"],
        **more,
    }


@pytest.fixture
def household(fostering_adoption_worker):
    return household_enquiry_record(
        name="Dee and Rob Lane",
        enquiry_on=ENQUIRY,
        adopters=[
            adopter_details("Dee", "F"),
            adopter_details("Rob", "M", ethnicity="BCRB", disabilities=[]),
        ],
        fostering_for_adoption=True,
        by=fostering_adoption_worker,
    )


@pytest.fixture
def child(db) -> Person:
    return Person.objects.create(
        person_type=PersonType.CHILD,
        first_name="Ruby",
        last_name="Hart",
        date_of_birth=date(2022, 6, 1),
        sex="F",
    )
