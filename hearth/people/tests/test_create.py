"""Creating a person: the likely duplicates are shown first, and a record made only on confirm."""

from datetime import date

import pytest

from hearth.people.models import Person
from hearth.people.search import find_likely_duplicates
from hearth.people.services import address_add, person_create

URL = "/people/new/"
NHS_NUMBER = "9434765919"


def person(by, first_name="John", last_name="Smith", **fields):
    values = {"date_of_birth": date(2015, 4, 1), "sex": "M"}
    return person_create(by=by, first_name=first_name, last_name=last_name, **{**values, **fields})


def form(**overrides) -> dict:
    data = {
        "person_type": "child",
        "first_name": "Jon",
        "last_name": "Smyth",
        "date_of_birth_0": "1",
        "date_of_birth_1": "4",
        "date_of_birth_2": "2015",
        "sex": "M",
        "nhs_number": "",
        "upn": "",
        "address_line_1": "",
        "postcode": "",
    }
    return {**data, **overrides}


# --- finding likely duplicates ---------------------------------------------------------------


def test_a_sound_alike_name_with_the_same_date_of_birth_is_a_likely_duplicate(social_worker):
    john = person(social_worker)
    person(social_worker, date_of_birth=date(2016, 4, 1))
    found = find_likely_duplicates(first_name="Jon", last_name="Smyth", date_of_birth=date(2015, 4, 1))
    assert [p.pk for p in found] == [john.pk]


def test_the_same_nhs_number_is_a_likely_duplicate_whatever_the_name(social_worker):
    john = person(social_worker, nhs_number=NHS_NUMBER)
    found = find_likely_duplicates(first_name="Ann", last_name="Jones", nhs_number="943 476 5919")
    assert [p.pk for p in found] == [john.pk]


def test_the_same_name_at_the_same_postcode_is_a_likely_duplicate(social_worker):
    john = person(social_worker, date_of_birth=None)
    address_add(
        person=john, by=social_worker, line_1="1 High St", postcode="LS6 2AB", start_date=date(2020, 1, 1)
    )
    found = find_likely_duplicates(first_name="John", last_name="Smith", postcode="ls62ab")
    assert [p.pk for p in found] == [john.pk]
    assert find_likely_duplicates(first_name="John", last_name="Smith", postcode="M1 1AA") == []


def test_a_different_person_is_not_a_likely_duplicate(social_worker):
    person(social_worker)
    assert find_likely_duplicates(first_name="Ann", last_name="Jones", date_of_birth=date(2015, 4, 1)) == []


# --- the page ---------------------------------------------------------------------------------


def test_it_lives_at_people_new(client, social_worker):
    client.force_login(social_worker)
    page = client.get(URL)
    assert page.status_code == 200
    assert "Create a new person" in page.content.decode()


def test_a_new_person_with_no_likely_duplicate_is_created_at_once(client, social_worker):
    client.force_login(social_worker)
    page = client.post(URL, form(nhs_number="943 476 5919", address_line_1="1 High St", postcode="ls6 2ab"))
    created = Person.objects.get()
    assert page.status_code == 302 and page.url == f"/people/{created.pk}/"
    assert (created.first_name, created.last_name, created.date_of_birth) == (
        "Jon",
        "Smyth",
        date(2015, 4, 1),
    )
    assert created.nhs_number == NHS_NUMBER
    assert created.created_by == social_worker
    assert created.addresses.get().postcode == "LS6 2AB"


def test_likely_duplicates_are_shown_before_anything_is_created(client, social_worker):
    john = person(social_worker)
    client.force_login(social_worker)
    page = client.post(URL, form())
    html = page.content.decode()
    assert page.status_code == 200
    assert "These might be the same person" in html
    assert f'href="/people/{john.pk}/"' in html
    assert "None of these – create a new record" in html
    assert Person.objects.count() == 1


def test_the_new_record_is_created_only_after_confirming_none_of_them_is_the_person(client, social_worker):
    person(social_worker)
    client.force_login(social_worker)
    page = client.post(URL, form())
    fingerprint = page.context["fingerprint"]
    done = client.post(URL, form(confirm=fingerprint))
    assert done.status_code == 302
    assert Person.objects.filter(last_name="Smyth").count() == 1


def test_changing_the_details_after_the_warning_means_a_fresh_check(client, social_worker):
    person(social_worker)
    person(social_worker, "Ann", "Jones", date_of_birth=date(2014, 2, 2))
    client.force_login(social_worker)
    fingerprint = client.post(URL, form()).context["fingerprint"]
    page = client.post(
        URL,
        form(
            first_name="Anne",
            last_name="Jones",
            date_of_birth_0="2",
            date_of_birth_1="2",
            date_of_birth_2="2014",
            confirm=fingerprint,
        ),
    )
    assert page.status_code == 200
    assert "These might be the same person" in page.content.decode()
    assert Person.objects.count() == 2


def test_an_unborn_child_needs_an_expected_date_of_birth(client, social_worker):
    client.force_login(social_worker)
    page = client.post(
        URL,
        form(
            person_type="unborn",
            first_name="",
            last_name="",
            date_of_birth_0="",
            date_of_birth_1="",
            date_of_birth_2="",
        ),
    )
    assert "Enter the expected date of birth" in page.content.decode()
    done = client.post(
        URL,
        form(
            person_type="unborn",
            first_name="",
            last_name="",
            date_of_birth_0="",
            date_of_birth_1="",
            date_of_birth_2="",
            expected_date_of_birth_0="1",
            expected_date_of_birth_1="9",
            expected_date_of_birth_2=str(date.today().year + 1),
        ),
    )
    assert done.status_code == 302
    assert Person.objects.get().display_name == "Unborn child"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"first_name": "", "last_name": ""}, "Enter their last name"),
        ({"nhs_number": "943 476 5910"}, "fails its check digit"),
        ({"upn": "A12"}, "Enter a unique pupil number"),
        ({"sex": ""}, "Select their sex"),
        ({"postcode": "LS6 2AB"}, "Enter the first line of the address"),
        ({"date_of_birth_2": str(date.today().year + 1)}, "must be today or in the past"),
        ({"address_line_1": "1 High St", "postcode": "NOT A CODE"}, "Enter a real postcode"),
    ],
)
def test_bad_input_gets_an_error_summary_and_nothing_is_saved(client, social_worker, overrides, message):
    client.force_login(social_worker)
    page = client.post(URL, form(**overrides))
    html = page.content.decode()
    assert page.status_code == 200
    assert "govuk-error-summary" in html
    assert message in html
    assert not Person.objects.exists()


def test_analysts_may_not_create_people(client, analyst):
    client.force_login(analyst)
    assert client.get(URL).status_code == 403
    assert client.post(URL, form()).status_code == 403
    assert not Person.objects.exists()


def test_a_worker_sent_from_a_contact_goes_back_to_it_once_the_person_exists(client, social_worker):
    client.force_login(social_worker)
    response = client.post(
        "/people/new/", {**form(first_name="Zara", last_name="Quill"), "next": "/front-door/7/people/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/front-door/7/people/"


def test_a_return_address_on_another_site_is_ignored(client, social_worker):
    client.force_login(social_worker)
    response = client.post(
        "/people/new/", {**form(first_name="Zara", last_name="Quill"), "next": "https://evil.example/"}
    )
    assert response["Location"].startswith("/people/")
