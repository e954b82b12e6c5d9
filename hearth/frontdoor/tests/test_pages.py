"""The front door's pages, as a worker and a manager use them."""

from datetime import date

import pytest
from django.urls import reverse

from hearth.childinneed.models import Referral
from hearth.childinneed.tests.fixtures import local
from hearth.frontdoor.models import AgencyCheck, Contact, ContactPerson
from hearth.frontdoor.services import agency_check_add, contact_decide, contact_record

SUBJECT = ContactPerson.Involvement.SUBJECT


def a_contact(by, *children, when=None, **extra):
    return contact_record(
        received_at=when or local(2026, 11, 23, 9, 30),
        source="6",
        concerns="Police called to a domestic incident.",
        by=by,
        people=[(child, SUBJECT) for child in children],
        **extra,
    )


def decided(contact, by, decision="referral"):
    contact_decide(
        contact=contact, decision=decision, reason="Threshold met.", by=by, expected_version=contact.version
    )
    contact.refresh_from_db()
    return contact


def date_fields(name: str, day: date) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


@pytest.fixture
def many_contacts(front_door_worker, child, sibling, mother):
    contacts = []
    for hour in range(9, 15):
        contact = a_contact(front_door_worker, child, sibling, when=local(2026, 11, 20, hour))
        ContactPerson.objects.create(
            contact=contact, person=mother, involvement=ContactPerson.Involvement.ADULT
        )
        agency_check_add(
            contact=contact, agency="police", requested_on=date(2026, 11, 20), by=front_door_worker
        )
        contacts.append(contact)
    decided(contacts[0], front_door_worker, "advice")
    return contacts


def test_the_queue_shows_each_contacts_clock_in_a_fixed_number_of_queries(
    client, front_door_worker, many_contacts, django_assert_max_num_queries
):
    client.force_login(front_door_worker)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("frontdoor:queue"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Overdue" in page and "Awaiting sign-off" in page
    assert page.count("Ava Stone") == 6


def test_a_contact_page_loads_in_a_fixed_number_of_queries(
    client, front_door_worker, many_contacts, django_assert_max_num_queries
):
    client.force_login(front_door_worker)
    for name in ("contact", "checks", "people", "rag", "decide"):
        with django_assert_max_num_queries(12):
            response = client.get(reverse(f"frontdoor:{name}", args=[many_contacts[1].pk]))
        assert response.status_code == 200, name


def test_a_front_door_worker_records_a_contact(client, front_door_worker):
    client.force_login(front_door_worker)
    response = client.post(
        reverse("frontdoor:contact-new"),
        {
            **date_fields("received_on", date(2026, 11, 23)),
            "received_time": "22:15",
            "out_of_hours": "on",
            "source": "2A",
            "contact_name": "Ms Hill",
            "concerns": "Bruising seen at school.",
        },
    )
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("frontdoor:people", args=[contact.pk])
    assert (contact.out_of_hours, contact.created_by) == (True, front_door_worker)


def test_a_contact_with_missing_answers_shows_the_error_summary_and_saves_nothing(client, front_door_worker):
    client.force_login(front_door_worker)
    response = client.post(reverse("frontdoor:contact-new"), {"received_time": "25:99"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Select where the contact came from" in page and "Enter the concerns" in page
    assert "Enter the time on the 24-hour clock" in page
    assert not Contact.objects.exists()


def test_the_people_step_finds_and_adds_a_child(client, front_door_worker, child):
    contact = a_contact(front_door_worker)
    client.force_login(front_door_worker)
    url = reverse("frontdoor:people", args=[contact.pk])
    found = client.get(url, {"q": "Ava Stone"})
    assert "Ava Stone" in found.content.decode()
    assert "Add a new person to Hearth" in found.content.decode()
    client.post(url + "?q=Ava+Stone", {"person": child.pk, "involvement": SUBJECT})
    assert list(contact.people.all()) == [child]


def test_only_a_manager_may_open_the_sign_off_page(
    client, front_door_worker, social_worker, team_manager, child
):
    contact = decided(a_contact(front_door_worker, child), front_door_worker)
    url = reverse("frontdoor:sign-off", args=[contact.pk])
    for someone in (front_door_worker, social_worker):
        client.force_login(someone)
        assert client.get(url).status_code == 403
        assert client.post(url, {"version": contact.version}).status_code == 403
    assert not Referral.objects.exists()


def test_a_manager_signs_off_and_the_child_is_referred(client, front_door_worker, team_manager, child):
    contact = decided(a_contact(front_door_worker, child), front_door_worker)
    client.force_login(team_manager)
    response = client.post(
        reverse("frontdoor:sign-off", args=[contact.pk]), {"version": contact.version, "primary_need": "N1"}
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.child, referral.primary_need, referral.contact) == (child, "N1", contact)


def test_a_decision_saved_over_someone_elses_shows_what_changed(
    client, front_door_worker, team_manager, child
):
    contact = a_contact(front_door_worker, child)
    opened_at = contact.version
    decided(contact, team_manager, "strategy")
    client.force_login(front_door_worker)
    response = client.post(
        reverse("frontdoor:decide", args=[contact.pk]),
        {"version": opened_at, "decision": "nfa", "decision_reason": "No concerns."},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this record" in page
    assert "No further action" not in page or "nfa" in page
    contact.refresh_from_db()
    assert contact.decision == "strategy"


def test_an_agency_check_answered_before_it_was_asked_is_refused(client, front_door_worker, child):
    contact = a_contact(front_door_worker, child)
    client.force_login(front_door_worker)
    response = client.post(
        reverse("frontdoor:checks", args=[contact.pk]),
        {
            "agency": "health",
            **date_fields("requested_on", date(2026, 11, 23)),
            "response": "Known to health visitor.",
            **date_fields("responded_on", date(2026, 11, 22)),
        },
    )
    assert response.status_code == 400
    assert "on or after the request date" in response.content.decode()
    assert not AgencyCheck.objects.exists()


def test_an_out_of_hours_contact_is_handed_over_from_its_page(client, front_door_worker, child):
    contact = a_contact(front_door_worker, child, when=local(2026, 11, 21, 2), out_of_hours=True)
    client.force_login(front_door_worker)
    queue = client.get(reverse("frontdoor:queue")).content.decode()
    assert 'data-testid="out-of-hours"' in queue
    client.post(reverse("frontdoor:hand-over", args=[contact.pk]), {"version": contact.version})
    contact.refresh_from_db()
    assert contact.handed_to_day_team_on == date(2026, 11, 23)


def test_people_without_a_front_door_role_are_turned_away(client, analyst, child, front_door_worker):
    contact = a_contact(front_door_worker, child)
    client.force_login(analyst)
    assert client.get(reverse("frontdoor:queue")).status_code == 403
    assert client.get(reverse("frontdoor:contact", args=[contact.pk])).status_code == 403
