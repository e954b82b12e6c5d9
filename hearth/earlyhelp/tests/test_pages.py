"""Early help pages: the episode list, step up and step down."""

from datetime import date

from django.urls import reverse

from hearth.childinneed.models import Referral
from hearth.childinneed.services import referral_create
from hearth.earlyhelp.models import EarlyHelpEpisode
from hearth.earlyhelp.services import early_help_end, early_help_start


def date_fields(name: str, day: date) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def test_the_early_help_page_reads_in_a_fixed_number_of_queries(
    client, social_worker, child, django_assert_max_num_queries
):
    for year in (2021, 2022, 2023, 2024):
        episode = early_help_start(
            child=child, start_date=date(year, 1, 1), by=social_worker, lead_worker=social_worker
        )
        early_help_end(
            episode=episode,
            end_date=date(year, 6, 1),
            outcome="needs_met",
            by=social_worker,
            expected_version=1,
        )
    early_help_start(child=child, start_date=date(2026, 1, 1), by=social_worker)
    client.force_login(social_worker)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("earlyhelp:episodes", args=[child.pk]))
    assert response.content.decode().count('data-testid="early-help-episode"') == 5


def test_a_worker_steps_a_case_up_directly_in_one_action(client, social_worker, child):
    episode = early_help_start(child=child, start_date=date(2026, 6, 1), by=social_worker)
    client.force_login(social_worker)
    response = client.post(
        reverse("earlyhelp:step-up", args=[child.pk, episode.pk]),
        {
            "version": 1,
            **date_fields("on", date(2026, 11, 2)),
            "reason": "Neglect worsening.",
            "route": "referral",
        },
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.outcome == "stepped_up" and episode.stepped_up_to == Referral.objects.get()


def test_a_worker_steps_a_case_down_in_one_action(client, social_worker, child):
    referral = referral_create(child=child, referral_date=date(2026, 9, 1), source="2A", by=social_worker)
    client.force_login(social_worker)
    response = client.post(
        reverse("earlyhelp:step-down", args=[child.pk, referral.pk]),
        {"version": referral.version, **date_fields("on", date(2026, 11, 2)), "lead_agency": "Family hub"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.closure_reason == "RC7"
    assert EarlyHelpEpisode.objects.get().stepped_down_from == referral


def test_a_step_down_dated_before_the_referral_is_refused_on_screen(client, social_worker, child):
    referral = referral_create(child=child, referral_date=date(2026, 9, 1), source="2A", by=social_worker)
    client.force_login(social_worker)
    response = client.post(
        reverse("earlyhelp:step-down", args=[child.pk, referral.pk]),
        {"version": referral.version, **date_fields("on", date(2026, 8, 1))},
    )
    assert response.status_code == 400
    assert "on or after the referral date" in response.content.decode()
    assert not EarlyHelpEpisode.objects.exists()
