"""The Leaving care tab and its forms."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.leavingcare.models import BirthdayContact, PathwayPlan
from hearth.leavingcare.services import pathway_plan_record, pathway_plan_review


def date_fields(prefix: str, day: date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def url(name: str, person, *args) -> str:
    return reverse(f"leavingcare:{name}", args=[person.pk, *args])


def test_a_worker_records_a_pathway_plan_and_a_birthday_contact(client, social_worker, care_leaver):
    client.force_login(social_worker)
    assert (
        client.post(url("plan", care_leaver), date_fields("agreed_on", date(2025, 5, 20))).status_code == 302
    )
    response = client.post(
        url("contact", care_leaver, 19),
        {
            **date_fields("contact_date", date(2026, 5, 20)),
            "in_touch": "DIED",
            "activity": "",
            "accommodation": "",
        },
    )
    assert response.status_code == 302
    assert BirthdayContact.objects.get().accommodation == "0"
    body = client.get(url("overview", care_leaver)).content.decode()
    assert "Agreed 20 May 2025" in body and "DIED" in body


def test_a_contact_outside_the_window_shows_an_error_summary(client, social_worker, care_leaver):
    client.force_login(social_worker)
    response = client.post(
        url("contact", care_leaver, 19),
        {
            **date_fields("contact_date", date(2026, 8, 1)),
            "in_touch": "YES",
            "activity": "F2",
            "accommodation": "U1",
        },
    )
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert not BirthdayContact.objects.exists()


def test_an_analyst_may_read_but_not_record(client, analyst, care_leaver):
    client.force_login(analyst)
    assert client.get(url("overview", care_leaver)).status_code == 200
    assert (
        client.post(url("plan", care_leaver), date_fields("agreed_on", date(2025, 5, 20))).status_code == 403
    )
    assert not PathwayPlan.objects.exists()


def test_the_leaving_care_tab_costs_the_same_queries_however_long_the_history(
    client, social_worker, care_leaver, django_assert_max_num_queries
):
    client.force_login(social_worker)
    plan = pathway_plan_record(young_person=care_leaver, agreed_on=date(2025, 5, 20), by=social_worker)
    client.get(url("overview", care_leaver))
    with CaptureQueriesContext(connection) as short:
        client.get(url("overview", care_leaver))
    for day in (date(2025, 9, 1), date(2026, 2, 1), date(2026, 7, 1)):
        pathway_plan_review(plan=plan, review_date=day, by=social_worker)
    with django_assert_max_num_queries(len(short.captured_queries)):
        client.get(url("overview", care_leaver))
