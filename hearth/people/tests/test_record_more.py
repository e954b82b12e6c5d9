"""More of the person record: other names, moving out, ending a relationship, and choosing a
relative by searching for them."""

from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from hearth.people.models import Address, Person, PersonName, Relationship
from hearth.people.search import find_people
from hearth.people.services import address_add, other_name_add, relationship_add
from hearth.people.tests.record_helpers import adult, child, family_of


@pytest.fixture
def sam(social_worker) -> Person:
    return child(social_worker)


@pytest.fixture
def home(social_worker, sam) -> Address:
    return address_add(
        person=sam, by=social_worker, line_1="1 High Street", postcode="B15 2TT", start_date=date(2020, 1, 1)
    )


@pytest.fixture
def mother(social_worker, sam) -> Relationship:
    jo = adult(social_worker, "Jo")
    return relationship_add(
        person=sam, relative=jo, kind="mother", by=social_worker, start_date=date(2015, 4, 1)
    )


def _date(name: str, day: date) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def _other_name_url(person):
    return reverse("people:other-name-add", args=[person.pk])


def _address_end_url(address):
    return reverse("people:address-end", args=[address.person_id, address.pk])


def _relationship_end_url(person, relationship):
    return reverse("people:relationship-end", args=[person.pk, relationship.pk])


# --- another name ----------------------------------------------------------------------------


def test_the_summary_offers_a_worker_to_add_a_previous_name_or_alias(client, social_worker, sam):
    client.force_login(social_worker)
    page = client.get(reverse("people:summary", args=[sam.pk])).content.decode()
    assert "Add a previous name or alias" in page
    assert _other_name_url(sam) in page


def test_a_worker_adds_an_alias_and_search_then_finds_the_person_by_it(client, social_worker, sam):
    assert find_people(text="Tyler Brooks") == []
    client.force_login(social_worker)
    response = client.post(
        _other_name_url(sam), {"kind": "alias", "first_name": " Tyler ", "last_name": "Brooks"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("people:summary", args=[sam.pk])
    name = sam.other_names.get()
    assert (name.kind, name.first_name, name.last_name, name.used_until) == ("alias", "Tyler", "Brooks", None)
    assert name.history.get().history_user == social_worker
    found = find_people(text="Tyler Brooks")
    assert [person.pk for person in found] == [sam.pk]
    assert found[0].matched_name == "Also known as: Tyler Brooks"
    summary = client.get(reverse("people:summary", args=[sam.pk])).content.decode()
    assert "Tyler Brooks" in summary and "(also known as)" in summary


def test_a_previous_name_keeps_the_date_it_was_used_until(client, social_worker, sam):
    client.force_login(social_worker)
    response = client.post(
        _other_name_url(sam),
        {
            "kind": "previous",
            "first_name": "Samuel",
            "last_name": "Smith",
            **_date("used_until", date(2019, 9, 1)),
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert sam.other_names.get().used_until == date(2019, 9, 1)
    summary = client.get(reverse("people:summary", args=[sam.pk])).content.decode()
    assert "(previous name, until 1 September 2019)" in summary
    history = client.get(reverse("people:history", args=[sam.pk])).content.decode()
    assert "Other name: Samuel Smith" in history and "Sam Okafor" in history


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"kind": "alias", "first_name": "  ", "last_name": ""},
            "last_name",
            "Enter a first name or a last name",
        ),
        ({"first_name": "Tyler", "last_name": "Brooks"}, "kind", "Choose what kind of name it is"),
        ({"kind": "nickname", "last_name": "Brooks"}, "kind", "Select a valid choice"),
        (
            {
                "kind": "previous",
                "last_name": "Brooks",
                "used_until_0": "31",
                "used_until_1": "2",
                "used_until_2": "2019",
            },
            "used_until",
            "",
        ),
        (
            {
                "kind": "previous",
                "last_name": "Brooks",
                **_date("used_until", timezone.localdate() + timedelta(days=1)),
            },
            "used_until",
            "must be today or in the past",
        ),
    ],
)
def test_a_bad_other_name_is_refused_and_nothing_is_saved(client, social_worker, sam, data, field, message):
    client.force_login(social_worker)
    response = client.post(_other_name_url(sam), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    page = response.content.decode()
    assert "govuk-error-summary" in page and "<title>Error: " in page
    assert not PersonName.objects.exists()


# --- moving out ------------------------------------------------------------------------------


def test_each_current_address_offers_they_moved_out(client, social_worker, sam, home):
    old = address_add(
        person=sam,
        by=social_worker,
        line_1="9 Old Road",
        start_date=date(2016, 1, 1),
        end_date=date(2019, 12, 31),
    )
    client.force_login(social_worker)
    page = client.get(reverse("people:addresses", args=[sam.pk])).content.decode()
    assert page.count(">They moved out<") == 1
    assert _address_end_url(home) in page
    assert _address_end_url(old) not in page


def test_a_worker_records_the_day_they_moved_out(client, social_worker, sam, home):
    client.force_login(social_worker)
    assert client.get(_address_end_url(home)).status_code == HTTPStatus.OK
    response = client.post(_address_end_url(home), _date("end_date", date(2024, 6, 3)))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("people:addresses", args=[sam.pk])
    home.refresh_from_db()
    assert home.end_date == date(2024, 6, 3)
    assert home.history.latest().history_user == social_worker
    page = client.get(reverse("people:addresses", args=[sam.pk])).content.decode()
    assert "3 Jun 2024" in page and ">They moved out<" not in page
    summary = client.get(reverse("people:summary", args=[sam.pk])).content.decode()
    assert "1 High Street" not in summary


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            _date("end_date", date(2019, 12, 31)),
            "The date they left must be on or after the date they moved in",
        ),
        (_date("end_date", timezone.localdate() + timedelta(days=1)), "must be today or in the past"),
        ({}, "Enter the date they moved out"),
        ({"end_date_0": "3", "end_date_1": "6"}, "year"),
        ({"end_date_0": "30", "end_date_1": "2", "end_date_2": "2023"}, ""),
    ],
)
def test_a_bad_moving_out_date_is_refused_on_the_date_field(client, social_worker, home, data, message):
    client.force_login(social_worker)
    response = client.post(_address_end_url(home), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    errors = response.context["form"].errors
    assert list(errors) == ["end_date"]
    assert message in " ".join(errors["end_date"])
    assert 'href="#id_end_date' in response.content.decode()  # the summary links to the field
    home.refresh_from_db()
    assert home.end_date is None
    assert home.history.count() == 1


def test_an_address_already_ended_or_of_someone_else_cannot_be_ended_again(client, social_worker, sam, home):
    other = child(social_worker, first_name="Ali")
    client.force_login(social_worker)
    assert client.get(reverse("people:address-end", args=[other.pk, home.pk])).status_code == 404
    Address.objects.filter(pk=home.pk).update(end_date=date(2021, 1, 1))
    assert client.post(_address_end_url(home), _date("end_date", date(2022, 1, 1))).status_code == 404
    home.refresh_from_db()
    assert home.end_date == date(2021, 1, 1)


# --- ending a relationship -------------------------------------------------------------------


def test_a_worker_ends_a_relationship_and_it_leaves_the_picture(client, social_worker, sam, mother):
    lee = adult(social_worker, "Lee")
    relationship_add(person=sam, relative=lee, kind="father", by=social_worker)
    client.force_login(social_worker)
    network = client.get(reverse("people:network", args=[sam.pk])).content.decode()
    assert network.count(">End this relationship<") == 2
    assert _relationship_end_url(sam, mother) in network

    assert client.get(_relationship_end_url(sam, mother)).status_code == HTTPStatus.OK
    response = client.post(_relationship_end_url(sam, mother), _date("end_date", date(2024, 1, 5)))
    assert response.status_code == HTTPStatus.FOUND
    mother.refresh_from_db()
    assert mother.end_date == date(2024, 1, 5)
    assert mother.history.latest().history_user == social_worker

    response = client.get(reverse("people:network", args=[sam.pk]))
    page = response.content.decode()
    assert "Ended 5 Jan 2024" in page
    assert _relationship_end_url(sam, mother) not in page
    picture = response.context["picture"]
    assert [node.relative.other.first_name for node in picture.nodes] == ["Lee"]
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "Lee Jones" in svg and "Jo Jones" not in svg
    summary = client.get(reverse("people:summary", args=[sam.pk])).content.decode()
    assert "Jo Jones" not in summary


def test_a_relationship_can_be_ended_from_the_relatives_side(client, social_worker, sam, mother):
    jo = mother.relative
    client.force_login(social_worker)
    page = client.get(_relationship_end_url(jo, mother)).content.decode()
    assert "Sam Jones" in page and "Child" in page
    response = client.post(_relationship_end_url(jo, mother), _date("end_date", date(2024, 1, 5)))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("people:network", args=[jo.pk])
    mother.refresh_from_db()
    assert mother.end_date == date(2024, 1, 5)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            _date("end_date", date(2015, 3, 31)),
            "The date the relationship ended must be on or after the date it started",
        ),
        (_date("end_date", timezone.localdate() + timedelta(days=1)), "must be today or in the past"),
        ({}, "Enter the date the relationship ended"),
    ],
)
def test_a_bad_end_of_a_relationship_is_refused(client, social_worker, sam, mother, data, message):
    client.force_login(social_worker)
    response = client.post(_relationship_end_url(sam, mother), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    errors = response.context["form"].errors
    assert list(errors) == ["end_date"]
    assert message in " ".join(errors["end_date"])
    mother.refresh_from_db()
    assert mother.end_date is None
    assert mother.history.count() == 1


def test_an_ended_or_unrelated_relationship_cannot_be_ended(client, social_worker, sam, mother):
    stranger = adult(social_worker, "Stranger", "Brown")
    client.force_login(social_worker)
    assert client.get(_relationship_end_url(stranger, mother)).status_code == 404
    Relationship.objects.filter(pk=mother.pk).update(end_date=date(2020, 1, 1))
    assert client.get(_relationship_end_url(sam, mother)).status_code == 404


# --- choosing the relative by search ---------------------------------------------------------


def _add_url(person, **search) -> str:
    from urllib.parse import urlencode

    url = reverse("people:relationship-add", args=[person.pk])
    return f"{url}?{urlencode(search)}" if search else url


def test_the_search_offers_people_by_name_and_date_of_birth(client, social_worker, sam):
    jo = adult(social_worker, "Jo", date_of_birth=date(1990, 5, 17))
    adult(social_worker, "Joanne", "Smith", date_of_birth=date(1988, 1, 1))
    client.force_login(social_worker)
    response = client.get(_add_url(sam, relative_name="Jones Jo"))
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert 'type="radio"' in page and f'value="{jo.pk}"' in page
    assert "Born 17 May 1990. Hearth ID " + jo.reference in page
    assert "Joanne Smith" not in page
    search_form = page[page.index('role="search"') : page.index("</form>")]
    assert "csrfmiddlewaretoken" not in search_form  # never sent in the address of a GET
    own = client.get(_add_url(sam, relative_name="Sam Jones")).content.decode()
    assert "This is Sam Jones&#x27;s own record" in own
    # The form posts back to the search, so the choice can be checked against what was offered.
    assert f'action="{_add_url(sam, relative_name="Jones Jo")}"' in page.replace("&amp;", "&")

    by_birth = client.get(_add_url(sam, relative_born_0="17", relative_born_1="5", relative_born_2="1990"))
    assert [p.pk for p in by_birth.context["candidates"]] == [jo.pk]


def test_a_restricted_person_is_offered_only_as_a_restricted_record(client, social_worker, sam):
    secret = adult(social_worker, "Hidden", "Jones", date_of_birth=date(1985, 3, 2), is_restricted=True)
    client.force_login(social_worker)
    page = client.get(_add_url(sam, relative_name="Hidden Jones")).content.decode()
    assert f'value="{secret.pk}"' in page
    assert "Restricted record" in page and f"Hearth ID {secret.reference}" in page
    assert "Hidden" not in page.split('name="relative"', 1)[1].split("</fieldset>", 1)[0]
    assert "2 March 1985" not in page


def test_a_worker_chooses_the_relative_from_the_search(client, social_worker, sam):
    jo = adult(social_worker, "Jo")
    client.force_login(social_worker)
    response = client.post(
        _add_url(sam, relative_name="Jo Jones"),
        {"relative": str(jo.pk), "kind": "mother", "lives_with": "on"},
    )
    assert response.status_code == HTTPStatus.FOUND
    relationship = Relationship.objects.get()
    assert (relationship.person, relationship.relative, relationship.kind, relationship.lives_with) == (
        sam,
        jo,
        "mother",
        True,
    )
    assert relationship.history.get().history_user == social_worker


def test_the_hearth_id_still_works_with_a_search_on_the_page(client, social_worker, sam):
    jo = adult(social_worker, "Jo")
    lee = adult(social_worker, "Lee", "Brown")
    client.force_login(social_worker)
    response = client.post(
        _add_url(sam, relative_name="Jo Jones"), {"relative_reference": lee.reference, "kind": "father"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Relationship.objects.get().relative == lee
    assert not Relationship.objects.filter(relative=jo).exists()


@pytest.mark.parametrize(
    ("choice", "data", "field", "message"),
    [
        ("self", {"kind": "sibling"}, "relative", "A person cannot be related to themselves"),
        (
            "",
            {"kind": "mother"},
            "relative",
            "Choose the relative from the search results, or enter their Hearth ID",
        ),
        ("stranger", {"kind": "mother"}, "relative", "Choose someone from the search results"),
        ("jo", {"kind": "mother", "relative_reference": "lee"}, "relative_reference", "not both"),
        ("jo", {"kind": ""}, "kind", "Choose what they are to this person"),
    ],
)
def test_a_bad_choice_from_the_search_is_refused(client, social_worker, sam, choice, data, field, message):
    jo = adult(social_worker, "Jo")
    lee = adult(social_worker, "Lee", "Brown")
    stranger = adult(social_worker, "Stranger", "Brown")
    pks = {"self": sam.pk, "jo": jo.pk, "stranger": stranger.pk, "": ""}
    data = {**data, "relative": str(pks[choice])}
    if data.get("relative_reference") == "lee":
        data["relative_reference"] = lee.reference
    client.force_login(social_worker)
    # Searching "Jones" offers Sam and Jo, never the stranger.
    response = client.post(_add_url(sam, relative_name="Jones"), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    page = response.content.decode()
    assert "govuk-error-summary" in page
    # The search is kept, so the worker can choose again.
    assert f'value="{jo.pk}"' in page
    assert not Relationship.objects.exists()


def test_a_search_that_finds_no_one_says_so_and_leaves_the_hearth_id(client, social_worker, sam):
    client.force_login(social_worker)
    response = client.get(_add_url(sam, relative_name="Zebedee Quartermaine"))
    page = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "No one found" in page
    assert 'name="relative_reference"' in page and 'name="relative"' not in page


def test_an_empty_search_asks_for_a_name_or_date_of_birth(client, social_worker, sam):
    client.force_login(social_worker)
    response = client.get(_add_url(sam, relative_name=""))
    assert "Enter a name or date of birth to search for" in response.content.decode()
    assert response.context["candidates"] is None


# --- roles -----------------------------------------------------------------------------------


def test_a_performance_analyst_reads_but_may_not_change(client, analyst, sam, home, mother):
    client.force_login(analyst)
    for read in ("people:summary", "people:addresses", "people:network"):
        page = client.get(reverse(read, args=[sam.pk])).content.decode()
        assert "Add a previous name or alias" not in page
        assert "They moved out" not in page and "End this relationship" not in page
    for url in (_other_name_url(sam), _address_end_url(home), _relationship_end_url(sam, mother)):
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN
        assert (
            client.post(
                url, {"kind": "alias", "last_name": "X", **_date("end_date", date(2024, 1, 1))}
            ).status_code
            == HTTPStatus.FORBIDDEN
        )
    assert client.get(_add_url(sam, relative_name="Jones")).status_code == HTTPStatus.FORBIDDEN
    assert not PersonName.objects.exists()
    home.refresh_from_db()
    mother.refresh_from_db()
    assert home.end_date is None and mother.end_date is None


@pytest.mark.parametrize("role_user", ["no_role_user", "administrator"])
def test_a_role_without_access_gets_a_403_on_the_new_pages(request, client, role_user, sam, home, mother):
    client.force_login(request.getfixturevalue(role_user))
    for url in (_other_name_url(sam), _address_end_url(home), _relationship_end_url(sam, mother)):
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN


# --- a fixed number of queries ---------------------------------------------------------------


def _a_full_record(by, person: Person, *, size: int) -> None:
    family_of(by, person, relatives=size)
    for index in range(size):
        other_name_add(person=person, by=by, kind="alias", first_name=f"Alias{index}", last_name="Jones")
    for year in range(2010, 2010 + size):
        address_add(
            person=person,
            by=by,
            line_1=f"{year} High Street",
            postcode="B15 2TT",
            start_date=date(year, 1, 1),
        )


@pytest.mark.parametrize(
    "page",
    [
        "summary",
        "addresses",
        "network",
        "relationship-add",
        "relationship-add-search",
        "other-name-add",
        "address-end",
        "relationship-end",
    ],
)
def test_the_changed_pages_use_a_fixed_number_of_queries(
    client, social_worker, page, django_assert_max_num_queries, django_assert_num_queries
):
    small, large = child(social_worker), child(social_worker, first_name="Ali")
    _a_full_record(social_worker, small, size=1)
    _a_full_record(social_worker, large, size=8)
    for index in range(6):
        adult(social_worker, f"Searchable{index}", "Jones")

    def url_for(person: Person) -> str:
        if page == "relationship-add-search":
            return _add_url(person, relative_name="Jones")
        if page == "address-end":
            return _address_end_url(person.addresses.get(end_date__isnull=True))
        if page == "relationship-end":
            return _relationship_end_url(person, Relationship.objects.filter(person=person).first())
        return reverse(f"people:{page}", args=[person.pk])

    client.force_login(social_worker)
    small_url, large_url = url_for(small), url_for(large)
    client.get(small_url)  # warm the per-process code-list cache
    with django_assert_max_num_queries(16) as captured:
        assert client.get(small_url).status_code == HTTPStatus.OK
    with django_assert_num_queries(len(captured)):
        assert client.get(large_url).status_code == HTTPStatus.OK
