"""The child's referrals and plans pages."""

from datetime import date

import pytest
from django.urls import reverse

from hearth.childinneed.models import CINPlan, Referral
from hearth.childinneed.services import (
    cin_plan_end,
    cin_plan_review_add,
    cin_plan_start,
    referral_close,
    referral_create,
)


def date_fields(name: str, day: date) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def refer(child, on, by, **extra):
    return referral_create(child=child, referral_date=on, source="2A", by=by, **extra)


@pytest.fixture
def long_history(child, social_worker):
    """Three closed episodes with plans and reviews, and an open one with a plan."""
    for year in (2022, 2023, 2024):
        referral = refer(child, date(year, 1, 10), social_worker, primary_need="N1")
        for month in (2, 5):
            plan = cin_plan_start(referral=referral, start_date=date(year, month, 1), by=social_worker)
            cin_plan_review_add(plan=plan, review_date=date(year, month, 20), by=social_worker)
            cin_plan_end(plan=plan, end_date=date(year, month + 1, 28), by=social_worker)
        referral_close(
            referral=referral, closure_date=date(year, 7, 1), closure_reason="RC7", by=social_worker
        )
    current = refer(child, date(2026, 9, 1), social_worker, primary_need="N4")
    cin_plan_start(referral=current, start_date=date(2026, 9, 20), by=social_worker)
    return current


def test_the_episode_page_reads_in_a_fixed_number_of_queries(
    client, social_worker, child, long_history, django_assert_max_num_queries
):
    client.force_login(social_worker)
    # +1: the record's tabs ask whether DfE's return checks found anything (returns).
    with django_assert_max_num_queries(15):
        response = client.get(reverse("childinneed:episodes", args=[child.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="episode"') == 4
    # +1: the record's tabs ask whether DfE's return checks found anything (returns).
    with django_assert_max_num_queries(15):
        response = client.get(reverse("childinneed:referral", args=[child.pk, long_history.pk]))
    assert response.status_code == 200
    assert 'data-testid="close-blocked"' in response.content.decode()


def test_a_re_referral_is_flagged_on_the_referral_and_the_episode_page(client, social_worker, child):
    refer(child, date(2026, 1, 5), social_worker, no_further_action=True)
    again = refer(child, date(2026, 11, 2), social_worker)
    client.force_login(social_worker)
    for url in (
        reverse("childinneed:referral", args=[child.pk, again.pk]),
        reverse("childinneed:episodes", args=[child.pk]),
    ):
        page = client.get(url).content.decode()
        assert 'data-testid="re-referral"' in page
        assert "last referred on 5 January 2026" in page


def test_a_referral_after_more_than_12_months_is_not_flagged(client, social_worker, child):
    refer(child, date(2025, 10, 1), social_worker, no_further_action=True)
    again = refer(child, date(2026, 11, 2), social_worker)
    client.force_login(social_worker)
    page = client.get(reverse("childinneed:referral", args=[child.pk, again.pk])).content.decode()
    assert 'data-testid="re-referral"' not in page


def test_a_social_worker_records_a_transfer_in_referral(client, social_worker, child):
    client.force_login(social_worker)
    response = client.post(
        reverse("childinneed:referral-new", args=[child.pk]),
        {**date_fields("referral_date", date(2026, 11, 2)), "source": "5C", "primary_need": "N1"},
    )
    assert response.status_code == 302
    assert Referral.objects.get().source == "5C"


def test_a_referral_before_birth_shows_the_error_next_to_the_date(client, social_worker, child):
    client.force_login(social_worker)
    response = client.post(
        reverse("childinneed:referral-new", args=[child.pk]),
        {**date_fields("referral_date", date(2017, 1, 1)), "source": "5C"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and "on or after the child&#x27;s date of birth" in page
    assert not Referral.objects.exists()


def test_closing_while_a_plan_is_open_is_refused_on_screen(client, social_worker, child):
    referral = refer(child, date(2026, 9, 1), social_worker)
    cin_plan_start(referral=referral, start_date=date(2026, 9, 2), by=social_worker)
    client.force_login(social_worker)
    response = client.post(
        reverse("childinneed:referral-close", args=[child.pk, referral.pk]),
        {
            "version": referral.version,
            **date_fields("closure_date", date(2026, 11, 1)),
            "closure_reason": "RC7",
        },
    )
    assert response.status_code == 400
    assert "End the child in need plan before closing the case" in response.content.decode()


def test_an_overlapping_plan_is_refused_on_screen(client, social_worker, child):
    referral = refer(child, date(2026, 9, 1), social_worker)
    cin_plan_start(referral=referral, start_date=date(2026, 9, 2), by=social_worker)
    client.force_login(social_worker)
    response = client.post(
        reverse("childinneed:cin-plan-new", args=[child.pk, referral.pk]),
        date_fields("start_date", date(2026, 10, 1)),
    )
    assert response.status_code == 400
    assert CINPlan.objects.count() == 1


def test_a_referral_changed_by_someone_else_is_not_overwritten(
    client, social_worker, another_social_worker, child
):
    referral = refer(child, date(2026, 9, 1), social_worker)
    client.force_login(another_social_worker)
    url = reverse("childinneed:referral-edit", args=[child.pk, referral.pk])
    client.post(
        url,
        {
            "version": 1,
            **date_fields("referral_date", date(2026, 9, 1)),
            "source": "2A",
            "primary_need": "N1",
        },
    )
    client.force_login(social_worker)
    response = client.post(
        url,
        {
            "version": 1,
            **date_fields("referral_date", date(2026, 9, 1)),
            "source": "2A",
            "primary_need": "N5",
        },
    )
    assert response.status_code == 409
    assert "Primary need: N5 → N1" in response.content.decode()
    referral.refresh_from_db()
    assert referral.primary_need == "N1"


def test_a_performance_analyst_reads_but_cannot_refer(client, analyst, child):
    client.force_login(analyst)
    assert client.get(reverse("childinneed:episodes", args=[child.pk])).status_code == 200
    assert client.get(reverse("childinneed:referral-new", args=[child.pk])).status_code == 403
