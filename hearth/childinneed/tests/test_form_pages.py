"""Every form page of the journey apps opens in a fixed number of queries, however much the
child's record holds (several episodes, plans, reviews and allocations)."""

from datetime import date

import pytest
from django.urls import reverse

from hearth.allocation.services import case_allocate, case_transfer
from hearth.childinneed.services import (
    cin_plan_end,
    cin_plan_review_add,
    cin_plan_start,
    referral_close,
    referral_create,
)
from hearth.earlyhelp.services import early_help_end, early_help_start


@pytest.fixture
def busy_record(child, social_worker, team_manager, teams, another_social_worker):
    for year in (2021, 2022):
        episode = early_help_start(child=child, start_date=date(year, 1, 1), by=social_worker)
        early_help_end(
            episode=episode,
            end_date=date(year, 3, 1),
            outcome="needs_met",
            by=social_worker,
            expected_version=1,
        )
    for year in (2023, 2024):
        referral = referral_create(
            child=child, referral_date=date(year, 1, 10), source="2A", by=social_worker
        )
        plan = cin_plan_start(referral=referral, start_date=date(year, 2, 1), by=social_worker)
        for month in (3, 4, 5):
            cin_plan_review_add(plan=plan, review_date=date(year, month, 1), by=social_worker)
        cin_plan_end(plan=plan, end_date=date(year, 6, 1), by=social_worker)
        referral_close(
            referral=referral, closure_date=date(year, 7, 1), closure_reason="RC7", by=social_worker
        )
    episode = early_help_start(child=child, start_date=date(2025, 1, 1), by=social_worker)
    early_help_end(
        episode=episode, end_date=date(2025, 2, 1), outcome="needs_met", by=social_worker, expected_version=1
    )
    referral = referral_create(child=child, referral_date=date(2026, 9, 1), source="2A", by=social_worker)
    plan = cin_plan_start(referral=referral, start_date=date(2026, 9, 10), by=social_worker)
    case_allocate(
        child=child, team=teams.assessment, worker=social_worker, start_date=date(2026, 9, 1), by=team_manager
    )
    case_transfer(
        child=child,
        to_team=teams.safeguarding,
        to_worker=another_social_worker,
        on=date(2026, 10, 1),
        by=team_manager,
        reason="Move",
    )
    return referral, plan, episode


def test_every_form_page_opens_in_a_fixed_number_of_queries(
    client, team_manager, child, busy_record, django_assert_max_num_queries
):
    referral, plan, episode = busy_record
    client.force_login(team_manager)
    pages = [
        reverse("childinneed:referral-edit", args=[child.pk, referral.pk]),
        reverse("childinneed:referral-close", args=[child.pk, referral.pk]),
        reverse("childinneed:cin-plan-end", args=[child.pk, referral.pk, plan.pk]),
        reverse("childinneed:cin-plan-review", args=[child.pk, referral.pk, plan.pk]),
        reverse("earlyhelp:step-down", args=[child.pk, referral.pk]),
        reverse("earlyhelp:episodes", args=[child.pk]),
        reverse("allocation:history", args=[child.pk]),
        reverse("allocation:transfer", args=[child.pk]),
    ]
    for url in pages:
        with django_assert_max_num_queries(14):
            response = client.get(url)
        assert response.status_code == 200, url
