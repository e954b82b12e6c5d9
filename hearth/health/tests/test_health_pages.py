"""The child's health page and its forms."""

from datetime import date

from django.urls import reverse

from hearth.health.models import HealthEvent
from hearth.health.services import health_event_record
from hearth.health.tests.fixtures import date_fields

Kind = HealthEvent.Kind


def test_the_health_page_reads_in_a_fixed_number_of_queries(
    client, social_worker, teenager, teenager_in_care, django_assert_max_num_queries
):
    for month in range(1, 11):
        health_event_record(
            child=teenager, kind=Kind.DENTAL, event_date=date(2026, month, 3), by=social_worker
        )
        health_event_record(
            child=teenager, kind=Kind.SDQ, event_date=date(2026, month, 4), sdq_score=month, by=social_worker
        )
    health_event_record(
        child=teenager, kind=Kind.INITIAL_ASSESSMENT, event_date=date(2025, 1, 20), by=social_worker
    )
    client.force_login(social_worker)
    client.get(reverse("health:overview", args=[teenager.pk]))  # warm the per-process caches
    # +1: the record's tabs ask whether DfE's return checks found anything (returns).
    with django_assert_max_num_queries(12):
        response = client.get(reverse("health:overview", args=[teenager.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('data-testid="health-event"') == 21
    assert "Review health assessment due by 20 January 2026" in page
    assert "Overdue" in page


def test_a_worker_records_an_sdq_through_the_form(client, social_worker, teenager):
    client.force_login(social_worker)
    url = reverse("health:event-new", args=[teenager.pk, "sdq"])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {**date_fields("event_date", date(2026, 3, 2)), "sdq_score": "12", "sdq_reason": ""}
    )
    assert response.status_code == 302
    assert HealthEvent.objects.get(child=teenager).sdq_score == 12


def test_a_bad_sdq_shows_a_govuk_error_and_saves_nothing(client, social_worker, toddler):
    client.force_login(social_worker)
    url = reverse("health:event-new", args=[toddler.pk, "sdq"])
    response = client.post(url, {**date_fields("event_date", date(2025, 6, 1)), "sdq_score": "12"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and "aged 4 to 16" in page
    assert not HealthEvent.objects.exists()


def test_an_unknown_kind_of_event_is_not_found(client, social_worker, teenager):
    client.force_login(social_worker)
    assert client.get(reverse("health:event-new", args=[teenager.pk, "x-ray"])).status_code == 404


def test_a_stale_edit_form_shows_the_conflict_and_saves_nothing(
    client, social_worker, another_social_worker, teenager
):
    from hearth.health.services import health_event_update

    event = health_event_record(
        child=teenager, kind=Kind.SDQ, event_date=date(2026, 3, 2), sdq_score=10, by=social_worker
    )
    health_event_update(event=event, expected_version=1, by=another_social_worker, sdq_score=14)
    client.force_login(social_worker)
    response = client.post(
        reverse("health:event-edit", args=[teenager.pk, event.pk]),
        {"version": "1", **date_fields("event_date", date(2026, 3, 2)), "sdq_score": "20"},
    )
    assert response.status_code == 409
    assert 'data-testid="edit-conflict"' in response.content.decode()
    assert HealthEvent.objects.get(pk=event.pk).sdq_score == 14


def test_an_analyst_reads_health_but_cannot_record(client, analyst, teenager):
    client.force_login(analyst)
    assert client.get(reverse("health:overview", args=[teenager.pk])).status_code == 200
    assert client.get(reverse("health:event-new", args=[teenager.pk, "dental"])).status_code == 403


def test_the_health_tab_is_on_a_childs_record(client, social_worker, teenager):
    client.force_login(social_worker)
    page = client.get(reverse("people:summary", args=[teenager.pk])).content.decode()
    assert reverse("health:overview", args=[teenager.pk]) in page
