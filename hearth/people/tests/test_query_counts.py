"""The record summary and Find a person (as htmx asks for it from the front door) cost the same
queries however long the child's case and however many people match. test_record_pages.py
grows the family and addresses; here the casework grows."""

from datetime import date

import pytest
from django.urls import reverse

from hearth.people.services import address_add, other_name_add, person_create
from hearth.worktray.tests.case_history import lengthen, queries_for, safeguarding_case

BORN = date(2014, 3, 9)
HTMX = {"HX-Request": "true"}


@pytest.fixture
def case(social_worker, another_social_worker, team_manager):
    return safeguarding_case(social_worker, another_social_worker, team_manager)


def test_the_record_summary_reads_a_long_case_in_as_many_queries_as_a_short_one(client, case, social_worker):
    client.force_login(social_worker)
    url = reverse("people:summary", args=[case.child.pk])
    short = queries_for(client, url)
    lengthen(case, months=6)
    assert queries_for(client, url) == short
    assert "7 High Street" in client.get(url).content.decode()  # the newest address


def a_namesake(by, n: int, nhs_number: str = ""):
    """Kim Marsh born on BORN, with an address and a previous name, as found people carry."""
    person = person_create(
        by=by, first_name="Kim", last_name="Marsh", date_of_birth=BORN, sex="F", nhs_number=nhs_number
    )
    address_add(
        person=person, by=by, line_1=f"{n} Mill Lane", postcode="B15 2TT", start_date=date(2020, 1, 1)
    )
    other_name_add(person=person, by=by, kind="previous", first_name="Kim", last_name=f"Hale{n}")
    return person


@pytest.mark.parametrize(
    "terms",
    [
        {"name": "Kim Marsh"},
        {"date_of_birth_0": BORN.day, "date_of_birth_1": BORN.month, "date_of_birth_2": BORN.year},
        {"identifier": "943 476 5919"},
    ],
    ids=["name", "date of birth", "NHS number"],
)
def test_find_a_person_costs_the_same_queries_for_one_match_or_many(client, front_door_worker, terms):
    a_namesake(front_door_worker, 0, nhs_number="9434765919")
    client.force_login(front_door_worker)
    url = reverse("people:search") + "?" + "&".join(f"{key}={value}" for key, value in terms.items())
    one = queries_for(client, url, **HTMX)
    for n in range(1, 12):
        a_namesake(front_door_worker, n)
    assert queries_for(client, url, **HTMX) == one
    found = client.get(url, headers=HTMX).content.decode()
    assert "<html" not in found
    assert found.count('data-testid="result"') == (1 if "identifier" in terms else 12)
