"""The chronology page costs one query per source whatever the length of the child's history:
here every kind of record grows (notes and visits, plan reviews, placements, looked-after
reviews, addresses, allocations), not only visits and addresses as in test_chronology.py."""

import pytest
from django.urls import reverse

from hearth.worktray.tests.case_history import lengthen, queries_for, safeguarding_case


@pytest.fixture
def case(social_worker, another_social_worker, team_manager):
    return safeguarding_case(social_worker, another_social_worker, team_manager)


def test_the_chronology_reads_a_long_history_in_as_many_queries_as_a_short_one(client, case, social_worker):
    client.force_login(social_worker)
    url = reverse("chronology:child", args=[case.child.pk])
    short = queries_for(client, url)
    entries_before = client.get(url).content.decode().count('data-testid="chronology-entry"')
    lengthen(case, months=6)
    assert queries_for(client, url) == short
    entries_after = client.get(url).content.decode().count('data-testid="chronology-entry"')
    assert entries_after > entries_before + 6 * 6  # every month added at least six entries
