"""The worktray, a worker's and a team manager's, costs the same queries however long the cases
on it are: each provider reads all the children at once (docs/architecture.md)."""

import pytest
from django.urls import reverse

from hearth.worktray.tests.case_history import lengthen, queries_for, safeguarding_case

URL = reverse("worktray:home")


@pytest.fixture
def case(social_worker, another_social_worker, team_manager):
    return safeguarding_case(social_worker, another_social_worker, team_manager)


@pytest.mark.parametrize("who", ["social_worker", "team_manager"])
def test_the_worktray_reads_a_long_case_in_as_many_queries_as_a_short_one(client, case, who, request):
    client.force_login(request.getfixturevalue(who))
    short = queries_for(client, URL)
    lengthen(case, months=6)
    assert case.child.case_notes.count() == 14 and case.period.placements.count() == 8
    assert queries_for(client, URL) == short
    page = client.get(URL).content.decode()
    if who == "team_manager":
        # The manager sees counts per worker and opens the worker's own list from there.
        assert "Your team's work" in page and "Ava Stone" not in page
    else:
        assert "Ava Stone" in page and "Your team's work" not in page


def test_a_team_members_work_reads_a_long_case_in_as_many_queries_as_a_short_one(
    client, case, social_worker, team_manager
):
    client.force_login(team_manager)
    url = reverse("worktray:team_member", args=[social_worker.pk])
    short = queries_for(client, url)
    lengthen(case, months=6)
    assert queries_for(client, url) == short
    assert "Ava Stone" in client.get(url).content.decode()
