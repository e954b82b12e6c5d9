"""A child looked after is a child in need: coming into care opens an episode of need when none
is open, and care ending for adoption, an order, death or a transfer closes it with DfE's reason,
unless other work keeps it open for the worker."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hearth.assessment.models import Assessment
from hearth.childinneed.models import Referral
from hearth.childinneed.services import cin_plan_start, referral_close, referral_create
from hearth.childprotection.models import ChildProtectionPlan, Conference
from hearth.childprotection.services import section_47_start, strategy_discussion_record
from hearth.childrenincare.models import PeriodOfCare
from hearth.childrenincare.services import period_of_care_end, period_of_care_start
from hearth.childrenincare.tests.conftest import FOSTER_PLACEMENT
from hearth.childrenincare.tests.test_care_rules import start

CARE_STARTS = date(2026, 1, 5)
CARE_ENDS = date(2026, 6, 1)


def episodes(child) -> list[Referral]:
    return list(Referral.objects.filter(child=child).order_by("referral_date", "pk"))


def leave_care(period, reason: str, by, on=CARE_ENDS):
    return period_of_care_end(period=period, end_date=on, reason_ceased=reason, by=by)


# --- coming into care -----------------------------------------------------------------------------


def test_a_child_coming_into_care_with_no_open_episode_gets_one_dated_the_day_care_started(
    child, social_worker
):
    start(child, social_worker, category_of_need="N4")
    [episode] = episodes(child)
    assert (episode.referral_date, episode.closure_date) == (CARE_STARTS, None)
    assert episode.primary_need == "N4", "the period's category of need is the primary need"
    assert episode.source == "10", "the care record does not say who raised the concern: unknown"
    assert episode.created_by == social_worker and episode.contact is None


def test_the_caller_may_say_where_the_concern_came_from(child, social_worker):
    period_of_care_start(
        child=child,
        start_date=CARE_STARTS,
        legal_status="L1",
        placement=dict(FOSTER_PLACEMENT),
        category_of_need="N1",
        referral_source="6",
        by=social_worker,
    )
    assert [episode.source for episode in episodes(child)] == ["6"]


def test_an_unknown_referral_source_is_refused_and_nothing_is_saved(child, social_worker):
    with pytest.raises(ValidationError) as refused:
        period_of_care_start(
            child=child,
            start_date=CARE_STARTS,
            legal_status="C1",
            placement=dict(FOSTER_PLACEMENT),
            category_of_need="N1",
            referral_source="99",
            by=social_worker,
        )
    assert "referral_source" in refused.value.message_dict
    assert not PeriodOfCare.objects.exists() and not Referral.objects.exists()


def test_an_episode_already_open_is_the_one_the_care_belongs_to_and_no_second_opens(child, social_worker):
    referral = referral_create(
        child=child, referral_date=date(2025, 11, 3), source="2A", primary_need="N1", by=social_worker
    )
    start(child, social_worker, category_of_need="N5")
    assert episodes(child) == [referral]
    referral.refresh_from_db()
    assert (referral.source, referral.primary_need) == ("2A", "N1"), "the worker's referral is left as it was"


def test_coming_into_care_again_opens_a_new_episode_after_the_last_one_closed(child, social_worker):
    period = start(child, social_worker)
    leave_care(period, "E4A", social_worker)
    [first] = episodes(child)
    referral_close(referral=first, closure_date=date(2026, 6, 20), closure_reason="RC7", by=social_worker)
    start(child, social_worker, on=date(2026, 9, 7))
    assert [(e.referral_date, e.closure_date) for e in episodes(child)] == [
        (CARE_STARTS, date(2026, 6, 20)),
        (date(2026, 9, 7), None),
    ]


def test_an_episode_recorded_after_the_care_started_is_not_preceded_by_another(child, social_worker):
    # Care entered late, or loaded from an old system: the later referral stands as the episode.
    later = referral_create(child=child, referral_date=date(2026, 2, 2), source="6", by=social_worker)
    start(child, social_worker)
    assert episodes(child) == [later]


# --- leaving care: endings that end the need too --------------------------------------------------


@pytest.mark.parametrize(
    ("reason_ceased", "closure_reason"),
    [
        ("E11", "RC1"),
        ("E12", "RC1"),
        ("E2", "RC2"),
        ("E41", "RC3"),
        ("E45", "RC4"),
        ("E46", "RC4"),
        ("E47", "RC4"),
        ("E48", "RC4"),
        ("E3", "RC5"),
        ("E7", "RC6"),
    ],
)
def test_care_ending_for_good_closes_the_episode_the_same_day_with_the_census_reason(
    child, social_worker, reason_ceased, closure_reason
):
    leave_care(start(child, social_worker), reason_ceased, social_worker)
    [episode] = episodes(child)
    assert (episode.closure_date, episode.closure_reason) == (CARE_ENDS, closure_reason)


@pytest.mark.parametrize("reason_ceased", ["E4A", "E4B", "E13", "E5", "E6", "E8", "E9", "E14", "E15", "E16"])
def test_other_endings_leave_the_episode_open_for_the_worker_to_decide(child, social_worker, reason_ceased):
    leave_care(start(child, social_worker), reason_ceased, social_worker)
    [episode] = episodes(child)
    assert episode.closure_date is None


def test_an_open_child_in_need_plan_keeps_the_episode_open(child, social_worker):
    period = start(child, social_worker)
    cin_plan_start(referral=episodes(child)[0], start_date=date(2026, 2, 1), by=social_worker)
    leave_care(period, "E45", social_worker)
    assert episodes(child)[0].closure_date is None
    assert period.end_date == CARE_ENDS, "the care still ends"


def test_an_open_child_protection_plan_keeps_the_episode_open(child, social_worker, team_manager):
    period = start(child, social_worker)
    referral = episodes(child)[0]
    conference = Conference.objects.create(
        referral=referral, kind="initial", held_on=date(2026, 2, 2), chair=team_manager, outcome="plan"
    )
    ChildProtectionPlan.objects.create(
        referral=referral,
        initial_conference=conference,
        start_date=date(2026, 2, 2),
        initial_category="NEG",
        latest_category="NEG",
    )
    leave_care(period, "E41", social_worker)
    assert episodes(child)[0].closure_date is None


def test_an_assessment_awaiting_authorisation_keeps_the_episode_open(child, social_worker):
    period = start(child, social_worker)
    Assessment.objects.create(referral=episodes(child)[0], start_date=date(2026, 3, 2))
    leave_care(period, "E11", social_worker)
    assert episodes(child)[0].closure_date is None


def test_a_section_47_enquiry_not_yet_concluded_keeps_the_episode_open(child, social_worker):
    period = start(child, social_worker)
    discussion = strategy_discussion_record(
        referral=episodes(child)[0],
        held_on=date(2026, 4, 1),
        attendees=[{"agency": "Police", "name": "DC Shah"}],
        section_47_initiated=True,
        by=social_worker,
    )
    section_47_start(strategy_discussion=discussion, start_date=date(2026, 4, 1), by=social_worker)
    leave_care(period, "E3", social_worker)
    assert episodes(child)[0].closure_date is None


def test_work_recorded_on_the_episode_after_care_ended_leaves_it_for_the_worker(child, social_worker):
    # The ending entered late: closing on that day would come before the assessment's authorisation.
    period = start(child, social_worker)
    Assessment.objects.create(
        referral=episodes(child)[0],
        start_date=date(2026, 5, 4),
        completed_on=date(2026, 6, 5),
        authorised_on=date(2026, 6, 8),
    )
    leave_care(period, "E12", social_worker)
    assert episodes(child)[0].closure_date is None
    assert PeriodOfCare.objects.get(pk=period.pk).reason_ceased == "E12"


def test_an_episode_the_worker_already_closed_is_left_as_it_is(child, social_worker):
    period = start(child, social_worker)
    referral_close(
        referral=episodes(child)[0], closure_date=date(2026, 4, 1), closure_reason="RC7", by=social_worker
    )
    leave_care(period, "E11", social_worker)
    [episode] = episodes(child)
    assert (episode.closure_date, episode.closure_reason) == (date(2026, 4, 1), "RC7")


# --- what the services tell the page about the episode --------------------------------------------


def test_the_period_returned_says_which_episode_opened_with_the_care(child, social_worker):
    period = start(child, social_worker)
    [episode] = episodes(child)
    assert period.episode_of_need.opened == episode
    assert period.episode_of_need.closed is None


def test_the_period_returned_says_no_episode_opened_when_the_child_had_one_open(child, social_worker):
    referral_create(child=child, referral_date=date(2025, 11, 3), source="2A", by=social_worker)
    period = start(child, social_worker)
    assert period.episode_of_need.opened is None


def test_leaving_care_for_good_says_which_episode_closed_with_it(child, social_worker):
    period = leave_care(start(child, social_worker), "E11", social_worker)
    [episode] = episodes(child)
    assert period.episode_of_need.closed == episode
    assert period.episode_of_need.closed.closure_reason == "RC1"
    assert period.episode_of_need.left_open is None


def test_leaving_care_for_another_reason_says_the_episode_remains_open(child, social_worker):
    period = leave_care(start(child, social_worker), "E4A", social_worker)
    [episode] = episodes(child)
    assert (period.episode_of_need.closed, period.episode_of_need.left_open) == (None, episode)


def test_an_episode_kept_open_by_other_work_is_reported_as_remaining_open(child, social_worker):
    period = start(child, social_worker)
    [episode] = episodes(child)
    cin_plan_start(referral=episode, start_date=date(2026, 2, 1), by=social_worker)
    leave_care(period, "E45", social_worker)
    assert (period.episode_of_need.closed, period.episode_of_need.left_open) == (None, episode)


def test_leaving_care_with_no_episode_open_reports_none(child, social_worker):
    period = start(child, social_worker)
    referral_close(
        referral=episodes(child)[0], closure_date=date(2026, 4, 1), closure_reason="RC7", by=social_worker
    )
    leave_care(period, "E4A", social_worker)
    assert (period.episode_of_need.closed, period.episode_of_need.left_open) == (None, None)
