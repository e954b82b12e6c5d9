"""The rules for recording a child's health, and the health assessment clocks."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.concurrency import ConcurrentEditError
from hearth.health.models import HealthEvent
from hearth.health.selectors import assessment_due, health_for_child, review_assessment_due
from hearth.health.services import health_event_record, health_event_update
from hearth.health.tests.fixtures import into_care

Kind = HealthEvent.Kind


def record(child, kind, on, by, **extra):
    return health_event_record(child=child, kind=kind, event_date=on, by=by, **extra)


def refused(field, child, kind, on, by, **extra):
    with pytest.raises(ValidationError) as caught:
        record(child, kind, on, by, **extra)
    assert field in caught.value.message_dict, caught.value.message_dict
    assert not HealthEvent.objects.filter(child=child).exists()
    return caught.value.message_dict[field][0]


def test_a_health_event_is_recorded_with_who_recorded_it(teenager, social_worker):
    event = record(teenager, Kind.DENTAL, date(2026, 3, 2), social_worker, carried_out_by="Smile Dental")
    assert event.created_by == social_worker
    assert event.history.first().history_user == social_worker


def test_a_date_in_the_future_is_refused(teenager, social_worker):
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert "today or in the past" in refused("event_date", teenager, Kind.DENTAL, tomorrow, social_worker)


def test_a_date_before_birth_is_refused(teenager, social_worker):
    message = refused("event_date", teenager, Kind.DENTAL, date(2011, 6, 9), social_worker)
    assert "on or after the child's date of birth (10 June 2011)" in message


def test_an_sdq_score_is_taken_for_a_child_of_4_to_16(teenager, toddler, social_worker):
    assert record(teenager, Kind.SDQ, date(2026, 3, 2), social_worker, sdq_score=40).sdq_score == 40
    assert record(toddler, Kind.SDQ, date(2026, 3, 2), social_worker, sdq_score=0).sdq_score == 0


def test_an_sdq_score_is_refused_under_4_and_over_16(toddler, teenager, social_worker):
    message = refused("sdq_score", toddler, Kind.SDQ, date(2026, 2, 27), social_worker, sdq_score=12)
    assert "aged 4 to 16" in message and "was 3" in message
    teenager.date_of_birth = date(2009, 1, 1)
    teenager.save()
    assert "was 17" in refused("sdq_score", teenager, Kind.SDQ, date(2026, 3, 1), social_worker, sdq_score=12)


def test_an_sdq_score_outside_0_to_40_is_refused(teenager, social_worker):
    assert "0 to 40" in refused(
        "sdq_score", teenager, Kind.SDQ, date(2026, 3, 2), social_worker, sdq_score=41
    )


def test_an_sdq_needs_a_score_or_a_reason_but_not_both(toddler, teenager, social_worker):
    refused("sdq_score", teenager, Kind.SDQ, date(2026, 3, 2), social_worker)
    refused("sdq_reason", teenager, Kind.SDQ, date(2026, 3, 2), social_worker, sdq_score=5, sdq_reason="SDQ4")
    # A child of 3 has no score, but the reason is recorded.
    assert record(toddler, Kind.SDQ, date(2025, 6, 1), social_worker, sdq_reason="SDQ1").sdq_reason == "SDQ1"


def test_an_sdq_reason_outside_the_dfe_list_is_refused(teenager, social_worker):
    assert "not a valid" in refused(
        "sdq_reason", teenager, Kind.SDQ, date(2026, 3, 2), social_worker, sdq_reason="SDQ9"
    )


def test_a_development_check_is_only_for_a_child_under_5(toddler, social_worker):
    assert record(toddler, Kind.DEVELOPMENT, date(2026, 2, 28), social_worker).pk
    HealthEvent.objects.all().delete()
    toddler.date_of_birth = date(2021, 3, 1)
    toddler.save()
    message = refused("event_date", toddler, Kind.DEVELOPMENT, date(2026, 3, 1), social_worker)
    assert "only for a child under 5" in message and "was 5" in message


def test_intervention_offered_or_received_only_with_substance_misuse(teenager, social_worker):
    refused(
        "intervention_offered",
        teenager,
        Kind.DENTAL,
        date(2026, 3, 2),
        social_worker,
        intervention_offered=True,
    )
    refused(
        "intervention_offered",
        teenager,
        Kind.SDQ,
        date(2026, 3, 2),
        social_worker,
        sdq_score=3,
        intervention_received=False,
    )
    misuse = record(
        teenager,
        Kind.SUBSTANCE_MISUSE,
        date(2026, 3, 2),
        social_worker,
        intervention_offered=True,
        intervention_received=True,
    )
    assert misuse.intervention_received is True


def test_an_intervention_received_must_have_been_offered(teenager, social_worker):
    refused(
        "intervention_received",
        teenager,
        Kind.SUBSTANCE_MISUSE,
        date(2026, 3, 2),
        social_worker,
        intervention_offered=False,
        intervention_received=True,
    )


def test_an_immunisations_check_says_whether_they_are_up_to_date(teenager, social_worker):
    refused("immunisations_up_to_date", teenager, Kind.IMMUNISATIONS, date(2026, 3, 2), social_worker)
    refused(
        "immunisations_up_to_date",
        teenager,
        Kind.DENTAL,
        date(2026, 3, 2),
        social_worker,
        immunisations_up_to_date=True,
    )


def test_an_edit_on_an_out_of_date_form_is_refused_and_saves_nothing(
    teenager, social_worker, another_social_worker
):
    event = record(teenager, Kind.SDQ, date(2026, 3, 2), social_worker, sdq_score=10)
    first_look = HealthEvent.objects.get(pk=event.pk)
    second_look = HealthEvent.objects.get(pk=event.pk)
    health_event_update(event=first_look, expected_version=1, by=another_social_worker, sdq_score=14)
    with pytest.raises(ConcurrentEditError) as caught:
        health_event_update(event=second_look, expected_version=1, by=social_worker, sdq_score=20)
    assert [(c.field, c.yours, c.theirs) for c in caught.value.changes] == [("sdq_score", 20, 14)]
    assert HealthEvent.objects.get(pk=event.pk).sdq_score == 14


def test_a_bad_edit_saves_nothing(teenager, social_worker):
    event = record(teenager, Kind.SDQ, date(2026, 3, 2), social_worker, sdq_score=10)
    with pytest.raises(ValidationError):
        health_event_update(event=event, expected_version=1, by=social_worker, sdq_score=50)
    assert HealthEvent.objects.get(pk=event.pk).sdq_score == 10


# --- the clocks -----------------------------------------------------------------------------


def test_the_initial_health_assessment_is_due_20_working_days_from_the_start_of_care(teenager, social_worker):
    # Friday 19 December 2025: Christmas, Boxing Day and New Year's Day are not working days.
    into_care(teenager, date(2025, 12, 19))
    due = health_for_child(teenager).due
    assert (due.what, due.due) == ("Initial health assessment", date(2026, 1, 21))


def test_an_assessment_in_the_3_months_before_care_stands_in_for_the_initial_one(teenager):
    due = assessment_due(teenager.date_of_birth, date(2026, 1, 5), date(2025, 11, 1))
    assert due.what == "Review health assessment"
    assert due.due == date(2026, 11, 1)  # 12 months: she is 15


def test_a_review_assessment_is_due_every_6_months_under_5(toddler):
    # Last assessment 1 August 2026: 1 February 2027 he is still 4.
    assert review_assessment_due(toddler.date_of_birth, date(2026, 8, 1)) == date(2027, 2, 1)


def test_a_review_assessment_is_due_every_12_months_from_5_judged_at_the_due_date(toddler):
    # Last assessment 1 September 2026, at 4: six months on (1 March 2027) he is 5, so 12 months.
    assert review_assessment_due(toddler.date_of_birth, date(2026, 9, 1)) == date(2027, 9, 1)
    # One day earlier, the 6-month due date (28 February 2027) falls before his 5th birthday.
    assert review_assessment_due(toddler.date_of_birth, date(2026, 8, 31)) == date(2027, 2, 28)


def test_the_review_clock_runs_from_the_last_assessment_in_care(teenager, social_worker):
    into_care(teenager, date(2025, 1, 6))
    record(teenager, Kind.INITIAL_ASSESSMENT, date(2025, 1, 20), social_worker)
    record(teenager, Kind.REVIEW_ASSESSMENT, date(2026, 1, 15), social_worker)
    record(teenager, Kind.DENTAL, date(2026, 5, 1), social_worker)
    due = health_for_child(teenager).due
    assert (due.what, due.due) == ("Review health assessment", date(2027, 1, 15))


def test_nothing_is_due_for_a_child_not_in_care(teenager):
    assert health_for_child(teenager).due is None
