"""The new-contact form costs the same queries however busy the front door is: it reads no
contacts and no people, only the signed-in worker and the cached code lists."""

from datetime import date

from django.urls import reverse

from hearth.frontdoor.services import contact_record
from hearth.people.services import person_create
from hearth.worktray.tests.case_history import queries_for
from hearth.worktray.tests.journey import at

URL = reverse("frontdoor:contact-new")


def test_the_new_contact_form_costs_the_same_queries_with_one_contact_or_many(client, front_door_worker):
    def a_contact(n: int) -> None:
        child = person_create(
            by=front_door_worker, first_name=f"Child{n}", last_name="Reed", date_of_birth=date(2016, 1, 1 + n)
        )
        contact_record(
            received_at=at(date(2026, 1, 5 + n), 9),
            source="2A",
            concerns="Concern raised by school",
            people=[(child, "subject")],
            by=front_door_worker,
        )

    a_contact(0)
    client.force_login(front_door_worker)
    one = queries_for(client, URL)
    for n in range(1, 10):
        a_contact(n)
    assert queries_for(client, URL) == one
    assert "Record a contact" in client.get(URL).content.decode()
