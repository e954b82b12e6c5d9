"""A child's UASC status: the rules, the day it ceases at 18 and the page."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hearth.childrenincare.models import UASCStatus
from hearth.concurrency import ConcurrentEditError
from hearth.health.tests.fixtures import date_fields
from hearth.uasc.selectors import uasc_for_child, uasc_rows_for_return
from hearth.uasc.services import (
    eighteenth_birthday,
    uasc_status_cease,
    uasc_status_record,
    uasc_status_update,
)


def refused(field, call):
    with pytest.raises(ValidationError) as caught:
        call()
    assert field in caught.value.message_dict, caught.value.message_dict
    return caught.value.message_dict[field][0]


def test_a_status_is_recorded_once(teenager, social_worker):
    status = uasc_status_record(
        child=teenager, status_from=date(2025, 9, 1), arrived_on=date(2025, 8, 30), by=social_worker
    )
    assert status.history.first().history_user == social_worker
    assert "already has a UASC status" in refused(
        "status_from",
        lambda: uasc_status_record(child=teenager, status_from=date(2025, 9, 2), by=social_worker),
    )


def test_dates_in_the_future_before_birth_or_before_arrival_are_refused(teenager, social_worker):
    later = timezone.localdate() + timedelta(days=1)
    assert "today or in the past" in refused(
        "status_from", lambda: uasc_status_record(child=teenager, status_from=later, by=social_worker)
    )
    assert "date of birth" in refused(
        "arrived_on",
        lambda: uasc_status_record(
            child=teenager, status_from=date(2025, 1, 1), arrived_on=date(2011, 1, 1), by=social_worker
        ),
    )
    assert "on or after the date they arrived" in refused(
        "status_from",
        lambda: uasc_status_record(
            child=teenager, status_from=date(2025, 1, 1), arrived_on=date(2025, 2, 1), by=social_worker
        ),
    )
    assert "age is disputed" in refused(
        "age_assessment_on",
        lambda: uasc_status_record(
            child=teenager, status_from=date(2025, 1, 1), age_assessment_on=date(2025, 2, 1), by=social_worker
        ),
    )
    assert not UASCStatus.objects.exists()


def test_the_status_ceases_at_18_at_the_latest(teenager, social_worker):
    status = uasc_status_record(child=teenager, status_from=date(2025, 9, 1), by=social_worker)
    assert uasc_for_child(teenager).ceases_at_18 == date(2029, 6, 10)
    assert "on or after it began" in refused(
        "status_ceased_on",
        lambda: uasc_status_cease(
            status=status, ceased_on=date(2025, 8, 1), expected_version=1, by=social_worker
        ),
    )
    uasc_status_cease(status=status, ceased_on=date(2026, 5, 1), expected_version=1, by=social_worker)
    assert UASCStatus.objects.get().status_ceased_on == date(2026, 5, 1)


def test_a_leap_day_birthday_turns_18_on_28_february():
    assert eighteenth_birthday(date(2008, 2, 29)) == date(2026, 2, 28)


def test_the_return_gives_the_18th_birthday_as_the_date_status_ceased(teenager, social_worker):
    teenager.date_of_birth = date(2008, 2, 29)
    teenager.save()
    uasc_status_record(child=teenager, status_from=date(2024, 9, 1), by=social_worker)
    [row] = uasc_rows_for_return([teenager.pk], date(2026, 3, 31))
    assert row == {"CHILD": teenager.reference, "SEX": "F", "DOB": "29/02/2008", "DUC": "28/02/2026"}


def test_an_edit_on_an_out_of_date_form_is_refused(teenager, social_worker, another_social_worker):
    status = uasc_status_record(child=teenager, status_from=date(2025, 9, 1), by=social_worker)
    first, second = (UASCStatus.objects.get(pk=status.pk) for _ in range(2))
    uasc_status_update(status=first, expected_version=1, by=another_social_worker, age_disputed=True)
    with pytest.raises(ConcurrentEditError):
        uasc_status_cease(status=second, ceased_on=date(2026, 1, 1), expected_version=1, by=social_worker)
    assert UASCStatus.objects.get().status_ceased_on is None


def test_the_page_shows_the_day_the_child_ceases_to_be_uasc(
    client, social_worker, teenager, django_assert_max_num_queries
):
    uasc_status_record(child=teenager, status_from=date(2025, 9, 1), age_disputed=True, by=social_worker)
    client.force_login(social_worker)
    client.get(reverse("uasc:status", args=[teenager.pk]))
    with django_assert_max_num_queries(10):
        page = client.get(reverse("uasc:status", args=[teenager.pk])).content.decode()
    assert "ceases to be UASC at 18 on 10 June 2029" in page


def test_a_worker_records_the_status_through_the_form(client, social_worker, teenager):
    client.force_login(social_worker)
    url = reverse("uasc:status-new", args=[teenager.pk])
    response = client.post(url, {**date_fields("status_from", date(2025, 9, 1))})
    assert response.status_code == 302
    assert UASCStatus.objects.get(child=teenager).status_from == date(2025, 9, 1)
    stale = client.post(
        reverse("uasc:status-cease", args=[teenager.pk]),
        {"version": "7", **date_fields("ceased_on", date(2026, 1, 1))},
    )
    assert stale.status_code == 409 and 'data-testid="edit-conflict"' in stale.content.decode()


def test_the_person_record_flag_follows_the_status(teenager, social_worker):
    status = uasc_status_record(child=teenager, status_from=date(2025, 9, 1), by=social_worker)
    teenager.refresh_from_db()
    assert teenager.uasc is True
    uasc_status_cease(status=status, ceased_on=date(2026, 5, 1), expected_version=1, by=social_worker)
    teenager.refresh_from_db()
    assert teenager.uasc is False
    assert teenager.history.first().history_user == social_worker
