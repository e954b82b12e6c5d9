"""The child's missing page and its forms."""

from datetime import date

from django.urls import reverse

from hearth.health.tests.fixtures import date_fields, local
from hearth.missing.models import MissingEpisode
from hearth.missing.services import missing_episode_record


def test_the_missing_page_reads_in_a_fixed_number_of_queries(
    client, social_worker, teenager, django_assert_max_num_queries
):
    for month in range(1, 11):
        missing_episode_record(
            child=teenager,
            episode_type="A" if month % 2 else "M",
            started_at=local(2026, month, 5, 21),
            ended_at=local(2026, month, 6, 9),
            by=social_worker,
        )
    missing_episode_record(
        child=teenager, episode_type="M", started_at=local(2026, 11, 20, 21), by=social_worker
    )
    client.force_login(social_worker)
    client.get(reverse("missing:episodes", args=[teenager.pk]))  # warm the per-process caches
    # +1: the record's tabs ask whether DfE's return checks found anything (returns).
    with django_assert_max_num_queries(11):
        response = client.get(reverse("missing:episodes", args=[teenager.pk]))
    page = response.content.decode()
    assert page.count('data-testid="missing-episode"') == 11
    assert 'data-testid="missing-now"' in page
    assert page.count(">Overdue<") == 10


def test_a_worker_records_an_episode_with_dates_and_times(client, social_worker, teenager):
    client.force_login(social_worker)
    response = client.post(
        reverse("missing:episode-new", args=[teenager.pk]),
        {
            "episode_type": "M",
            **date_fields("started_at_date", date(2026, 3, 6)),
            "started_at_time": "22:15",
            **date_fields("ended_at_date", date(2026, 3, 7)),
            "ended_at_time": "09:30",
            "reported_to_police": "on",
        },
    )
    assert response.status_code == 302
    episode = MissingEpisode.objects.get(child=teenager)
    assert (episode.started_at, episode.ended_at, episode.reported_to_police) == (
        local(2026, 3, 6, 22, 15),
        local(2026, 3, 7, 9, 30),
        True,
    )


def test_a_return_before_the_start_shows_a_govuk_error(client, social_worker, teenager):
    client.force_login(social_worker)
    response = client.post(
        reverse("missing:episode-new", args=[teenager.pk]),
        {
            "episode_type": "A",
            **date_fields("started_at_date", date(2026, 3, 6)),
            "started_at_time": "22:15",
            **date_fields("ended_at_date", date(2026, 3, 6)),
            "ended_at_time": "21:00",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and "must be after they went missing" in page
    assert not MissingEpisode.objects.exists()


def test_a_time_that_is_not_a_time_is_refused(client, social_worker, teenager):
    client.force_login(social_worker)
    response = client.post(
        reverse("missing:episode-new", args=[teenager.pk]),
        {"episode_type": "M", **date_fields("started_at_date", date(2026, 3, 6)), "started_at_time": "25:00"},
    )
    assert response.status_code == 400
    assert "24-hour clock" in response.content.decode()


def test_the_edit_page_shows_when_the_interview_is_due(client, social_worker, teenager):
    episode = missing_episode_record(
        child=teenager,
        episode_type="M",
        started_at=local(2026, 3, 6, 1),
        ended_at=local(2026, 3, 6, 18),
        by=social_worker,
    )
    client.force_login(social_worker)
    page = client.get(reverse("missing:episode-edit", args=[teenager.pk, episode.pk])).content.decode()
    assert "due by Monday 9 March 2026 at 18:00" in page
