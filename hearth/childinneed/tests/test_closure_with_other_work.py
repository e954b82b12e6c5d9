"""Closure against the work other apps record on the episode: assessments and CP plans.

The rows are made directly (the other apps' services have their own tests); what is tested
here is what closing the case makes of them.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hearth.assessment.models import Assessment
from hearth.childinneed.services import cin_plan_start, referral_close, referral_create
from hearth.childprotection.models import ChildProtectionPlan, Conference


@pytest.fixture
def referral(child, social_worker):
    return referral_create(child=child, referral_date=date(2026, 9, 1), source="6", by=social_worker)


def test_closing_is_refused_while_a_child_protection_plan_is_open(referral, team_manager, social_worker):
    conference = Conference.objects.create(
        referral=referral, kind="initial", held_on=date(2026, 9, 20), chair=team_manager, outcome="plan"
    )
    ChildProtectionPlan.objects.create(
        referral=referral,
        initial_conference=conference,
        start_date=date(2026, 9, 20),
        initial_category="NEG",
        latest_category="NEG",
    )
    with pytest.raises(ValidationError) as refused:
        referral_close(
            referral=referral, closure_date=date(2026, 11, 1), closure_reason="RC7", by=social_worker
        )
    assert "End the child protection plan" in refused.value.messages[0]


def test_a_cin_plan_cannot_start_while_the_child_is_on_a_cp_plan(referral, team_manager, social_worker):
    conference = Conference.objects.create(
        referral=referral, kind="initial", held_on=date(2026, 9, 20), chair=team_manager, outcome="plan"
    )
    ChildProtectionPlan.objects.create(
        referral=referral,
        initial_conference=conference,
        start_date=date(2026, 9, 20),
        initial_category="NEG",
        latest_category="NEG",
    )
    with pytest.raises(ValidationError):
        cin_plan_start(referral=referral, start_date=date(2026, 10, 1), by=social_worker)


def test_closing_after_an_authorised_assessment_may_use_rc8(referral, social_worker):
    Assessment.objects.create(
        referral=referral,
        start_date=date(2026, 9, 2),
        completed_on=date(2026, 9, 30),
        authorised_on=date(2026, 10, 1),
    )
    referral_close(referral=referral, closure_date=date(2026, 10, 2), closure_reason="RC8", by=social_worker)
    referral.refresh_from_db()
    assert referral.closure_reason == "RC8"


def test_closing_waits_for_the_assessment_to_be_authorised(referral, social_worker):
    Assessment.objects.create(referral=referral, start_date=date(2026, 9, 2))
    with pytest.raises(ValidationError) as refused:
        referral_close(
            referral=referral, closure_date=date(2026, 10, 2), closure_reason="RC8", by=social_worker
        )
    assert "authorised" in refused.value.messages[0]


def test_closing_cannot_come_before_the_assessment_was_authorised(referral, social_worker):
    Assessment.objects.create(
        referral=referral,
        start_date=date(2026, 9, 2),
        completed_on=date(2026, 9, 30),
        authorised_on=date(2026, 10, 1),
    )
    with pytest.raises(ValidationError) as refused:
        referral_close(
            referral=referral, closure_date=date(2026, 9, 20), closure_reason="RC8", by=social_worker
        )
    assert "closure_date" in refused.value.message_dict
