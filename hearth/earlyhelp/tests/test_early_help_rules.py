"""Early help episodes, and stepping up to and down from children's social care."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hearth.childinneed.models import Referral
from hearth.childinneed.selectors import open_referral
from hearth.childinneed.services import cin_plan_start, referral_create
from hearth.earlyhelp.models import EarlyHelpEpisode
from hearth.earlyhelp.services import (
    ConcurrentEditError,
    early_help_end,
    early_help_start,
    early_help_step_down,
    early_help_step_up,
    early_help_update,
)
from hearth.frontdoor.models import Contact
from hearth.frontdoor.services import contact_decide, contact_sign_off

Outcome = EarlyHelpEpisode.Outcome


@pytest.fixture
def episode(child, social_worker):
    return early_help_start(
        child=child,
        start_date=date(2026, 6, 1),
        by=social_worker,
        lead_agency="Family hub",
        plan="Parenting course",
    )


def test_a_child_has_one_open_early_help_episode(episode, child, social_worker):
    with pytest.raises(ValidationError) as refused:
        early_help_start(child=child, start_date=date(2026, 7, 1), by=social_worker)
    assert "already has early help" in refused.value.message_dict["child"][0]


def test_early_help_does_not_start_while_social_care_is_open(child, social_worker):
    referral_create(child=child, referral_date=date(2026, 6, 1), source="2A", by=social_worker)
    with pytest.raises(ValidationError) as refused:
        early_help_start(child=child, start_date=date(2026, 7, 1), by=social_worker)
    assert "step the case down" in refused.value.message_dict["child"][0]


def test_an_episode_cannot_end_before_it_starts(episode, social_worker):
    with pytest.raises(ValidationError) as refused:
        early_help_end(
            episode=episode,
            end_date=date(2026, 5, 1),
            outcome=Outcome.NEEDS_MET,
            by=social_worker,
            expected_version=1,
        )
    assert "end_date" in refused.value.message_dict


def test_an_assessment_cannot_be_completed_before_it_started(episode, social_worker):
    with pytest.raises(ValidationError) as refused:
        early_help_update(
            episode=episode,
            by=social_worker,
            expected_version=1,
            assessment_started_on=date(2026, 7, 1),
            assessment_completed_on=date(2026, 6, 20),
        )
    assert "assessment_completed_on" in refused.value.message_dict


def test_an_edit_from_a_stale_form_is_refused(episode, social_worker, another_social_worker):
    early_help_update(
        episode=EarlyHelpEpisode.objects.get(pk=episode.pk), by=social_worker, expected_version=1, plan="A"
    )
    with pytest.raises(ConcurrentEditError):
        early_help_update(
            episode=EarlyHelpEpisode.objects.get(pk=episode.pk),
            by=another_social_worker,
            expected_version=1,
            plan="B",
        )


def test_stepping_up_directly_ends_the_episode_and_opens_a_referral(episode, child, social_worker):
    referral = early_help_step_up(
        episode=episode,
        on=date(2026, 11, 2),
        reason="Neglect worsening.",
        by=social_worker,
        expected_version=1,
        through_front_door=False,
    )
    episode.refresh_from_db()
    assert (episode.end_date, episode.outcome, episode.stepped_up_to) == (
        date(2026, 11, 2),
        Outcome.STEPPED_UP,
        referral,
    )
    assert (referral.source, open_referral(child)) == ("5D", referral)
    assert episode.history.count() == 2  # started, stepped up


def test_stepping_up_through_the_front_door_links_the_referral_at_sign_off(
    episode, child, social_worker, team_manager
):
    contact = early_help_step_up(
        episode=episode,
        on=date(2026, 11, 2),
        reason="Neglect worsening.",
        by=social_worker,
        expected_version=1,
    )
    assert isinstance(contact, Contact) and contact.source == "5D"
    contact_decide(
        contact=contact, decision="referral", reason="Threshold met.", by=social_worker, expected_version=1
    )
    contact.refresh_from_db()
    contact_sign_off(contact=contact, by=team_manager, expected_version=contact.version)
    episode.refresh_from_db()
    assert episode.stepped_up_to == Referral.objects.get(contact=contact)


def test_a_failed_step_up_changes_nothing(episode, child, social_worker):
    referral_create(
        child=child, referral_date=date(2026, 6, 1), source="2A", by=social_worker, no_further_action=True
    )
    with pytest.raises(ValidationError):
        early_help_step_up(
            episode=episode,
            on=date(2026, 5, 1),
            reason="x",
            by=social_worker,
            expected_version=1,
            through_front_door=False,
        )
    episode.refresh_from_db()
    assert episode.end_date is None


def test_stepping_down_closes_the_referral_with_rc7_and_starts_early_help(child, social_worker):
    referral = referral_create(child=child, referral_date=date(2026, 9, 1), source="2A", by=social_worker)
    episode = early_help_step_down(
        referral=referral, on=date(2026, 10, 1), by=social_worker, lead_agency="Family hub"
    )
    referral.refresh_from_db()
    assert (referral.closure_date, referral.closure_reason) == (date(2026, 10, 1), "RC7")
    assert (episode.start_date, episode.stepped_down_from) == (date(2026, 10, 1), referral)


def test_stepping_down_is_refused_while_a_cin_plan_is_open(child, social_worker):
    referral = referral_create(child=child, referral_date=date(2026, 9, 1), source="2A", by=social_worker)
    cin_plan_start(referral=referral, start_date=date(2026, 9, 5), by=social_worker)
    with pytest.raises(ValidationError):
        early_help_step_down(referral=referral, on=date(2026, 10, 1), by=social_worker)
    assert not EarlyHelpEpisode.objects.exists()
    referral.refresh_from_db()
    assert referral.closure_date is None
