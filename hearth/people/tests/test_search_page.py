"""The Find a person page."""

from datetime import date

import pytest
from django.urls import reverse

from hearth.people.services import address_add, person_create

URL = "/people/search/"


def person(by, first_name="John", last_name="Smith", **fields):
    values = {"date_of_birth": date(2015, 4, 1), "sex": "M"}
    return person_create(by=by, first_name=first_name, last_name=last_name, **{**values, **fields})


def test_it_lives_at_people_search():
    assert reverse("people:search") == URL


def test_it_shows_an_empty_form_before_a_search(client, social_worker):
    client.force_login(social_worker)
    page = client.get(URL)
    assert page.status_code == 200
    assert b"Find a person" in page.content
    assert b"search-results" not in page.content.replace(b'id="search-results"', b"")


def test_it_lists_the_people_found_with_a_link_to_each_record(client, social_worker):
    john = person(social_worker)
    address_add(
        person=john, by=social_worker, line_1="1 High St", postcode="LS6 2AB", start_date=date(2020, 1, 1)
    )
    client.force_login(social_worker)
    page = client.get(URL, {"name": "smyth jon"})
    html = page.content.decode()
    assert "1 person found" in html
    assert f'href="/people/{john.pk}/"' in html
    assert "1 Apr 2015" in html
    assert john.reference in html
    assert "LS6 2AB" in html


def test_it_searches_by_date_of_birth_typed_into_the_date_input(client, social_worker):
    person(social_worker, date_of_birth=date(2015, 4, 1))
    client.force_login(social_worker)
    page = client.get(URL, {"date_of_birth_0": "1", "date_of_birth_1": "4", "date_of_birth_2": "2015"})
    assert "1 person found" in page.content.decode()
    page = client.get(URL, {"date_of_birth_0": "", "date_of_birth_1": "", "date_of_birth_2": "2015"})
    assert "1 person found" in page.content.decode()


def test_it_shows_a_restricted_person_without_their_details(client, social_worker):
    hidden = person(social_worker, is_restricted=True)
    address_add(
        person=hidden,
        by=social_worker,
        line_1="1 Safe Place",
        postcode="LS6 2AB",
        start_date=date(2020, 1, 1),
    )
    client.force_login(social_worker)
    html = client.get(URL, {"name": "John Smith"}).content.decode()
    assert "Restricted record" in html
    assert hidden.reference in html
    assert "1 Apr 2015" not in html
    assert "LS6 2AB" not in html
    assert "John Smith" not in html.split("search-results", 1)[1]


def test_an_empty_search_asks_for_something_to_search_for(client, social_worker):
    client.force_login(social_worker)
    page = client.get(URL, {"name": ""})
    html = page.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter a name, date of birth, identifier or postcode" in html


def test_a_date_without_a_year_is_an_error(client, social_worker):
    client.force_login(social_worker)
    html = client.get(
        URL, {"date_of_birth_0": "1", "date_of_birth_1": "4", "date_of_birth_2": ""}
    ).content.decode()
    assert "Date of birth must include a year" in html


def test_htmx_requests_get_only_the_results(client, social_worker):
    person(social_worker)
    client.force_login(social_worker)
    page = client.get(URL, {"name": "John Smith"}, headers={"HX-Request": "true"})
    html = page.content.decode()
    assert "<html" not in html
    assert "1 person found" in html


def test_analysts_may_search_but_are_not_offered_to_create(client, analyst, social_worker):
    person(social_worker)
    client.force_login(analyst)
    html = client.get(URL, {"name": "John Smith"}).content.decode()
    assert "1 person found" in html
    assert reverse("people:create") not in html


@pytest.mark.parametrize("role_user", ["administrator", "no_role_user"])
def test_people_without_a_casework_role_may_not_search(client, request, role_user):
    client.force_login(request.getfixturevalue(role_user))
    assert client.get(URL).status_code == 403


def test_find_a_person_is_in_the_navigation_for_caseworkers(client, social_worker):
    client.force_login(social_worker)
    html = client.get("/").content.decode()
    assert 'href="/people/search/"' in html
