"""The pages of a person's record, as workers with different roles see them."""

from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hearth.audit.models import AccessLogEntry
from hearth.people.models import Person, Relationship
from hearth.people.services import address_add, person_update
from hearth.people.tests.record_helpers import adult, child, family_of
from hearth.people.views.record import record_tabs

PAGES = [
    "people:summary",
    "people:edit",
    "people:addresses",
    "people:address-add",
    "people:network",
    "people:relationship-add",
    "people:history",
]
READ_PAGES = ["people:summary", "people:addresses", "people:network", "people:history"]
EDIT_PAGES = ["people:edit", "people:address-add", "people:relationship-add"]


@pytest.fixture
def sam(social_worker) -> Person:
    return child(social_worker)


def _details_form(person: Person, **changes) -> dict:
    data = {
        "version": person.version,
        "person_type": person.person_type,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "nhs_number": person.nhs_number,
        "upn": person.upn,
    }
    if person.date_of_birth:
        dob = person.date_of_birth
        data.update({"date_of_birth_0": dob.day, "date_of_birth_1": dob.month, "date_of_birth_2": dob.year})
    data.update(changes)
    return data


# --- who may open the record -----------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_for_a_social_worker(client, social_worker, sam, page):
    client.force_login(social_worker)
    response = client.get(reverse(page, args=[sam.pk]))
    assert response.status_code == HTTPStatus.OK
    assert b'data-testid="child-banner"' in response.content


@pytest.mark.parametrize("page", READ_PAGES)
def test_a_performance_analyst_may_read_the_record(client, analyst, sam, page):
    client.force_login(analyst)
    assert client.get(reverse(page, args=[sam.pk])).status_code == HTTPStatus.OK


@pytest.mark.parametrize("page", EDIT_PAGES)
def test_a_performance_analyst_may_not_change_it(client, analyst, sam, page):
    client.force_login(analyst)
    assert client.get(reverse(page, args=[sam.pk])).status_code == HTTPStatus.FORBIDDEN
    assert client.post(reverse(page, args=[sam.pk]), {}).status_code == HTTPStatus.FORBIDDEN


def test_an_analyst_is_not_offered_links_to_change_the_record(client, analyst, sam):
    client.force_login(analyst)
    assert b"Change Sam Jones" not in client.get(reverse("people:summary", args=[sam.pk])).content


@pytest.mark.parametrize("page", PAGES)
def test_a_role_without_access_gets_a_403(client, no_role_user, administrator, sam, page):
    for user in (no_role_user, administrator):
        client.force_login(user)
        assert client.get(reverse(page, args=[sam.pk])).status_code == HTTPStatus.FORBIDDEN
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("page", PAGES)
def test_a_missing_person_is_a_404(client, social_worker, page):
    client.force_login(social_worker)
    assert client.get(reverse(page, args=[999999])).status_code == HTTPStatus.NOT_FOUND


def test_each_page_viewed_is_written_to_the_access_log(client, social_worker, sam):
    client.force_login(social_worker)
    for page in READ_PAGES:
        client.get(reverse(page, args=[sam.pk]))
    logged = AccessLogEntry.objects.filter(person=sam, user=social_worker)
    assert sorted(logged.values_list("page", flat=True)) == [
        "addresses",
        "family network",
        "history",
        "summary",
    ]


def test_a_restricted_record_sends_the_worker_to_the_restricted_record_page(client, social_worker):
    secret = child(social_worker, is_restricted=True)
    client.force_login(social_worker)
    response = client.get(reverse("people:summary", args=[secret.pk]))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/audit/restricted/{secret.pk}/"
    assert not AccessLogEntry.objects.exists()


def test_a_merged_record_sends_the_worker_to_the_record_it_became(client, social_worker, sam):
    duplicate = child(social_worker, first_name="Samuel")
    Person.objects.filter(pk=duplicate.pk).update(merged_into=sam)  # as the merge service leaves it
    client.force_login(social_worker)
    response = client.get(reverse("people:history", args=[duplicate.pk]), follow=True)
    # The same page of the record it was merged into.
    assert response.redirect_chain == [(reverse("people:history", args=[sam.pk]), HTTPStatus.FOUND)]
    assert (
        f"Hearth ID {duplicate.reference} was merged into Hearth ID {sam.reference}"
        in response.content.decode()
    )


def test_the_record_tabs_mark_the_current_one(social_worker, sam):
    tabs = record_tabs(sam, "network", social_worker)
    labels = [tab["label"] for tab in tabs]
    # Other apps add their own tabs; the record's own four keep their order.
    assert [label for label in labels if label in {"Summary", "Family network", "Addresses", "History"}] == [
        "Summary",
        "Family network",
        "Addresses",
        "History",
    ]
    assert [tab["label"] for tab in tabs if tab["current"]] == ["Family network"]


# --- a fixed number of queries ---------------------------------------------------------------


def _queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == HTTPStatus.OK
    return len(captured)


@pytest.mark.parametrize("page", READ_PAGES + EDIT_PAGES)
def test_each_page_uses_the_same_number_of_queries_however_big_the_family(
    client, social_worker, team_manager, page, django_assert_max_num_queries
):
    small, large = child(social_worker), child(social_worker, first_name="Ali")
    family_of(social_worker, small, relatives=1)
    relatives = family_of(social_worker, large, relatives=8)
    adult(social_worker, "Unrelated")
    for year in (2016, 2019, 2022):
        address_add(
            person=large,
            by=social_worker,
            line_1=f"{year} High Street",
            postcode="B15 2TT",
            start_date=date(year, 1, 1),
        )
    person_update(person=large, by=team_manager, expected_version=1, last_name="Jones-Ahmed")
    Relationship.objects.filter(relative=relatives[0]).update(lives_with=True)
    client.force_login(social_worker)
    client.get(reverse(page, args=[small.pk]))  # warm the per-process code-list cache
    with django_assert_max_num_queries(14):
        client.get(reverse(page, args=[large.pk]))
    assert _queries_for(client, reverse(page, args=[large.pk])) == _queries_for(
        client, reverse(page, args=[small.pk])
    )


# --- changing details ------------------------------------------------------------------------


def test_a_worker_changes_a_detail_and_it_is_saved_in_their_name(client, social_worker, sam):
    client.force_login(social_worker)
    response = client.post(
        reverse("people:edit", args=[sam.pk]), _details_form(sam, ethnicity="BAFR", nhs_number="943 476 5919")
    )
    assert response.status_code == HTTPStatus.FOUND
    sam.refresh_from_db()
    assert (sam.ethnicity, sam.nhs_number, sam.version) == ("BAFR", "9434765919", 2)
    assert sam.history.latest().history_user == social_worker


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"nhs_number": "9434765918"}, "fails its check digit"),
        ({"nhs_number": "12345"}, "Enter an NHS number of 10 digits"),
        ({"upn": "A12345"}, "a letter followed by 12 characters"),
        ({"upn": "Z938201500123"}, "check letter does not match"),
    ],
)
def test_a_bad_identifier_is_refused_with_a_clear_message_and_nothing_saved(
    client, social_worker, sam, changes, message
):
    client.force_login(social_worker)
    response = client.post(
        reverse("people:edit", args=[sam.pk]), _details_form(sam, last_name="Changed", **changes)
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert message in response.content.decode()
    assert b"govuk-error-summary" in response.content
    sam.refresh_from_db()
    assert (sam.last_name, sam.version) == ("Jones", 1)


def test_a_date_of_birth_in_the_future_is_refused(client, social_worker, sam):
    tomorrow = timezone.localdate() + timedelta(days=1)
    client.force_login(social_worker)
    response = client.post(
        reverse("people:edit", args=[sam.pk]),
        _details_form(
            sam, date_of_birth_0=tomorrow.day, date_of_birth_1=tomorrow.month, date_of_birth_2=tomorrow.year
        ),
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Date of birth must be today or in the past" in response.content.decode()
    sam.refresh_from_db()
    assert sam.date_of_birth == date(2015, 4, 1)


def test_an_edit_from_a_stale_form_shows_what_changed_and_saves_nothing(
    client, social_worker, team_manager, sam
):
    opened_at = _details_form(sam, first_name="Samuel")
    person_update(person=sam, by=team_manager, expected_version=1, last_name="Smyth")
    client.force_login(social_worker)
    response = client.post(reverse("people:edit", args=[sam.pk]), opened_at)
    assert response.status_code == HTTPStatus.CONFLICT
    page = response.content.decode()
    assert "Someone else changed this record while you were editing it" in page
    assert "Last name: Jones → Smyth" in page
    assert "It was changed by Tara Reid" in page
    sam.refresh_from_db()
    assert (sam.first_name, sam.last_name, sam.version) == ("Sam", "Smyth", 2)
    # The form now carries the current version, the other person's change and the worker's own.
    form = response.context["form"]
    assert (form.initial["version"], form.initial["last_name"], form.initial["first_name"]) == (
        2,
        "Smyth",
        "Samuel",
    )


# --- addresses and relationships -------------------------------------------------------------


def test_a_worker_records_a_move(client, social_worker, sam):
    address_add(person=sam, by=social_worker, line_1="1 High Street", start_date=date(2020, 1, 1))
    client.force_login(social_worker)
    response = client.post(
        reverse("people:address-add", args=[sam.pk]),
        {
            "line_1": "2 Low Road",
            "town": "Birmingham",
            "postcode": "b5 7qq",
            "start_date_0": "3",
            "start_date_1": "6",
            "start_date_2": "2024",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    page = client.get(reverse("people:addresses", args=[sam.pk])).content.decode()
    assert "2 Low Road, Birmingham, B5 7QQ" in page
    assert "3 Jun 2024" in page
    assert list(sam.addresses.values_list("line_1", "end_date")) == [
        ("2 Low Road", None),
        ("1 High Street", date(2024, 6, 3)),
    ]


def test_a_worker_adds_a_relationship_by_hearth_id_and_sees_it_from_both_sides(client, social_worker, sam):
    jo = adult(social_worker, "Jo")
    client.force_login(social_worker)
    response = client.post(
        reverse("people:relationship-add", args=[sam.pk]),
        {"relative_reference": jo.reference, "kind": "mother", "lives_with": "on"},
    )
    assert response.status_code == HTTPStatus.FOUND
    sams_network = client.get(reverse("people:network", args=[sam.pk])).content.decode()
    jos_network = client.get(reverse("people:network", args=[jo.pk])).content.decode()
    assert "Jo Jones" in sams_network and ">Mother<" in sams_network.replace("\n", "")
    assert "Sam Jones" in jos_network and "Child" in jos_network
    assert 'role="img"' in sams_network and "<svg" in sams_network


@pytest.mark.parametrize(
    ("reference", "kind", "message"),
    [
        ("self", "sibling", "cannot be related to themselves"),
        ("9999999", "sibling", "There is no one on Hearth with that Hearth ID"),
        ("abc", "sibling", "digits only"),
        ("jo", "", "Choose what they are to this person"),
    ],
)
def test_a_bad_relationship_is_refused_with_a_clear_message(
    client, social_worker, sam, reference, kind, message
):
    jo = adult(social_worker, "Jo")
    reference = {"self": sam.reference, "jo": jo.reference}.get(reference, reference)
    client.force_login(social_worker)
    response = client.post(
        reverse("people:relationship-add", args=[sam.pk]), {"relative_reference": reference, "kind": kind}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert message in response.content.decode()
    assert not Relationship.objects.exists()


def test_a_relationship_with_an_impossible_start_date_is_refused_on_the_page(client, social_worker, sam):
    # An end before the start is refused by the service (test_services); the page asks only
    # for a start date, and 31 February is refused before the service is reached.
    client.force_login(social_worker)
    jo = adult(social_worker, "Jo")
    response = client.post(
        reverse("people:relationship-add", args=[sam.pk]),
        {
            "relative_reference": jo.reference,
            "kind": "mother",
            "start_date_0": "31",
            "start_date_1": "2",
            "start_date_2": "2020",
        },
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Relationship.objects.exists()


def test_the_history_page_shows_who_changed_what(client, social_worker, team_manager, sam):
    person_update(person=sam, by=team_manager, expected_version=1, last_name="Smyth")
    client.force_login(social_worker)
    page = client.get(reverse("people:history", args=[sam.pk])).content.decode()
    assert "Tara Reid" in page and "Sam Okafor" in page
    assert page.index("Smyth") < page.index("Created")  # newest first
    assert '<td class="govuk-table__cell">Last name</td>' in page
