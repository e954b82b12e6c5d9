"""A team manager's team caseload costs the same queries however long its cases' histories
(transfers included) and however many cases the team holds."""

import pytest
from django.urls import reverse

from hearth.organisation.models import TeamType
from hearth.worktray.tests.case_history import lengthen, open_case, queries_for
from hearth.worktray.tests.journey import make_chair, make_team


@pytest.fixture
def team(social_worker, another_social_worker, team_manager):
    return make_team(
        "South Safeguarding",
        TeamType.SAFEGUARDING,
        manager=team_manager,
        members=[social_worker, another_social_worker],
    )


def test_the_team_caseload_reads_long_cases_in_as_many_queries_as_short_ones(
    client, team, social_worker, another_social_worker, team_manager
):
    chair = make_chair()
    case = open_case(team=team, worker=social_worker, colleague=another_social_worker, chair=chair)
    client.force_login(team_manager)
    url = reverse("allocation:team-caseload", args=[team.pk])
    short = queries_for(client, url)
    lengthen(case, months=4)
    open_case(team=team, worker=another_social_worker, colleague=social_worker, chair=chair, first_name="Zoe")
    assert queries_for(client, url) == short
    page = client.get(url).content.decode()
    assert "Ava Stone" in page and "Zoe Stone" in page
