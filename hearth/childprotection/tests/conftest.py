"""A child with an open referral, and the steps of child protection as fixtures."""

from datetime import date

import pytest

from hearth.childinneed.models import Referral
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


@pytest.fixture
def child(db) -> Person:
    return Person.objects.create(
        person_type=PersonType.CHILD, first_name="Ava", last_name="Stone", date_of_birth=date(2018, 5, 1)
    )


@pytest.fixture
def referral(child) -> Referral:
    return Referral.objects.create(
        child=child, referral_date=date(2025, 12, 19), source="2A", primary_need="N1"
    )


@pytest.fixture
def strategy_discussion(referral, social_worker):
    from hearth.childprotection.services import strategy_discussion_record

    # Monday 22 December 2025: the initial conference is due by Thursday 15 January 2026.
    return strategy_discussion_record(
        referral=referral,
        held_on=date(2025, 12, 22),
        attendees=[{"agency": "Police", "name": "DC Priya Shah"}, {"agency": "Health", "name": "Jo Bell"}],
        section_47_initiated=True,
        decision_notes="Bruising seen at school; section 47 enquiry to start.",
        by=social_worker,
    )


@pytest.fixture
def section_47(strategy_discussion, social_worker):
    from hearth.childprotection.services import section_47_start

    return section_47_start(
        strategy_discussion=strategy_discussion, start_date=date(2025, 12, 23), by=social_worker
    )


@pytest.fixture
def plan(referral, section_47, cp_chair):
    from hearth.childprotection.services import conference_hold

    conference = conference_hold(
        referral=referral,
        kind="initial",
        held_on=date(2026, 1, 14),
        chair=cp_chair,
        outcome="plan",
        category="PHY",
        section_47=section_47,
        by=cp_chair,
    )
    return conference.plan_started
