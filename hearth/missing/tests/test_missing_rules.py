"""The rules for missing episodes, the 72-hour return home interview clock and repeat episodes."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.childrenincare.models import Placement
from hearth.concurrency import ConcurrentEditError
from hearth.health.tests.fixtures import local
from hearth.missing.models import MissingEpisode
from hearth.missing.selectors import missing_for_child, repeat_flag, rhi_due_at, rhi_state
from hearth.missing.services import missing_episode_record, missing_episode_update


def went_missing(child, at, by, **extra):
    return missing_episode_record(child=child, episode_type="M", started_at=at, by=by, **extra)


def refused(field, call):
    with pytest.raises(ValidationError) as caught:
        call()
    assert field in caught.value.message_dict, caught.value.message_dict
    return caught.value.message_dict[field][0]


def test_an_episode_is_recorded_with_who_recorded_it(teenager, social_worker):
    episode = went_missing(teenager, local(2026, 3, 6, 22), social_worker, reported_to_police=True)
    assert episode.history.first().history_user == social_worker
    assert episode.ended_at is None


def test_times_in_the_future_or_before_birth_are_refused(teenager, social_worker):
    soon = timezone.now() + timedelta(hours=1)
    assert "now or in the past" in refused("started_at", lambda: went_missing(teenager, soon, social_worker))
    assert "date of birth" in refused(
        "started_at", lambda: went_missing(teenager, local(2011, 6, 9), social_worker)
    )
    assert not MissingEpisode.objects.exists()


def test_an_episode_ends_after_it_starts(teenager, social_worker):
    message = refused(
        "ended_at",
        lambda: went_missing(teenager, local(2026, 3, 6, 22), social_worker, ended_at=local(2026, 3, 6, 22)),
    )
    assert "after they went missing" in message
    assert not MissingEpisode.objects.exists()


def test_a_child_has_one_open_episode_at_a_time(teenager, social_worker):
    went_missing(teenager, local(2026, 3, 6, 22), social_worker)
    message = refused("ended_at", lambda: went_missing(teenager, local(2026, 3, 8, 9), social_worker))
    assert "already recorded as missing" in message
    assert MissingEpisode.objects.count() == 1


def test_episodes_do_not_overlap(teenager, social_worker):
    went_missing(teenager, local(2026, 3, 6, 22), social_worker, ended_at=local(2026, 3, 7, 10))
    message = refused(
        "started_at",
        lambda: went_missing(teenager, local(2026, 3, 7, 9), social_worker, ended_at=local(2026, 3, 7, 12)),
    )
    assert "overlaps" in message


def test_the_return_home_interview_is_due_72_hours_after_the_return_across_a_weekend(teenager, social_worker):
    # Back at 18:00 on Friday 6 March 2026: due by 18:00 on Monday 9 March, not 3 working days.
    episode = went_missing(teenager, local(2026, 3, 6, 1), social_worker, ended_at=local(2026, 3, 6, 18))
    assert rhi_due_at(episode) == local(2026, 3, 9, 18)
    assert rhi_state(episode, now=local(2026, 3, 9, 17, 59)).label == "Due"
    assert rhi_state(episode, now=local(2026, 3, 9, 18, 1)).label == "Overdue"


def test_an_interview_held_in_time_or_late_or_declined(teenager, social_worker):
    episode = went_missing(teenager, local(2026, 3, 6, 1), social_worker, ended_at=local(2026, 3, 6, 18))
    on_time = dict(
        rhi_offered_at=local(2026, 3, 7, 10),
        rhi_outcome="accepted",
        rhi_held_at=local(2026, 3, 9, 17),
        rhi_held_by="Jo Bell, Missing Service",
        rhi_by_independent_person=True,
    )
    missing_episode_update(episode=episode, expected_version=1, by=social_worker, **on_time)
    assert rhi_state(episode, now=local(2026, 4, 1)).label == "Held within 72 hours"
    missing_episode_update(
        episode=episode, expected_version=2, by=social_worker, rhi_held_at=local(2026, 3, 9, 19)
    )
    assert rhi_state(episode, now=local(2026, 4, 1)).label == "Held late"
    missing_episode_update(
        episode=episode,
        expected_version=3,
        by=social_worker,
        rhi_outcome="declined",
        rhi_held_at=None,
        rhi_held_by="",
    )
    assert rhi_state(episode, now=local(2026, 4, 1)).label == "Declined"


def test_interview_rules(teenager, social_worker):
    open_episode = went_missing(teenager, local(2026, 3, 6, 1), social_worker)
    assert "after the child has returned" in refused(
        "rhi_offered_at",
        lambda: missing_episode_update(
            episode=open_episode, expected_version=1, by=social_worker, rhi_offered_at=local(2026, 3, 6, 2)
        ),
    )
    episode = MissingEpisode.objects.get(pk=open_episode.pk)
    returned = dict(ended_at=local(2026, 3, 6, 18), rhi_offered_at=local(2026, 3, 7, 9))
    assert "only if the child accepted" in refused(
        "rhi_outcome",
        lambda: missing_episode_update(
            episode=episode,
            expected_version=1,
            by=social_worker,
            **returned,
            rhi_outcome="declined",
            rhi_held_at=local(2026, 3, 7, 10),
            rhi_held_by="Jo Bell",
            rhi_by_independent_person=True,
        ),
    )
    episode = MissingEpisode.objects.get(pk=open_episode.pk)
    assert "independent of the child's placement" in refused(
        "rhi_by_independent_person",
        lambda: missing_episode_update(
            episode=episode,
            expected_version=1,
            by=social_worker,
            **returned,
            rhi_outcome="accepted",
            rhi_held_at=local(2026, 3, 7, 10),
            rhi_held_by="The foster carer",
        ),
    )
    assert MissingEpisode.objects.get(pk=open_episode.pk).ended_at is None  # nothing saved


def test_an_edit_on_an_out_of_date_form_is_refused(teenager, social_worker, another_social_worker):
    episode = went_missing(teenager, local(2026, 3, 6, 1), social_worker)
    first, second = (MissingEpisode.objects.get(pk=episode.pk) for _ in range(2))
    missing_episode_update(
        episode=first, expected_version=1, by=another_social_worker, ended_at=local(2026, 3, 6, 18)
    )
    with pytest.raises(ConcurrentEditError):
        missing_episode_update(
            episode=second, expected_version=1, by=social_worker, ended_at=local(2026, 3, 6, 20)
        )
    assert MissingEpisode.objects.get(pk=episode.pk).ended_at == local(2026, 3, 6, 18)


def test_three_episodes_within_30_days_are_flagged(teenager, social_worker):
    for day in (1, 12):
        went_missing(teenager, local(2026, 2, day), social_worker, ended_at=local(2026, 2, day, 20))
    assert missing_for_child(teenager).repeat is None
    went_missing(teenager, local(2026, 3, 3), social_worker, ended_at=local(2026, 3, 3, 20))
    flag = missing_for_child(teenager).repeat
    assert (flag.count, flag.first, flag.last) == (3, local(2026, 2, 1), local(2026, 3, 3))


def test_three_episodes_spread_over_more_than_30_days_are_not_flagged():
    assert repeat_flag([local(2026, 1, 1), local(2026, 1, 20), local(2026, 2, 1)]) is None


def test_a_child_still_missing_cannot_have_gone_from_a_placement_that_has_since_ended(
    teenager_in_care, teenager, social_worker
):
    Placement.objects.create(
        period=teenager_in_care,
        start_date=date(2025, 1, 6),
        end_date=date(2026, 3, 9),
        placement_type="U4",
        provider="PR1",
    )
    message = refused("ended_at", lambda: went_missing(teenager, local(2026, 3, 6, 22), social_worker))
    assert "placement ended on 9 March 2026" in message
    # With their return recorded, the episode fits inside the placement it began in.
    went_missing(teenager, local(2026, 3, 6, 22), social_worker, ended_at=local(2026, 3, 7, 9))
    # A child who went missing after the move can be recorded as missing now.
    went_missing(teenager, local(2026, 3, 10, 22), social_worker)
