from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.assessment.models import Assessment
from hearth.assessment.selectors import assessment_clock, assessment_due, open_assessment
from hearth.assessment.services import (
    ConcurrentEditError,
    assessment_authorise,
    assessment_complete,
    assessment_record,
    assessment_start,
)
from hearth.childinneed.models import Referral
from hearth.people.models import Person, PersonType


def messages_for(refused, field: str) -> str:
    return " ".join(refused.value.message_dict.get(field, []))


@pytest.fixture
def started(referral, social_worker) -> Assessment:
    return assessment_start(referral=referral, start_date=date(2025, 12, 22), by=social_worker)


@pytest.fixture
def completed(started, social_worker) -> Assessment:
    return assessment_complete(
        assessment=started,
        completed_on=date(2026, 2, 10),
        factors=["3B", "16A"],
        outcome="cin",
        by=social_worker,
    )


def test_a_worker_starts_an_assessment_and_the_history_says_who(started, social_worker):
    assert started.pk and started.created_by == social_worker
    assert started.history.first().history_user == social_worker


def test_an_assessment_cannot_start_before_the_referral(referral, social_worker):
    with pytest.raises(ValidationError) as refused:
        assessment_start(referral=referral, start_date=date(2025, 12, 18), by=social_worker)
    assert "on or after the referral date, 19 December 2025" in messages_for(refused, "start_date")
    assert not Assessment.objects.exists()


def test_an_assessment_cannot_start_in_the_future(referral, social_worker):
    with pytest.raises(ValidationError) as refused:
        assessment_start(
            referral=referral, start_date=timezone.localdate() + timedelta(days=1), by=social_worker
        )
    assert "today or in the past" in messages_for(refused, "start_date")


def test_an_episode_has_at_most_one_open_assessment(started, referral, social_worker):
    with pytest.raises(ValidationError) as refused:
        assessment_start(referral=referral, start_date=date(2026, 1, 5), by=social_worker)
    assert "already an open assessment" in messages_for(refused, "start_date")
    assert Assessment.objects.count() == 1


def test_a_new_assessment_may_start_once_the_last_is_authorised(
    completed, referral, social_worker, team_manager
):
    assessment_authorise(assessment=completed, authorised_on=date(2026, 2, 11), by=team_manager)
    again = assessment_start(referral=referral, start_date=date(2026, 3, 2), by=social_worker)
    assert open_assessment(referral) == again


def test_events_after_the_case_closed_are_refused(referral, social_worker):
    referral.closure_date = date(2026, 1, 30)
    referral.closure_reason = "RC8"
    referral.save()
    with pytest.raises(ValidationError) as refused:
        assessment_start(referral=referral, start_date=date(2026, 2, 2), by=social_worker)
    assert "on or before the date the case closed, 30 January 2026" in messages_for(refused, "start_date")


def test_an_assessment_cannot_be_dated_before_the_child_was_born(social_worker):
    baby = Person.objects.create(first_name="Leo", last_name="Hart", date_of_birth=date(2026, 3, 10))
    referral = Referral.objects.create(child=baby, referral_date=date(2026, 3, 12), source="3B")
    with pytest.raises(ValidationError) as refused:
        assessment_start(referral=referral, start_date=date(2026, 3, 5), by=social_worker)
    assert "on or after the child's date of birth, 10 March 2026" in messages_for(refused, "start_date")


def test_an_unborn_child_can_be_assessed_before_birth(social_worker):
    unborn = Person.objects.create(person_type=PersonType.UNBORN, expected_date_of_birth=date(2027, 2, 1))
    referral = Referral.objects.create(child=unborn, referral_date=date(2026, 10, 1), source="3B")
    assert assessment_start(referral=referral, start_date=date(2026, 10, 2), by=social_worker).pk


def test_a_pre_birth_assessment_can_be_finished_after_the_birth(social_worker):
    # The baby is born part-way through: the start date, before the birth, stays valid.
    baby = Person.objects.create(first_name="Mae", last_name="Hart", date_of_birth=date(2026, 3, 10))
    referral = Referral.objects.create(child=baby, referral_date=date(2026, 2, 1), source="3B")
    assessment = assessment_start(referral=referral, start_date=date(2026, 2, 3), by=social_worker)
    done = assessment_complete(
        assessment=assessment,
        by=social_worker,
        expected_version=assessment.version,
        completed_on=date(2026, 3, 20),
        factors=["3B"],
        outcome="cin",
    )
    assert done.completed_on == date(2026, 3, 20)


def test_the_child_seen_date_cannot_be_before_the_start_or_in_the_future(started, social_worker):
    with pytest.raises(ValidationError) as refused:
        assessment_record(
            assessment=started, by=social_worker, expected_version=1, child_seen_on=date(2025, 12, 20)
        )
    assert "on or after the start date" in messages_for(refused, "child_seen_on")
    with pytest.raises(ValidationError) as refused:
        assessment_record(
            assessment=Assessment.objects.get(pk=started.pk),
            by=social_worker,
            expected_version=1,
            child_seen_on=timezone.localdate() + timedelta(days=2),
        )
    assert "today or in the past" in messages_for(refused, "child_seen_on")
    started.refresh_from_db()
    assert started.child_seen_on is None


def test_a_worker_records_the_child_seen_alone_and_their_views(started, social_worker):
    assessment_record(
        assessment=started,
        by=social_worker,
        expected_version=1,
        child_seen_on=date(2025, 12, 23),
        child_seen_alone=True,
        child_views="Ava said she feels safe at her nan's.",
    )
    started.refresh_from_db()
    assert (started.child_seen_alone, started.version) == (True, 2)
    assert started.child_views.startswith("Ava said")


def test_factors_are_recorded_only_on_a_completed_assessment(started, social_worker):
    with pytest.raises(ValidationError) as refused:
        assessment_record(assessment=started, by=social_worker, expected_version=1, factors=["16A"])
    assert "recorded when the assessment is completed" in messages_for(refused, "factors")


def test_an_assessment_cannot_be_completed_before_it_started(started, social_worker):
    with pytest.raises(ValidationError) as refused:
        assessment_complete(
            assessment=started,
            completed_on=date(2025, 12, 21),
            factors=["16A"],
            outcome="cin",
            by=social_worker,
        )
    assert "on or after the start date" in messages_for(refused, "completed_on")
    started.refresh_from_db()
    assert started.completed_on is None


@pytest.mark.parametrize(
    ("factors", "message"),
    [
        (["16A", "99Z"], "99Z is not a valid factor code"),
        (["18A"], "18A is not a valid factor code"),
        (["16A", "16A"], "only once"),
        (["21", "16A"], "cannot be chosen with other factors"),
        ([], "Select the factors identified"),
    ],
)
def test_factors_must_be_valid_dfe_codes(started, social_worker, factors, message):
    with pytest.raises(ValidationError) as refused:
        assessment_complete(
            assessment=started,
            completed_on=date(2026, 2, 10),
            factors=factors,
            outcome="cin",
            by=social_worker,
        )
    assert message in messages_for(refused, "factors")
    assert Assessment.objects.get(pk=started.pk).completed_on is None


def test_no_factors_identified_stands_alone(started, social_worker):
    done = assessment_complete(
        assessment=started, completed_on=date(2026, 2, 10), factors=["21"], outcome="nfa", by=social_worker
    )
    assert done.factors == ["21"]


def test_completing_needs_an_outcome(started, social_worker):
    with pytest.raises(ValidationError) as refused:
        assessment_complete(
            assessment=started, completed_on=date(2026, 2, 10), factors=["16A"], outcome="", by=social_worker
        )
    assert "Select the outcome" in messages_for(refused, "outcome")


def test_a_team_manager_authorises_a_completed_assessment(completed, team_manager):
    assessment_authorise(assessment=completed, authorised_on=date(2026, 2, 12), by=team_manager)
    completed.refresh_from_db()
    assert (completed.authorised_on, completed.authorised_by) == (date(2026, 2, 12), team_manager)
    assert completed.history.first().history_user == team_manager


def test_only_a_team_manager_can_authorise(completed, social_worker, cp_chair):
    for someone in (social_worker, cp_chair):
        with pytest.raises(ValidationError) as refused:
            assessment_authorise(assessment=completed, authorised_on=date(2026, 2, 12), by=someone)
        assert "Only a team manager" in " ".join(refused.value.messages)
    assert Assessment.objects.get(pk=completed.pk).authorised_on is None


def test_an_assessment_cannot_be_authorised_before_it_was_completed(completed, team_manager):
    with pytest.raises(ValidationError) as refused:
        assessment_authorise(assessment=completed, authorised_on=date(2026, 2, 9), by=team_manager)
    assert "on or after the completion date" in messages_for(refused, "authorised_on")


def test_an_assessment_not_yet_completed_cannot_be_authorised(started, team_manager):
    with pytest.raises(ValidationError) as refused:
        assessment_authorise(assessment=started, authorised_on=date(2026, 2, 9), by=team_manager)
    assert "must be completed" in messages_for(refused, "authorised_on")


def test_an_authorised_assessment_can_no_longer_be_changed(completed, team_manager, social_worker):
    assessment_authorise(assessment=completed, authorised_on=date(2026, 2, 12), by=team_manager)
    with pytest.raises(ValidationError):
        assessment_record(
            assessment=completed, by=social_worker, expected_version=completed.version, analysis="x"
        )


def test_a_second_worker_saving_over_a_change_is_told_what_changed(
    started, social_worker, another_social_worker
):
    mine = Assessment.objects.get(pk=started.pk)
    theirs = Assessment.objects.get(pk=started.pk)
    assessment_record(
        assessment=theirs, by=another_social_worker, expected_version=1, analysis="Their analysis"
    )
    with pytest.raises(ConcurrentEditError) as refused:
        assessment_record(assessment=mine, by=social_worker, expected_version=1, analysis="My analysis")
    change = refused.value.changes[0]
    assert (change.field, change.yours, change.theirs) == ("analysis", "My analysis", "Their analysis")
    assert Assessment.objects.get(pk=started.pk).analysis == "Their analysis"


def test_the_clock_runs_45_working_days_from_the_referral_across_christmas(started):
    assert assessment_due(started) == date(2026, 2, 25)
    clock = assessment_clock(started, today=date(2026, 2, 23))
    assert (clock.remaining, clock.overdue) == (2, False)
    late = assessment_clock(started, today=date(2026, 2, 27))
    assert (late.overdue, late.days_overdue) == (True, 2)


def test_the_clock_counts_working_days_to_authorisation(completed, team_manager):
    assessment_authorise(assessment=completed, authorised_on=date(2026, 2, 25), by=team_manager)
    clock = assessment_clock(Assessment.objects.select_related("referral").get(pk=completed.pk))
    assert (clock.taken, clock.in_timescale, clock.overdue) == (45, True, False)
