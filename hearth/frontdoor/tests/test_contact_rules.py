"""The front door's rules: the decision clock, the sign-off and the out-of-hours handover."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hearth.childinneed.models import Referral
from hearth.childinneed.services import referral_create
from hearth.childinneed.tests.fixtures import local
from hearth.earlyhelp.models import EarlyHelpEpisode
from hearth.frontdoor.models import AgencyCheck, Contact, ContactPerson, Decision
from hearth.frontdoor.selectors import decision_due, front_door_queue
from hearth.frontdoor.services import (
    ConcurrentEditError,
    agency_check_add,
    contact_decide,
    contact_hand_over,
    contact_person_add,
    contact_rag_rate,
    contact_record,
    contact_sign_off,
)

SUBJECT = ContactPerson.Involvement.SUBJECT


def record(by, *people, when=None, **extra):
    return contact_record(
        received_at=when or local(2026, 11, 23, 10),
        source="2A",
        concerns="School saw bruising on her arm.",
        contact_name="Ms Hill",
        contact_organisation="Hillside Primary",
        by=by,
        people=people,
        **extra,
    )


def decide(contact, decision, by):
    contact.refresh_from_db()
    return contact_decide(
        contact=contact, decision=decision, reason="Threshold met.", by=by, expected_version=contact.version
    )


def sign_off(contact, by):
    contact.refresh_from_db()
    return contact_sign_off(contact=contact, by=by, expected_version=contact.version)


def test_a_contact_is_due_for_decision_the_next_working_day(front_door_worker, child):
    contact = record(front_door_worker, (child, SUBJECT), when=local(2026, 11, 23, 15))
    assert decision_due(contact) == date(2026, 11, 24)


def test_the_decision_clock_skips_christmas_and_the_boxing_day_substitute(front_door_worker, child):
    contact = record(front_door_worker, (child, SUBJECT), when=local(2026, 12, 24, 11) - timedelta(days=365))
    assert decision_due(contact) == date(2025, 12, 29)  # 25, 26 Dec holidays; 27, 28 weekend
    contact.received_at = local(2026, 12, 24, 11)  # the clock as it will run this Christmas
    assert decision_due(contact) == date(2026, 12, 29)  # Fri 25 Christmas, Mon 28 Boxing Day substitute


def test_a_contact_received_in_the_future_is_refused(front_door_worker):
    with pytest.raises(ValidationError) as refused:
        record(front_door_worker, when=timezone.now() + timedelta(hours=2))
    assert "received_at" in refused.value.message_dict
    assert not Contact.objects.exists()


def test_a_contact_without_concerns_is_refused(front_door_worker):
    with pytest.raises(ValidationError) as refused:
        contact_record(received_at=local(2026, 11, 23), source="2A", concerns=" ", by=front_door_worker)
    assert "concerns" in refused.value.message_dict


def test_a_person_is_added_once(front_door_worker, child):
    contact = record(front_door_worker, (child, SUBJECT))
    with pytest.raises(ValidationError):
        contact_person_add(contact=contact, person=child, involvement=SUBJECT, by=front_door_worker)


def test_an_adult_cannot_be_the_child_the_contact_is_about(front_door_worker, mother):
    contact = record(front_door_worker)
    with pytest.raises(ValidationError) as refused:
        contact_person_add(contact=contact, person=mother, involvement=SUBJECT, by=front_door_worker)
    assert "adult" in refused.value.message_dict["involvement"][0]


def test_an_agency_response_cannot_come_before_it_was_asked(front_door_worker, child):
    contact = record(front_door_worker, (child, SUBJECT))
    with pytest.raises(ValidationError) as refused:
        agency_check_add(
            contact=contact,
            agency="police",
            requested_on=date(2026, 11, 23),
            responded_on=date(2026, 11, 22),
            response="Known to police.",
            by=front_door_worker,
        )
    assert "responded_on" in refused.value.message_dict
    assert not AgencyCheck.objects.exists()


def test_a_referral_decision_needs_a_child(front_door_worker, mother):
    contact = record(front_door_worker, (mother, ContactPerson.Involvement.ADULT))
    with pytest.raises(ValidationError) as refused:
        decide(contact, Decision.REFERRAL, front_door_worker)
    assert "Add the child" in refused.value.message_dict["decision"][0]


def test_a_manager_signing_off_a_referral_refers_each_child_in_one_go(
    front_door_worker, team_manager, child, sibling, mother
):
    contact = record(
        front_door_worker, (child, SUBJECT), (sibling, SUBJECT), (mother, ContactPerson.Involvement.ADULT)
    )
    decide(contact, Decision.REFERRAL, front_door_worker)
    sign_off(contact, team_manager)
    referrals = Referral.objects.filter(contact=contact).order_by("child__first_name")
    assert [(r.child, r.referral_date, r.source) for r in referrals] == [
        (child, date(2026, 11, 23), "2A"),
        (sibling, date(2026, 11, 23), "2A"),
    ]
    contact.refresh_from_db()
    assert contact.signed_off_by == team_manager


def test_only_a_team_manager_can_sign_off(front_door_worker, social_worker, child):
    contact = record(front_door_worker, (child, SUBJECT))
    decide(contact, Decision.REFERRAL, front_door_worker)
    for someone in (front_door_worker, social_worker):
        with pytest.raises(PermissionDenied):
            sign_off(contact, someone)
    assert not Referral.objects.exists()


def test_when_one_child_cannot_be_referred_nothing_is_signed_off(
    front_door_worker, team_manager, social_worker, child, sibling
):
    referral_create(child=sibling, referral_date=date(2026, 10, 1), source="6", by=social_worker)
    contact = record(front_door_worker, (child, SUBJECT), (sibling, SUBJECT))
    decide(contact, Decision.STRATEGY_DISCUSSION, front_door_worker)
    with pytest.raises(ValidationError) as refused:
        sign_off(contact, team_manager)
    assert "Leo Stone: Leo Stone already has an open referral" in refused.value.messages[0]
    assert not Referral.objects.filter(contact=contact).exists()
    contact.refresh_from_db()
    assert contact.signed_off_at is None


def test_signing_off_early_help_starts_an_episode(front_door_worker, team_manager, child):
    contact = record(front_door_worker, (child, SUBJECT))
    decide(contact, Decision.EARLY_HELP, front_door_worker)
    sign_off(contact, team_manager)
    assert EarlyHelpEpisode.objects.get(child=child).end_date is None


def test_a_signed_off_contact_cannot_be_decided_again(front_door_worker, team_manager, child):
    contact = record(front_door_worker, (child, SUBJECT))
    decide(contact, Decision.ADVICE, front_door_worker)
    sign_off(contact, team_manager)
    with pytest.raises(ValidationError):
        decide(contact, Decision.REFERRAL, front_door_worker)


def test_a_decision_from_a_stale_page_is_refused(front_door_worker, team_manager, child):
    contact = record(front_door_worker, (child, SUBJECT))
    stale = Contact.objects.get(pk=contact.pk)
    contact_rag_rate(
        contact=contact, rag="red", rationale="Injury.", by=front_door_worker, expected_version=1
    )
    with pytest.raises(ConcurrentEditError):
        contact_decide(
            contact=stale, decision="nfa", reason="No concerns.", by=team_manager, expected_version=1
        )


def test_an_out_of_hours_contact_is_handed_to_the_day_team_the_next_working_day(front_door_worker, child):
    friday_night = record(
        front_door_worker, (child, SUBJECT), when=local(2026, 11, 20, 23, 30), out_of_hours=True
    )
    contact_hand_over(contact=friday_night, by=front_door_worker, expected_version=1)
    friday_night.refresh_from_db()
    assert friday_night.handed_to_day_team_on == date(2026, 11, 23)  # the Monday


def test_an_out_of_hours_contact_on_christmas_eve_is_handed_over_after_the_holidays(front_door_worker, child):
    contact = record(front_door_worker, (child, SUBJECT), when=local(2025, 12, 24, 22), out_of_hours=True)
    contact_hand_over(contact=contact, by=front_door_worker, expected_version=1)
    contact.refresh_from_db()
    assert contact.handed_to_day_team_on == date(2025, 12, 29)


def test_a_day_time_contact_is_not_handed_over(front_door_worker, child):
    contact = record(front_door_worker, (child, SUBJECT))
    with pytest.raises(ValidationError):
        contact_hand_over(contact=contact, by=front_door_worker, expected_version=1)


def test_the_queue_lists_contacts_awaiting_decision_and_sign_off(
    front_door_worker, team_manager, child, sibling
):
    waiting = record(front_door_worker, (child, SUBJECT))
    decided = record(front_door_worker, (sibling, SUBJECT))
    decide(decided, Decision.ADVICE, front_door_worker)
    done = record(front_door_worker, (sibling, SUBJECT))
    decide(done, Decision.NO_FURTHER_ACTION, front_door_worker)
    sign_off(done, team_manager)
    queue = front_door_queue()
    assert [c.pk for c in queue.awaiting_decision] == [waiting.pk]
    assert [c.pk for c in queue.awaiting_sign_off] == [decided.pk]
