from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.assessment.models import Assessment
from hearth.assessment.services import assessment_complete, assessment_start
from hearth.audit.models import AccessLogEntry
from hearth.childinneed.models import Referral


def date_fields(prefix: str, day: date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.fixture
def started(referral, social_worker) -> Assessment:
    return assessment_start(referral=referral, start_date=date(2025, 12, 22), by=social_worker)


@pytest.fixture
def completed(started, social_worker) -> Assessment:
    return assessment_complete(
        assessment=started,
        completed_on=date(2026, 2, 10),
        factors=["3B", "16A"],
        outcome="cin",
        by=social_worker,
    )


def test_a_social_worker_starts_an_assessment_from_the_childs_record(client, social_worker, child, referral):
    client.force_login(social_worker)
    page = client.get(reverse("assessment:list", args=[child.pk]))
    assert "Start an assessment" in page.content.decode()
    response = client.post(
        reverse("assessment:start", args=[child.pk]), date_fields("start_date", date(2025, 12, 22))
    )
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("assessment:detail", args=[child.pk, assessment.pk])
    assert AccessLogEntry.objects.filter(person=child, user=social_worker).exists()


def test_a_bad_start_date_shows_the_error_summary_and_saves_nothing(client, social_worker, child, referral):
    client.force_login(social_worker)
    response = client.post(
        reverse("assessment:start", args=[child.pk]), date_fields("start_date", date(2025, 12, 1))
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in body and "on or after the referral date" in body
    assert not Assessment.objects.exists()


def test_the_assessment_page_shows_the_clock_from_the_referral(client, social_worker, child, started):
    client.force_login(social_worker)
    body = client.get(reverse("assessment:detail", args=[child.pk, started.pk])).content.decode()
    assert "Due 25 February 2026, 45 working days from the referral" in body
    assert "overdue" in body  # the date of these tests is long after the due date


def test_factors_are_gov_uk_checkboxes_from_the_code_list(client, social_worker, child, started):
    client.force_login(social_worker)
    body = client.get(reverse("assessment:complete", args=[child.pk, started.pk])).content.decode()
    assert 'class="govuk-checkboxes__input"' in body
    assert "No factors identified (21)" in body and "Neglect (16A)" in body


def test_a_worker_submits_the_assessment_for_authorisation(client, social_worker, child, started):
    client.force_login(social_worker)
    response = client.post(
        reverse("assessment:complete", args=[child.pk, started.pk]),
        {
            "version": 1,
            **date_fields("completed_on", date(2026, 2, 10)),
            "factors": ["21", "16A"],
            "outcome": "cin",
        },
    )
    assert response.status_code == 400
    assert "cannot be chosen with other factors" in response.content.decode()
    response = client.post(
        reverse("assessment:complete", args=[child.pk, started.pk]),
        {
            "version": 1,
            **date_fields("completed_on", date(2026, 2, 10)),
            "factors": ["16A"],
            "outcome": "cin",
        },
    )
    assert response.status_code == 302
    started.refresh_from_db()
    assert (started.completed_on, started.factors) == (date(2026, 2, 10), ["16A"])


def test_only_a_team_manager_may_open_the_authorise_page(client, social_worker, cp_chair, child, completed):
    url = reverse("assessment:authorise", args=[child.pk, completed.pk])
    for someone in (social_worker, cp_chair):
        client.force_login(someone)
        assert client.get(url).status_code == 403
        assert (
            client.post(url, {"version": 2, **date_fields("authorised_on", date(2026, 2, 12))}).status_code
            == 403
        )
    assert Assessment.objects.get(pk=completed.pk).authorised_on is None


def test_a_team_manager_authorises_the_assessment(client, team_manager, child, completed):
    client.force_login(team_manager)
    url = reverse("assessment:authorise", args=[child.pk, completed.pk])
    response = client.post(
        url, {"version": completed.version, **date_fields("authorised_on", date(2026, 2, 12))}
    )
    assert response.status_code == 302
    completed.refresh_from_db()
    assert completed.authorised_by == team_manager
    body = client.get(reverse("assessment:detail", args=[child.pk, completed.pk])).content.decode()
    assert "In timescale" in body


def test_saving_over_someone_elses_change_shows_what_changed(client, social_worker, child, started):
    Assessment.objects.filter(pk=started.pk).update(analysis="Written by Kim", version=2)
    client.force_login(social_worker)
    response = client.post(
        reverse("assessment:detail", args=[child.pk, started.pk]),
        {"version": 1, "analysis": "Written by Sam", "child_views": ""},
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this record" in body and "Written by Kim" in body
    assert Assessment.objects.get(pk=started.pk).analysis == "Written by Kim"


def test_an_analyst_may_read_but_not_record(client, analyst, child, started):
    client.force_login(analyst)
    assert client.get(reverse("assessment:detail", args=[child.pk, started.pk])).status_code == 200
    assert client.get(reverse("assessment:start", args=[child.pk])).status_code == 403


def test_another_childs_assessment_is_not_found_through_this_child(client, social_worker, started, child):
    from hearth.people.models import Person

    other = Person.objects.create(first_name="Noah", last_name="Reed", date_of_birth=date(2019, 1, 1))
    client.force_login(social_worker)
    assert client.get(reverse("assessment:detail", args=[other.pk, started.pk])).status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pages_take_the_same_queries_however_many_assessments(
    django_assert_max_num_queries, client, social_worker, team_manager, child, completed
):
    client.force_login(social_worker)
    list_url = reverse("assessment:list", args=[child.pk])
    detail_url = reverse("assessment:detail", args=[child.pk, completed.pk])
    _queries(client, list_url)  # warm the per-process code list and timescale caches
    few = (_queries(client, list_url), _queries(client, detail_url))
    for year in range(2019, 2025):
        old = Referral.objects.create(
            child=child,
            referral_date=date(year, 3, 1),
            source="2A",
            closure_date=date(year, 9, 1),
            closure_reason="RC7",
        )
        Assessment.objects.create(
            referral=old,
            start_date=date(year, 3, 2),
            completed_on=date(year, 4, 1),
            authorised_on=date(year, 4, 2),
            authorised_by=team_manager,
            factors=["16A"],
            outcome="cin",
        )
    many = (_queries(client, list_url), _queries(client, detail_url))
    assert many == few
    with django_assert_max_num_queries(few[0]):
        client.get(list_url)
