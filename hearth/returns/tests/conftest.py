"""A child with a full child protection journey in the 2026-27 census year, made through the
services a worker's clicks call."""

from datetime import date

import pytest

from hearth.people.models import Person, PersonType
from hearth.reference.selectors import clear_cache as clear_code_cache
from hearth.timescales.clocks import clear_cache as clear_clock_cache


@pytest.fixture(autouse=True)
def _fresh_caches():
    clear_code_cache()
    clear_clock_cache()
    yield
    clear_code_cache()
    clear_clock_cache()


def make_child(**fields) -> Person:
    values = {
        "person_type": PersonType.CHILD,
        "first_name": "Ava",
        "last_name": "Stone",
        "date_of_birth": date(2015, 5, 1),
        "sex": "F",
        "ethnicity": "WBRI",
        "disabilities": ["NONE"],
        "upn": "",
        "upn_unknown_reason": "UN5",
    }
    values.update(fields)
    return Person.objects.create(**values)


@pytest.fixture
def child(db) -> Person:
    return make_child()


@pytest.fixture
def protected_child(child, social_worker, team_manager, cp_chair):
    """Referred 5 May 2026; assessed (factors 3A, 16A); s47 from 7 May; ICPC 21 May starts a
    neglect plan; reviewed 20 August."""
    from hearth.assessment.services import assessment_authorise, assessment_complete, assessment_start
    from hearth.childinneed.services import referral_create
    from hearth.childprotection.services import (
        conference_hold,
        section_47_conclude,
        section_47_start,
        strategy_discussion_record,
    )

    referral = referral_create(
        child=child, referral_date=date(2026, 5, 5), source="6", primary_need="N1", by=social_worker
    )
    assessment = assessment_start(referral=referral, start_date=date(2026, 5, 6), by=social_worker)
    strategy = strategy_discussion_record(
        referral=referral,
        held_on=date(2026, 5, 7),
        attendees=[{"agency": "Police", "name": "DC Shah"}],
        section_47_initiated=True,
        decision_notes="Threshold met.",
        by=social_worker,
    )
    enquiry = section_47_start(strategy_discussion=strategy, start_date=date(2026, 5, 7), by=social_worker)
    enquiry = section_47_conclude(
        section_47=enquiry, completed_on=date(2026, 5, 19), outcome="conference", by=social_worker
    )
    conference_hold(
        referral=referral,
        kind="initial",
        held_on=date(2026, 5, 21),
        chair=cp_chair,
        outcome="plan",
        category="NEG",
        section_47=enquiry,
        by=cp_chair,
    )
    assessment = assessment_complete(
        assessment=assessment,
        completed_on=date(2026, 6, 10),
        factors=["3A", "16A"],
        outcome="strategy",
        by=social_worker,
    )
    assessment_authorise(assessment=assessment, authorised_on=date(2026, 6, 11), by=team_manager)
    conference_hold(
        referral=referral,
        kind="review",
        held_on=date(2026, 8, 20),
        chair=cp_chair,
        outcome="continue",
        by=cp_chair,
    )
    return child
