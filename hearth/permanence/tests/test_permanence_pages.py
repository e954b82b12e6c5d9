"""The Permanence tab and its forms, as each role uses them."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.audit.models import AccessLogEntry
from hearth.childrenincare.models import PeriodOfCare
from hearth.permanence.models import Adoption
from hearth.permanence.services import adoption_decision_record, adoption_decision_reverse


def date_fields(prefix: str, day: date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def url(name: str, child, *args) -> str:
    return reverse(f"permanence:{name}", args=[child.pk, *args])


def test_an_adoption_worker_records_each_step_through_the_forms(
    client, fostering_adoption_worker, child, period
):
    client.force_login(fostering_adoption_worker)
    assert client.post(url("decision", child), date_fields("decided_on", date(2025, 7, 1))).status_code == 302
    adoption = Adoption.objects.get()
    steps = [
        ("authority", {"kind": "order", **date_fields("on", date(2025, 8, 4))}),
        (
            "match",
            {
                **date_fields("matched_on", date(2025, 10, 1)),
                "adopters_names": "Dee and Rob Lane",
                "number_of_adopters": "2",
                "adopter_sex": "MF",
                "adopter_legal_status": "L11",
                "adopters_are_foster_carers": "no",
            },
        ),
        ("placed", {**date_fields("placed_on", date(2025, 11, 3)), "provider": "PR1", "postcode": "B13 8AA"}),
        ("order", {**date_fields("order_on", date(2026, 4, 20)), "reason": "E12"}),
    ]
    for name, data in steps:
        adoption.refresh_from_db()
        response = client.post(url(name, child, adoption.pk), {**data, "version": adoption.version})
        assert response.status_code == 302, (name, response.content.decode()[:3000])

    assert PeriodOfCare.objects.get().reason_ceased == "E12"
    body = client.get(url("overview", child)).content.decode()
    assert "Adopted" in body and "20 April 2026, E12" in body
    assert "Within 426 days" in body and "Within 121 days" in body
    assert AccessLogEntry.objects.filter(person=child, page="permanence").exists()


def test_bad_input_shows_an_error_summary_and_saves_nothing(client, fostering_adoption_worker, child, period):
    client.force_login(fostering_adoption_worker)
    response = client.post(url("decision", child), date_fields("decided_on", date(2021, 1, 1)))

    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and "date of birth" in body
    assert not Adoption.objects.exists()


def test_a_stale_form_is_refused_and_says_so(client, fostering_adoption_worker, child, period, social_worker):
    adoption = adoption_decision_record(child=child, decided_on=date(2025, 7, 1), by=social_worker)
    opened_at = adoption.version
    adoption_decision_reverse(adoption=adoption, reversed_on=date(2025, 8, 1), reason="RD1", by=social_worker)
    client.force_login(fostering_adoption_worker)

    response = client.post(
        url("authority", child, adoption.pk),
        {"kind": "consent", **date_fields("on", date(2025, 7, 20)), "version": opened_at},
    )
    assert response.status_code == 409
    assert 'data-testid="edit-conflict"' in response.content.decode()
    assert Adoption.objects.get().consent_on is None


def test_an_analyst_may_read_permanence_but_not_record_it(client, analyst, child, period):
    client.force_login(analyst)
    assert client.get(url("overview", child)).status_code == 200
    assert client.get(url("decision", child)).status_code == 403


def test_the_permanence_tab_costs_the_same_queries_however_long_the_history(
    client, social_worker, child, period, django_assert_max_num_queries
):
    client.force_login(social_worker)
    client.get(url("overview", child))
    with CaptureQueriesContext(connection) as short:
        client.get(url("overview", child))
    for month in (7, 8, 9):
        adoption = adoption_decision_record(child=child, decided_on=date(2025, month, 1), by=social_worker)
        adoption_decision_reverse(
            adoption=adoption, reversed_on=date(2025, month, 20), reason="RD4", by=social_worker
        )
    with django_assert_max_num_queries(len(short.captured_queries)):
        response = client.get(url("overview", child))
    assert response.content.decode().count('data-testid="adoption"') == 3
