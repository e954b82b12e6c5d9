"""The demo authority's children in care are made through the services, with whole timelines."""

import pytest
from django.core.management import call_command

from hearth.casenotes.models import CaseNote
from hearth.childrenincare.episodes import derive_episodes
from hearth.childrenincare.models import CareReview, PeriodOfCare


@pytest.mark.django_db(transaction=True)
def test_the_demo_has_children_in_care_with_whole_timelines_reviews_and_visits():
    call_command("generate_demo_authority", "--scale", "tiny", "--seed", "3", "--no-progress")
    periods = list(PeriodOfCare.objects.prefetch_related("legal_statuses", "placements"))
    assert len(periods) >= 5
    for period in periods:
        for timeline in (period.legal_statuses.all(), period.placements.all()):
            entries = sorted(timeline, key=lambda entry: entry.start_date)
            assert entries[0].start_date == period.start_date
            assert all(a.end_date == b.start_date for a, b in zip(entries, entries[1:], strict=False))
            assert entries[-1].end_date == period.end_date
        episodes = derive_episodes(period)
        assert episodes[0].RNE == "S" and all(e.REC == "X1" for e in episodes[:-1])
    assert CareReview.objects.exists()
    assert CaseNote.objects.filter(kind="cla_visit").exists()
