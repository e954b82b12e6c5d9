"""Allocation pages: the child's history, transfer, and a manager's team caseload."""

from datetime import date

import pytest
from django.urls import reverse

from hearth.allocation.models import Allocation
from hearth.allocation.services import case_allocate, case_transfer
from hearth.people.services import person_create


def date_fields(name: str, day: date) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


@pytest.fixture
def caseload(teams, social_worker, team_manager):
    children = []
    for n in range(6):
        child = person_create(
            by=team_manager, first_name=f"Child{n}", last_name="Case", date_of_birth=date(2015, 1, 1), sex="U"
        )
        case_allocate(
            child=child,
            team=teams.assessment,
            worker=social_worker if n % 2 else None,
            start_date=date(2026, 9, 1),
            by=team_manager,
        )
        children.append(child)
    return children


def test_a_manager_sees_the_team_caseload_in_a_fixed_number_of_queries(
    client, team_manager, teams, caseload, django_assert_max_num_queries
):
    client.force_login(team_manager)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("allocation:team-caseload", args=[teams.assessment.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "6 open cases, 3 waiting for a named worker" in page


def test_a_manager_cannot_see_another_teams_caseload(client, team_manager, teams):
    client.force_login(team_manager)
    assert client.get(reverse("allocation:team-caseload", args=[teams.safeguarding.pk])).status_code == 403


def test_a_social_worker_cannot_see_a_team_caseload_or_allocate(client, social_worker, teams, child):
    client.force_login(social_worker)
    assert client.get(reverse("allocation:team-caseload", args=[teams.assessment.pk])).status_code == 403
    assert client.get(reverse("allocation:allocate", args=[child.pk])).status_code == 403


def test_the_allocation_history_shows_every_transfer_in_a_fixed_number_of_queries(
    client, social_worker, another_social_worker, team_manager, teams, child, django_assert_max_num_queries
):
    case_allocate(
        child=child, team=teams.assessment, worker=social_worker, start_date=date(2026, 1, 5), by=team_manager
    )
    for month in range(2, 8):
        team, worker = (
            (teams.safeguarding, another_social_worker)
            if month % 2 == 0
            else (teams.assessment, social_worker)
        )
        case_transfer(
            child=child,
            to_team=team,
            to_worker=worker,
            on=date(2026, month, 1),
            by=team_manager,
            reason="Move",
        )
    client.force_login(social_worker)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("allocation:history", args=[child.pk]))
    assert response.content.decode().count("South Safeguarding") >= 3


def test_a_manager_transfers_a_case_in_one_action(
    client, team_manager, teams, social_worker, another_social_worker, child
):
    first = case_allocate(
        child=child, team=teams.assessment, worker=social_worker, start_date=date(2026, 9, 1), by=team_manager
    )
    client.force_login(team_manager)
    response = client.post(
        reverse("allocation:transfer", args=[child.pk]),
        {
            "current": first.pk,
            "to_team": teams.safeguarding.pk,
            "to_worker": another_social_worker.pk,
            **date_fields("on", date(2026, 11, 2)),
            "reason": "Child protection plan",
        },
    )
    assert response.status_code == 302
    assert [(a.team, a.end_date) for a in Allocation.objects.order_by("pk")] == [
        (teams.assessment, date(2026, 11, 2)),
        (teams.safeguarding, None),
    ]


def test_a_transfer_from_a_stale_page_is_refused_on_screen(
    client, team_manager, teams, social_worker, another_social_worker, child
):
    first = case_allocate(
        child=child, team=teams.assessment, worker=None, start_date=date(2026, 9, 1), by=team_manager
    )
    case_transfer(
        child=child,
        to_team=teams.assessment,
        to_worker=social_worker,
        on=date(2026, 9, 2),
        by=team_manager,
        reason="Named",
    )
    client.force_login(team_manager)
    response = client.post(
        reverse("allocation:transfer", args=[child.pk]),
        {
            "current": first.pk,
            "to_team": teams.safeguarding.pk,
            **date_fields("on", date(2026, 11, 2)),
            "reason": "x",
        },
    )
    assert response.status_code == 400
    assert "Someone else changed this child&#x27;s allocation" in response.content.decode()
    assert Allocation.objects.count() == 2


def test_the_team_page_offers_its_caseload_to_a_manager_but_not_to_a_social_worker(
    client, teams, social_worker, team_manager
):
    team_page = f"/organisation/teams/{teams.assessment.pk}/"
    caseload_link = reverse("allocation:team-caseload", args=[teams.assessment.pk]).encode()
    client.force_login(team_manager)
    assert caseload_link in client.get(team_page).content
    client.force_login(social_worker)
    assert caseload_link not in client.get(team_page).content


def test_the_team_caseload_lists_each_case_with_its_child_worker_and_date(
    client, team_manager, teams, caseload, social_worker
):
    restricted = caseload[0]
    restricted.is_restricted = True
    restricted.save(update_fields=["is_restricted"])
    client.force_login(team_manager)
    page = client.get(reverse("allocation:team-caseload", args=[teams.assessment.pk])).content.decode()
    page = page[page.index('data-testid="team-cases"') :]
    assert f"Restricted record (Hearth ID {restricted.reference})" in page
    assert restricted.display_name not in page
    shown = caseload[1]
    assert (
        f'<a class="govuk-link" href="{reverse("allocation:history", args=[shown.pk])}">{shown.display_name}</a>'
        in page
    )
    assert page.count('<strong class="govuk-tag govuk-tag--yellow">Needs a worker</strong>') == 3
    assert page.count(f'<td class="govuk-table__cell">{social_worker.get_full_name()}</td>') == 3
    assert page.count('<td class="govuk-table__cell">1 Sep 2026</td>') == 6
