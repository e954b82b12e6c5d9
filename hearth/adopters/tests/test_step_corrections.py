"""A step recorded with the wrong date, or by mistake, is put right in the pages: under the rules
that recording follows, refused on a stale form, and kept in the history with who and why."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hearth.adopters.models import AdopterEvent, Step
from hearth.adopters.selectors import household_record
from hearth.adopters.services import (
    ConcurrentEditError,
    household_enquiry_record,
    household_step_correct,
    household_step_withdraw,
)
from hearth.permanence import services as permanence

from .test_adopter_journey_rules import THROUGH_APPROVAL, messages, record, walk
from .test_adoption_link import MATCH, adoption  # noqa: F401 (a fixture)

TYPO = "The date was typed wrongly"


def date_fields(prefix: str, day: date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def correct(household, step, on, by, reason=TYPO, **more):
    return household_step_correct(household=household, step=step, on=on, reason=reason, by=by, **more)


def withdraw(household, step, by, reason="Recorded on the wrong household", **more):
    return household_step_withdraw(household=household, step=step, reason=reason, by=by, **more)


def dates(household) -> dict:
    return household_record(household.pk).journey.dates


# --- correcting a step's date -------------------------------------------------------------------


def test_a_wrong_date_is_corrected_and_the_history_keeps_the_old_one_and_why(
    household, fostering_adoption_worker, team_manager
):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:2])
    household.refresh_from_db()
    before = household.version
    correct(household, Step.STAGE1_STARTED, date(2025, 1, 14), team_manager)
    assert dates(household)[Step.STAGE1_STARTED] == date(2025, 1, 14)
    event = AdopterEvent.objects.get(household=household, step=Step.STAGE1_STARTED)
    latest, previous = event.history.order_by("-history_date", "-history_id")[:2]
    assert (latest.on, latest.history_user, latest.history_change_reason) == (
        date(2025, 1, 14),
        team_manager,
        TYPO,
    )
    assert previous.on == date(2025, 1, 13)
    household.refresh_from_db()
    assert household.version == before + 1
    assert household.history.latest().history_change_reason == TYPO


def test_the_enquirys_date_may_be_corrected_but_not_after_the_step_that_follows_it(
    household, fostering_adoption_worker
):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:1])
    correct(household, Step.ENQUIRY, date(2025, 1, 3), fostering_adoption_worker)
    assert dates(household)[Step.ENQUIRY] == date(2025, 1, 3)
    with pytest.raises(ValidationError) as error:
        correct(household, Step.ENQUIRY, date(2025, 1, 20), fostering_adoption_worker)
    assert "Stage 1 started is recorded on 13 January 2025: enquiry received must be on or before it" in (
        messages(error)
    )


@pytest.mark.parametrize(
    ("step", "on", "says"),
    [
        (Step.STAGE1_ENDED, date(2025, 1, 10), "must be on or after stage 1 started, on 13 January 2025"),
        (Step.STAGE1_ENDED, date(2025, 3, 20), "Stage 2 started is recorded on 10 March 2025"),
        (Step.APPROVED, date(2025, 6, 1), "must be on or after stage 2 ended, on 30 June 2025"),
        (Step.STAGE1_STARTED, timezone.localdate() + timedelta(days=1), "must be today or in the past"),
    ],
)
def test_a_correction_follows_the_rules_a_new_step_does(household, fostering_adoption_worker, step, on, says):
    walk(household, fostering_adoption_worker)
    was = dates(household)[step]
    with pytest.raises(ValidationError) as error:
        correct(household, step, on, fostering_adoption_worker)
    assert says in messages(error)
    assert dates(household)[step] == was


def test_a_correction_needs_a_reason_and_a_change(household, fostering_adoption_worker):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:1])
    with pytest.raises(ValidationError) as error:
        correct(household, Step.STAGE1_STARTED, date(2025, 1, 14), fostering_adoption_worker, reason="  ")
    assert error.value.message_dict["reason"] == ["Enter why the step is being corrected"]
    with pytest.raises(ValidationError) as error:
        correct(household, Step.STAGE1_STARTED, date(2025, 1, 13), fostering_adoption_worker)
    assert "already recorded on 13 January 2025" in messages(error)
    with pytest.raises(ValidationError) as error:
        correct(
            household, Step.STAGE1_STARTED, date(2025, 1, 14), fostering_adoption_worker, reason="x" * 2001
        )
    assert "2,000 characters or fewer" in messages(error)


def test_a_step_not_recorded_cannot_be_corrected(household, fostering_adoption_worker):
    with pytest.raises(ValidationError) as error:
        correct(household, Step.APPROVED, date(2025, 7, 14), fostering_adoption_worker)
    assert "Approved as adopters is not recorded for this household" in messages(error)


def test_a_household_that_left_may_have_an_earlier_step_corrected_but_not_past_its_leaving(
    household, fostering_adoption_worker
):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:2])
    record(household, Step.LEFT, date(2025, 4, 1), fostering_adoption_worker, leaving_reason="1")
    correct(household, Step.STAGE1_ENDED, date(2025, 3, 4), fostering_adoption_worker)
    assert dates(household)[Step.STAGE1_ENDED] == date(2025, 3, 4)
    with pytest.raises(ValidationError) as error:
        correct(household, Step.STAGE1_ENDED, date(2025, 4, 2), fostering_adoption_worker)
    assert "Left the adoption process is recorded on 1 April 2025" in messages(error)


def test_leaving_is_corrected_with_its_reason_and_not_before_the_latest_step(
    household, fostering_adoption_worker
):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:2])
    record(household, Step.LEFT, date(2025, 4, 1), fostering_adoption_worker, leaving_reason="1")
    correct(household, Step.LEFT, date(2025, 4, 1), fostering_adoption_worker, leaving_reason="2")
    assert household_record(household.pk).journey.leaving_reason == "2"
    with pytest.raises(ValidationError) as error:
        correct(household, Step.LEFT, date(2025, 3, 1), fostering_adoption_worker, leaving_reason="2")
    assert "latest step was on 3 March 2025" in messages(error)


def test_a_stale_correction_is_refused_and_changes_nothing(household, fostering_adoption_worker):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:1])
    household.refresh_from_db()
    opened_at = household.version
    record(household, Step.STAGE1_ENDED, date(2025, 3, 3), fostering_adoption_worker)
    with pytest.raises(ConcurrentEditError):
        correct(
            household,
            Step.STAGE1_STARTED,
            date(2025, 1, 14),
            fostering_adoption_worker,
            expected_version=opened_at,
        )
    assert dates(household)[Step.STAGE1_STARTED] == date(2025, 1, 13)


# --- withdrawing a step recorded by mistake --------------------------------------------------------


def test_a_step_recorded_by_mistake_is_withdrawn_and_the_history_keeps_it(
    household, fostering_adoption_worker
):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:2])
    event = AdopterEvent.objects.get(household=household, step=Step.STAGE1_ENDED)
    withdraw(household, Step.STAGE1_ENDED, fostering_adoption_worker)
    assert Step.STAGE1_ENDED not in dates(household)
    gone = AdopterEvent.history.filter(id=event.pk).latest()
    assert (gone.history_type, gone.history_user, gone.on) == (
        "-",
        fostering_adoption_worker,
        date(2025, 3, 3),
    )
    assert gone.history_change_reason == "Recorded on the wrong household"
    # The step can be recorded again, on its right date.
    record(household, Step.STAGE1_ENDED, date(2025, 3, 4), fostering_adoption_worker)


def test_a_step_that_a_later_step_follows_cannot_be_withdrawn(household, fostering_adoption_worker):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:3])
    with pytest.raises(ValidationError) as error:
        withdraw(household, Step.STAGE1_ENDED, fostering_adoption_worker)
    assert (
        "Stage 2 started is recorded on 10 March 2025 and follows stage 1 ended: withdraw or correct that first"
        in messages(error)
    )
    assert Step.STAGE1_ENDED in dates(household)


def test_a_step_a_childs_match_follows_is_changed_on_the_childs_record_first(
    household,
    fostering_adoption_worker,
    adoption,  # noqa: F811
):
    walk(household, fostering_adoption_worker)
    permanence.adoption_match_record(
        adoption=adoption,
        matched_on=date(2025, 8, 4),
        household=household,
        by=fostering_adoption_worker,
        **MATCH,
    )
    with pytest.raises(ValidationError) as error:
        withdraw(household, Step.APPROVED, fostering_adoption_worker)
    assert "it comes from a child's Permanence tab: change it there first" in messages(error)


def test_the_enquiry_cannot_be_withdrawn_and_a_reason_is_needed(household, fostering_adoption_worker):
    with pytest.raises(ValidationError) as error:
        withdraw(household, Step.ENQUIRY, fostering_adoption_worker)
    assert "cannot be withdrawn: correct its date instead" in messages(error)
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:1])
    with pytest.raises(ValidationError) as error:
        withdraw(household, Step.STAGE1_STARTED, fostering_adoption_worker, reason="")
    assert "reason" in error.value.message_dict
    assert Step.STAGE1_STARTED in dates(household)


def test_leaving_withdrawn_puts_the_household_back_unless_an_adopter_moved_on(
    household, fostering_adoption_worker
):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:1])
    record(household, Step.LEFT, date(2025, 2, 3), fostering_adoption_worker, leaving_reason="1")
    dee = household.adopters.first().person
    household_enquiry_record(
        name="Dee Lane", enquiry_on=date(2025, 2, 10), adopters=[dee], by=fostering_adoption_worker
    )
    with pytest.raises(ValidationError) as error:
        withdraw(household, Step.LEFT, fostering_adoption_worker)
    assert "is now an adopter in Dee Lane" in messages(error)
    assert household_record(household.pk).journey.stage == "left"


def test_leaving_recorded_by_mistake_is_withdrawn(household, fostering_adoption_worker):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:1])
    record(household, Step.LEFT, date(2025, 2, 3), fostering_adoption_worker, leaving_reason="1")
    withdraw(household, Step.LEFT, fostering_adoption_worker)
    assert household_record(household.pk).journey.stage == "stage1"


def test_a_stale_withdrawal_is_refused(household, fostering_adoption_worker):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:1])
    household.refresh_from_db()
    opened_at = household.version
    correct(household, Step.STAGE1_STARTED, date(2025, 1, 14), fostering_adoption_worker)
    with pytest.raises(ConcurrentEditError):
        withdraw(household, Step.STAGE1_STARTED, fostering_adoption_worker, expected_version=opened_at)
    assert Step.STAGE1_STARTED in dates(household)


# --- the pages ------------------------------------------------------------------------------------


def correct_url(household, step) -> str:
    return reverse("adopters:step-correct", args=[household.pk, step])


def withdraw_url(household, step) -> str:
    return reverse("adopters:step-withdraw", args=[household.pk, step])


def test_the_household_page_offers_each_recorded_step_for_correction_to_those_who_record(
    client, household, fostering_adoption_worker, social_worker
):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:1])
    page = reverse("adopters:household", args=[household.pk])
    client.force_login(fostering_adoption_worker)
    body = client.get(page).content.decode()
    assert f'href="{correct_url(household, Step.STAGE1_STARTED)}"' in body
    assert f'href="{correct_url(household, Step.ENQUIRY)}"' in body
    client.force_login(social_worker)
    assert 'data-testid="correct-' not in client.get(page).content.decode()


def test_a_worker_corrects_a_steps_date_in_the_pages(client, household, fostering_adoption_worker):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:1])
    household.refresh_from_db()
    client.force_login(fostering_adoption_worker)
    form = client.get(correct_url(household, Step.STAGE1_STARTED))
    assert form.status_code == 200
    body = form.content.decode()
    assert 'value="13"' in body and "Recorded as 13 January 2025" in body
    assert f'href="{withdraw_url(household, Step.STAGE1_STARTED)}"' in body
    response = client.post(
        correct_url(household, Step.STAGE1_STARTED),
        {**date_fields("on", date(2025, 1, 14)), "reason": TYPO, "version": household.version},
        follow=True,
    )
    assert response.status_code == 200
    assert "Corrected: stage 1 started" in response.content.decode()
    assert "14 January 2025</strong>: Stage 1 started" in response.content.decode()


def test_a_correction_the_rules_refuse_is_shown_on_the_form(client, household, fostering_adoption_worker):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:2])
    household.refresh_from_db()
    client.force_login(fostering_adoption_worker)
    response = client.post(
        correct_url(household, Step.STAGE1_STARTED),
        {**date_fields("on", date(2025, 3, 10)), "reason": TYPO, "version": household.version},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and "Stage 1 ended is recorded on 3 March 2025" in body
    assert dates(household)[Step.STAGE1_STARTED] == date(2025, 1, 13)


def test_a_correction_without_a_reason_is_refused_on_the_form(client, household, fostering_adoption_worker):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:1])
    household.refresh_from_db()
    client.force_login(fostering_adoption_worker)
    response = client.post(
        correct_url(household, Step.STAGE1_STARTED),
        {**date_fields("on", date(2025, 1, 14)), "version": household.version},
    )
    assert response.status_code == 400
    assert "Enter why the step is being corrected" in response.content.decode()


def test_a_stale_correction_form_shows_the_conflict(client, household, fostering_adoption_worker):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:1])
    household.refresh_from_db()
    opened_at = household.version
    record(household, Step.STAGE1_ENDED, date(2025, 3, 3), fostering_adoption_worker)
    client.force_login(fostering_adoption_worker)
    response = client.post(
        correct_url(household, Step.STAGE1_STARTED),
        {**date_fields("on", date(2025, 1, 14)), "reason": TYPO, "version": opened_at},
    )
    assert response.status_code == 409
    assert 'data-testid="edit-conflict"' in response.content.decode()
    assert dates(household)[Step.STAGE1_STARTED] == date(2025, 1, 13)


def test_a_placement_is_corrected_with_its_number_of_children(client, household, fostering_adoption_worker):
    walk(household, fostering_adoption_worker)
    record(household, Step.MATCHED, date(2025, 8, 1), fostering_adoption_worker)
    record(household, Step.PLACED, date(2025, 8, 20), fostering_adoption_worker, children=1)
    household.refresh_from_db()
    client.force_login(fostering_adoption_worker)
    assert 'name="children" value="1"' in client.get(correct_url(household, Step.PLACED)).content.decode()
    response = client.post(
        correct_url(household, Step.PLACED),
        {
            **date_fields("on", date(2025, 8, 20)),
            "children": 2,
            "reason": "Two siblings",
            "version": household.version,
        },
    )
    assert response.status_code == 302
    assert household_record(household.pk).journey.children_placed == 2


def test_a_worker_withdraws_a_step_in_the_pages(client, household, fostering_adoption_worker):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:2])
    household.refresh_from_db()
    client.force_login(fostering_adoption_worker)
    assert client.get(withdraw_url(household, Step.STAGE1_ENDED)).status_code == 200
    response = client.post(
        withdraw_url(household, Step.STAGE1_ENDED),
        {"reason": "Recorded by mistake", "version": household.version},
        follow=True,
    )
    assert response.status_code == 200
    assert "Withdrawn: stage 1 ended" in response.content.decode()
    assert Step.STAGE1_ENDED not in dates(household)


def test_a_withdrawal_a_later_step_blocks_is_shown_on_the_form(client, household, fostering_adoption_worker):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:3])
    household.refresh_from_db()
    client.force_login(fostering_adoption_worker)
    response = client.post(
        withdraw_url(household, Step.STAGE1_ENDED),
        {"reason": "Recorded by mistake", "version": household.version},
    )
    assert response.status_code == 400
    assert (
        "Stage 2 started is recorded on 10 March 2025 and follows stage 1 ended" in response.content.decode()
    )
    assert Step.STAGE1_ENDED in dates(household)


def test_unrecorded_steps_and_the_enquirys_withdrawal_are_not_found(
    client, household, fostering_adoption_worker
):
    client.force_login(fostering_adoption_worker)
    assert client.get(correct_url(household, Step.APPROVED)).status_code == 404
    assert client.get(correct_url(household, "nonsense")).status_code == 404
    assert client.get(withdraw_url(household, Step.ENQUIRY)).status_code == 404
    assert client.get(correct_url(household, Step.ENQUIRY)).status_code == 200


@pytest.mark.parametrize("role_user", ["social_worker", "analyst", "front_door_worker"])
def test_only_those_who_record_steps_may_correct_or_withdraw_them(client, request, role_user, household):
    walk(household, household.created_by, THROUGH_APPROVAL[:1])
    household.refresh_from_db()
    client.force_login(request.getfixturevalue(role_user))
    assert client.get(correct_url(household, Step.STAGE1_STARTED)).status_code == 403
    response = client.post(
        correct_url(household, Step.STAGE1_STARTED),
        {**date_fields("on", date(2025, 1, 14)), "reason": TYPO, "version": household.version},
    )
    assert response.status_code == 403
    response = client.post(
        withdraw_url(household, Step.STAGE1_STARTED), {"reason": "Mistake", "version": household.version}
    )
    assert response.status_code == 403
    assert dates(household)[Step.STAGE1_STARTED] == date(2025, 1, 13)


def test_a_team_manager_may_correct(client, household, team_manager, fostering_adoption_worker):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:1])
    household.refresh_from_db()
    client.force_login(team_manager)
    response = client.post(
        correct_url(household, Step.STAGE1_STARTED),
        {**date_fields("on", date(2025, 1, 14)), "reason": TYPO, "version": household.version},
    )
    assert response.status_code == 302
