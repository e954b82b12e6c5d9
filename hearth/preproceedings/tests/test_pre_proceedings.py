"""Pre-proceedings under the Public Law Outline: each step refused at entry when it is out of
order (DfE draft rules 9006, 9009, 9012, 9013 and the PLO's own order), review meetings counted
from what is recorded, and the Pre-proceedings tab as each role uses it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hearth.childinneed.services import referral_close, referral_create
from hearth.people.models import Person, PersonType
from hearth.preproceedings.models import PreProceedings
from hearth.preproceedings.selectors import pre_proceedings_for_child
from hearth.preproceedings.services import (
    ConcurrentEditError,
    pre_proceedings_review_meeting_record,
    pre_proceedings_start,
    pre_proceedings_update,
)
from hearth.reference.selectors import clear_cache

d = date.fromisoformat


@pytest.fixture(autouse=True)
def _fresh_codes():
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def referral(db, social_worker):
    child = Person.objects.create(
        person_type=PersonType.CHILD, first_name="Noah", last_name="Reed", date_of_birth=d("2019-03-02")
    )
    return referral_create(
        child=child, referral_date=d("2026-04-06"), source="6", primary_need="N1", by=social_worker
    )


@pytest.fixture
def started(referral, social_worker):
    return pre_proceedings_start(referral=referral, decided_on=d("2026-05-04"), by=social_worker)


def update(record, by, **steps):
    record.refresh_from_db()
    return pre_proceedings_update(pre_proceedings=record, by=by, expected_version=record.version, **steps)


def refusal(action, *args, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        action(*args, **kwargs)
    return refused.value.message_dict


# --- the steps in order ------------------------------------------------------------------------------


def test_a_worker_records_the_whole_of_pre_proceedings_step_by_step(started, social_worker):
    update(started, social_worker, letter_sent_on=d("2026-05-06"), fgdm_offered=True)
    update(started, social_worker, initial_meeting_on=d("2026-05-13"), fgdm_facilitated=True)
    for held in ("2026-06-10", "2026-07-08"):
        started.refresh_from_db()
        pre_proceedings_review_meeting_record(pre_proceedings=started, held_on=d(held), by=social_worker)
    update(started, social_worker, step_decision_on=d("2026-08-05"), outcome="b")
    record = update(
        started, social_worker, court_application_on=d("2026-08-12"), proceedings_letter_on=d("2026-08-13")
    )
    assert (record.outcome, record.court_application_on, record.proceedings_letter_on) == (
        "B",
        d("2026-08-12"),
        d("2026-08-13"),
    )
    (item,) = pre_proceedings_for_child(started.referral.child)
    assert item.review_meetings_count == 2
    assert record.history.count() == 7, "the start, four saves and two meetings are in its history"


def test_the_letter_is_not_sent_before_pre_proceedings_started_9006(started, social_worker):
    errors = refusal(update, started, social_worker, letter_sent_on=d("2026-05-01"), fgdm_offered=False)
    assert errors == {
        "letter_sent_on": [
            "The letter before proceedings is sent on or after pre-proceedings started, on 4 May 2026"
        ]
    }


def test_the_letter_says_whether_it_offered_a_family_group_meeting(started, social_worker):
    errors = refusal(update, started, social_worker, letter_sent_on=d("2026-05-06"))
    assert errors["fgdm_offered"] == ["Say whether the letter offered a family group decision-making meeting"]


def test_the_decision_is_not_before_pre_proceedings_started_9009(started, social_worker):
    errors = refusal(update, started, social_worker, step_decision_on=d("2026-05-03"), outcome="A")
    assert errors["step_decision_on"] == [
        "The decision to step up or down is on or after pre-proceedings started, on 4 May 2026"
    ]


def test_a_decision_gives_its_outcome_and_an_outcome_its_decision(started, social_worker):
    assert refusal(update, started, social_worker, step_decision_on=d("2026-06-01"))["outcome"] == [
        "Select the outcome of pre-proceedings"
    ]
    assert "step_decision_on" in refusal(update, started, social_worker, outcome="A")
    assert refusal(update, started, social_worker, step_decision_on=d("2026-06-01"), outcome="Z")[
        "outcome"
    ] == ["Select an outcome from the DfE list"]


def test_the_court_application_follows_the_decision_9012(started, social_worker):
    assert refusal(update, started, social_worker, court_application_on=d("2026-06-01"))[
        "court_application_on"
    ] == ["Record the decision to step up into care proceedings before the court application"]
    errors = refusal(
        update,
        started,
        social_worker,
        step_decision_on=d("2026-06-10"),
        outcome="B",
        court_application_on=d("2026-06-09"),
    )
    assert errors["court_application_on"] == [
        "The court application follows the decision to step up, on 10 June 2026"
    ]


def test_the_letter_initiating_proceedings_follows_the_application_9013(started, social_worker):
    update(started, social_worker, step_decision_on=d("2026-06-10"), outcome="B")
    errors = refusal(update, started, social_worker, proceedings_letter_on=d("2026-06-12"))
    assert "Enter the date of the court application" in errors["proceedings_letter_on"][0]
    errors = refusal(
        update,
        started,
        social_worker,
        court_application_on=d("2026-06-15"),
        proceedings_letter_on=d("2026-06-14"),
    )
    assert errors["proceedings_letter_on"] == [
        "The letter initiating care proceedings follows the court application, on 15 June 2026"
    ]


def test_the_initial_meeting_follows_the_letter_that_invites_the_parents(started, social_worker):
    update(started, social_worker, letter_sent_on=d("2026-05-08"), fgdm_offered=False)
    errors = refusal(update, started, social_worker, initial_meeting_on=d("2026-05-07"))
    assert "invites the parents to the initial meeting" in errors["initial_meeting_on"][0]


def test_dates_stay_within_the_referral_and_not_in_the_future(started, social_worker):
    errors = refusal(update, started, social_worker, initial_meeting_on=d("2099-01-05"))
    assert (
        "The date of the initial pre-proceedings meeting must be today or in the past"
        in errors["initial_meeting_on"]
    )
    errors = refusal(
        pre_proceedings_start, referral=started.referral, decided_on=d("2026-04-01"), by=social_worker
    )
    assert any("on or after the referral, on 6 April 2026" in message for message in errors["decided_on"])


# --- review meetings ---------------------------------------------------------------------------------


def test_review_meetings_follow_the_initial_meeting_and_precede_the_decision(started, social_worker):
    assert refusal(
        pre_proceedings_review_meeting_record,
        pre_proceedings=started,
        held_on=d("2026-06-01"),
        by=social_worker,
    )["held_on"] == ["Record the initial pre-proceedings meeting first: review meetings follow it"]
    update(started, social_worker, initial_meeting_on=d("2026-05-13"))
    started.refresh_from_db()
    assert refusal(
        pre_proceedings_review_meeting_record,
        pre_proceedings=started,
        held_on=d("2026-05-13"),
        by=social_worker,
    )["held_on"] == ["A review meeting follows the initial meeting, held on 13 May 2026"]
    pre_proceedings_review_meeting_record(pre_proceedings=started, held_on=d("2026-06-10"), by=social_worker)
    errors = refusal(update, started, social_worker, step_decision_on=d("2026-06-09"), outcome="A")
    assert "the decision to step up or down came after it" in errors["step_decision_on"][0]
    errors = refusal(update, started, social_worker, initial_meeting_on=d("2026-06-11"))
    assert errors["initial_meeting_on"] == [
        "A review meeting was held on 10 June 2026: the initial meeting came before it"
    ]


def test_a_review_meeting_on_a_stale_form_is_refused(started, social_worker):
    stale = started.version
    update(started, social_worker, initial_meeting_on=d("2026-05-13"))
    with pytest.raises(ConcurrentEditError):
        pre_proceedings_review_meeting_record(
            pre_proceedings=started, held_on=d("2026-06-10"), by=social_worker, expected_version=stale
        )


# --- one set at a time --------------------------------------------------------------------------------


def test_new_pre_proceedings_wait_for_the_decision_on_the_last(started, social_worker):
    errors = refusal(
        pre_proceedings_start, referral=started.referral, decided_on=d("2026-06-01"), by=social_worker
    )
    assert errors["decided_on"] == [
        "Pre-proceedings started on 4 May 2026 have no decision to step up or down yet: record it first"
    ]
    update(started, social_worker, step_decision_on=d("2026-07-01"), outcome="A")
    assert (
        "start after it"
        in refusal(
            pre_proceedings_start, referral=started.referral, decided_on=d("2026-07-01"), by=social_worker
        )["decided_on"][0]
    )
    pre_proceedings_start(referral=started.referral, decided_on=d("2026-09-01"), by=social_worker)
    assert PreProceedings.objects.count() == 2


def test_a_referral_with_no_further_action_has_none(referral, social_worker):
    nfa = referral_create(
        child=Person.objects.create(
            person_type=PersonType.CHILD, first_name="Ivy", date_of_birth=d("2018-01-01")
        ),
        referral_date=d("2026-04-06"),
        source="6",
        no_further_action=True,
        by=social_worker,
    )
    errors = refusal(pre_proceedings_start, referral=nfa, decided_on=d("2026-04-06"), by=social_worker)
    assert "A referral with no further action has no pre-proceedings" in errors["decided_on"]


def test_after_the_referral_closes_no_step_is_dated_later(started, social_worker, team_manager):
    update(started, social_worker, step_decision_on=d("2026-06-01"), outcome="A")
    referral_close(
        referral=started.referral, closure_date=d("2026-06-02"), closure_reason="RC7", by=team_manager
    )
    errors = refusal(update, started, social_worker, letter_sent_on=d("2026-06-05"), fgdm_offered=False)
    assert any("The referral closed on 2 June 2026" in message for message in errors["letter_sent_on"])


# --- the tab -----------------------------------------------------------------------------------------


def _dates(prefix: str, day: date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_a_social_worker_starts_and_records_steps_on_the_tab(client, social_worker, referral):
    child = referral.child
    client.force_login(social_worker)
    overview = reverse("preproceedings:overview", args=[child.pk])
    page = client.get(overview).content.decode()
    assert "Pre-proceedings" in page and reverse("preproceedings:start", args=[child.pk]) in page
    response = client.post(
        reverse("preproceedings:start", args=[child.pk]), _dates("decided_on", d("2026-05-04"))
    )
    assert response.status_code == 302
    record = PreProceedings.objects.get()
    steps = reverse("preproceedings:steps", args=[child.pk, record.pk])
    form = {
        "version": record.version,
        **_dates("decided_on", d("2026-05-04")),
        **_dates("letter_sent_on", d("2026-05-03")),
        "fgdm_offered": "1",
        "fgdm_facilitated": "",
        "outcome": "",
    }
    response = client.post(steps, form)
    assert response.status_code == 400
    assert "The letter before proceedings is sent on or after" in response.content.decode()
    response = client.post(steps, {**form, **_dates("letter_sent_on", d("2026-05-06"))})
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.letter_sent_on, record.fgdm_offered, record.fgdm_facilitated) == (
        d("2026-05-06"),
        True,
        None,
    )
    assert "Offered in the letter" in client.get(overview).content.decode()


def test_an_analyst_reads_the_tab_but_records_nothing(client, analyst, started):
    child = started.referral.child
    client.force_login(analyst)
    page = client.get(reverse("preproceedings:overview", args=[child.pk])).content.decode()
    assert "4 May 2026" in page and "Record steps" not in page
    assert client.get(reverse("preproceedings:steps", args=[child.pk, started.pk])).status_code == 403


def test_pre_proceedings_of_another_child_are_not_found(client, social_worker, started):
    other = Person.objects.create(
        person_type=PersonType.CHILD, first_name="Ada", date_of_birth=d("2017-01-01")
    )
    client.force_login(social_worker)
    assert client.get(reverse("preproceedings:steps", args=[other.pk, started.pk])).status_code == 404


def test_the_chronology_tells_the_steps_in_order(started, social_worker):
    from hearth.chronology.registry import chronology_for

    update(
        started,
        social_worker,
        letter_sent_on=d("2026-05-06"),
        fgdm_offered=True,
        initial_meeting_on=d("2026-05-13"),
    )
    started.refresh_from_db()
    pre_proceedings_review_meeting_record(pre_proceedings=started, held_on=d("2026-06-10"), by=social_worker)
    update(started, social_worker, step_decision_on=d("2026-07-01"), outcome="A")
    titles = [
        (entry.date, entry.title)
        for entry in chronology_for([started.referral.child_id], kinds=["child_protection"])
    ]
    assert titles == [
        (d("2026-05-04"), "Pre-proceedings started"),
        (d("2026-05-06"), "Letter before proceedings sent"),
        (d("2026-05-13"), "Initial pre-proceedings meeting"),
        (d("2026-06-10"), "Pre-proceedings review meeting"),
        (d("2026-07-01"), "Pre-proceedings decision"),
    ]
