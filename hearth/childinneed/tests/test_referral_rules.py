"""The rules of referrals and episodes of need, enforced by the services."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hearth.childinneed.models import Referral
from hearth.childinneed.selectors import open_referral, previous_referral_within_12_months
from hearth.childinneed.services import (
    ConcurrentEditError,
    cin_plan_end,
    cin_plan_review_add,
    cin_plan_start,
    referral_close,
    referral_create,
    referral_update,
)


def refer(child, on, by, **extra):
    return referral_create(child=child, referral_date=on, source="2A", by=by, **extra)


def test_a_referral_opens_an_episode_and_records_who_made_it(child, social_worker):
    referral = refer(child, date(2026, 10, 1), social_worker, primary_need="N1")
    assert open_referral(child) == referral
    assert referral.history.first().history_user == social_worker


def test_a_child_can_have_only_one_open_episode(child, social_worker):
    refer(child, date(2026, 10, 1), social_worker)
    with pytest.raises(ValidationError) as refused:
        refer(child, date(2026, 10, 5), social_worker)
    assert "already has an open referral" in refused.value.message_dict["child"][0]
    assert Referral.objects.filter(child=child).count() == 1


def test_a_new_episode_can_start_once_the_last_one_closed(child, social_worker):
    first = refer(child, date(2026, 1, 5), social_worker)
    referral_close(referral=first, closure_date=date(2026, 3, 1), closure_reason="RC7", by=social_worker)
    second = refer(child, date(2026, 6, 1), social_worker)
    assert open_referral(child) == second


def test_a_new_episode_cannot_start_before_the_last_one_closed(child, social_worker):
    first = refer(child, date(2026, 1, 5), social_worker)
    referral_close(referral=first, closure_date=date(2026, 3, 1), closure_reason="RC7", by=social_worker)
    with pytest.raises(ValidationError) as refused:
        refer(child, date(2026, 2, 1), social_worker)
    assert "previous referral closed" in refused.value.message_dict["referral_date"][0]


def test_a_referral_before_the_child_was_born_is_refused(child, social_worker):
    with pytest.raises(ValidationError) as refused:
        refer(child, date(2018, 4, 30), social_worker)
    assert "date of birth" in refused.value.message_dict["referral_date"][0]
    assert not Referral.objects.exists()


def test_an_unborn_child_can_be_referred_within_280_days_of_the_due_date(unborn, social_worker):
    referral = refer(unborn, date(2026, 10, 1), social_worker)  # due 1 March 2027
    assert referral.pk


def test_an_unborn_child_cannot_be_referred_more_than_280_days_before_the_due_date(unborn, social_worker):
    with pytest.raises(ValidationError) as refused:
        refer(unborn, date(2026, 5, 1), social_worker)
    assert "280 days" in refused.value.message_dict["referral_date"][0]


def test_a_referral_dated_in_the_future_is_refused(child, social_worker):
    with pytest.raises(ValidationError) as refused:
        refer(child, date(2030, 1, 1), social_worker)
    assert "referral_date" in refused.value.message_dict


def test_a_referral_with_an_unknown_source_is_refused(child, social_worker):
    with pytest.raises(ValidationError) as refused:
        referral_create(child=child, referral_date=date(2026, 10, 1), source="ZZ", by=social_worker)
    assert "source" in refused.value.message_dict


def test_an_adult_cannot_be_referred(mother, social_worker):
    with pytest.raises(ValidationError) as refused:
        refer(mother, date(2026, 10, 1), social_worker)
    assert "adult" in refused.value.message_dict["child"][0]


def test_a_referral_needing_no_further_action_closes_the_day_it_opens(child, social_worker):
    referral = refer(child, date(2026, 10, 1), social_worker, no_further_action=True)
    assert (referral.closure_date, referral.closure_reason) == (date(2026, 10, 1), "RC7")
    assert open_referral(child) is None


def test_a_referral_within_12_months_of_the_last_is_a_re_referral(child, social_worker):
    first = refer(child, date(2025, 11, 20), social_worker, no_further_action=True)
    assert previous_referral_within_12_months(child, date(2026, 11, 20)) == first
    second = refer(child, date(2026, 11, 20), social_worker)
    assert previous_referral_within_12_months(child, second.referral_date, exclude=second) == first


def test_a_referral_more_than_12_months_after_the_last_is_not_a_re_referral(child, social_worker):
    refer(child, date(2025, 10, 1), social_worker, no_further_action=True)
    second = refer(child, date(2026, 10, 2), social_worker)
    assert previous_referral_within_12_months(child, second.referral_date, exclude=second) is None


def test_the_first_referral_is_not_a_re_referral(child, social_worker):
    first = refer(child, date(2026, 10, 1), social_worker)
    assert previous_referral_within_12_months(child, first.referral_date, exclude=first) is None


# --- closure -----------------------------------------------------------------------------------


def test_closing_is_refused_while_a_cin_plan_is_open(child, social_worker):
    referral = refer(child, date(2026, 9, 1), social_worker, primary_need="N1")
    cin_plan_start(referral=referral, start_date=date(2026, 9, 20), by=social_worker)
    with pytest.raises(ValidationError) as refused:
        referral_close(
            referral=referral, closure_date=date(2026, 11, 1), closure_reason="RC7", by=social_worker
        )
    assert "End the child in need plan" in refused.value.messages[0]
    referral.refresh_from_db()
    assert referral.closure_date is None


def test_closing_is_refused_before_the_referral_date(child, social_worker):
    referral = refer(child, date(2026, 9, 1), social_worker)
    with pytest.raises(ValidationError) as refused:
        referral_close(
            referral=referral, closure_date=date(2026, 8, 31), closure_reason="RC7", by=social_worker
        )
    assert "on or after the referral date" in refused.value.message_dict["closure_date"][0]


def test_closing_after_assessment_needs_an_assessment(child, social_worker):
    referral = refer(child, date(2026, 9, 1), social_worker)
    for reason in ("RC8", "RC9"):
        with pytest.raises(ValidationError) as refused:
            referral_close(
                referral=referral, closure_date=date(2026, 9, 2), closure_reason=reason, by=social_worker
            )
        assert "has none" in refused.value.message_dict["closure_reason"][0]


def test_closing_needs_a_reason(child, social_worker):
    referral = refer(child, date(2026, 9, 1), social_worker)
    with pytest.raises(ValidationError) as refused:
        referral_close(referral=referral, closure_date=date(2026, 9, 2), closure_reason="", by=social_worker)
    assert "closure_reason" in refused.value.message_dict


def test_closing_from_a_stale_form_is_refused(child, social_worker):
    referral = refer(child, date(2026, 9, 1), social_worker)
    referral_update(
        referral=referral,
        by=social_worker,
        expected_version=1,
        referral_date=date(2026, 9, 1),
        source="2A",
        primary_need="N4",
    )
    with pytest.raises(ConcurrentEditError):
        referral_close(
            referral=referral,
            closure_date=date(2026, 9, 2),
            closure_reason="RC7",
            by=social_worker,
            expected_version=1,
        )


def test_a_referral_edited_from_a_stale_form_is_refused_and_says_what_changed(
    child, social_worker, another_social_worker
):
    referral = refer(child, date(2026, 9, 1), social_worker)
    referral_update(
        referral=Referral.objects.get(pk=referral.pk),
        by=social_worker,
        expected_version=1,
        referral_date=date(2026, 9, 1),
        source="2A",
        primary_need="N1",
    )
    with pytest.raises(ConcurrentEditError) as refused:
        referral_update(
            referral=Referral.objects.get(pk=referral.pk),
            by=another_social_worker,
            expected_version=1,
            referral_date=date(2026, 9, 1),
            source="2A",
            primary_need="N4",
        )
    assert [(c.field, c.yours, c.theirs) for c in refused.value.changes] == [("primary_need", "N4", "N1")]


# --- CIN plans ---------------------------------------------------------------------------------


def test_a_cin_plan_cannot_start_before_the_referral(child, social_worker):
    referral = refer(child, date(2026, 9, 1), social_worker)
    with pytest.raises(ValidationError) as refused:
        cin_plan_start(referral=referral, start_date=date(2026, 8, 1), by=social_worker)
    assert "on or after the referral date" in refused.value.message_dict["start_date"][0]


def test_a_cin_plan_cannot_end_before_it_starts(child, social_worker):
    referral = refer(child, date(2026, 9, 1), social_worker)
    plan = cin_plan_start(referral=referral, start_date=date(2026, 9, 10), by=social_worker)
    with pytest.raises(ValidationError) as refused:
        cin_plan_end(plan=plan, end_date=date(2026, 9, 9), by=social_worker)
    assert "on or after the start date" in refused.value.message_dict["end_date"][0]


def test_cin_plans_cannot_overlap(child, social_worker):
    referral = refer(child, date(2026, 9, 1), social_worker)
    plan = cin_plan_start(referral=referral, start_date=date(2026, 9, 10), by=social_worker)
    with pytest.raises(ValidationError) as refused:
        cin_plan_start(referral=referral, start_date=date(2026, 10, 1), by=social_worker)
    assert "already a child in need plan" in refused.value.message_dict["start_date"][0]
    cin_plan_end(plan=plan, end_date=date(2026, 10, 15), by=social_worker)
    with pytest.raises(ValidationError) as refused:
        cin_plan_start(referral=referral, start_date=date(2026, 10, 15), by=social_worker)
    assert "cannot overlap" in refused.value.message_dict["start_date"][0]
    assert cin_plan_start(referral=referral, start_date=date(2026, 10, 16), by=social_worker).pk


def test_a_no_further_action_referral_cannot_have_a_cin_plan(child, social_worker):
    referral = refer(child, date(2026, 9, 1), social_worker, no_further_action=True)
    with pytest.raises(ValidationError) as refused:
        cin_plan_start(referral=referral, start_date=date(2026, 9, 1), by=social_worker)
    assert "no further action" in refused.value.messages[0]


def test_a_review_must_fall_within_the_plan(child, social_worker):
    referral = refer(child, date(2026, 9, 1), social_worker)
    plan = cin_plan_start(referral=referral, start_date=date(2026, 9, 10), by=social_worker)
    with pytest.raises(ValidationError):
        cin_plan_review_add(plan=plan, review_date=date(2026, 9, 9), by=social_worker)
    assert cin_plan_review_add(plan=plan, review_date=date(2026, 10, 9), by=social_worker).pk


def test_the_case_closes_once_the_plan_has_ended(child, social_worker):
    referral = refer(child, date(2026, 9, 1), social_worker, primary_need="N1")
    plan = cin_plan_start(referral=referral, start_date=date(2026, 9, 10), by=social_worker)
    cin_plan_end(plan=plan, end_date=date(2026, 11, 1), by=social_worker)
    with pytest.raises(ValidationError):  # not before the plan ended
        referral_close(
            referral=referral, closure_date=date(2026, 10, 1), closure_reason="RC7", by=social_worker
        )
    referral_close(referral=referral, closure_date=date(2026, 11, 2), closure_reason="RC7", by=social_worker)
    referral.refresh_from_db()
    assert referral.closure_reason == "RC7"


def test_a_cin_plan_review_is_due_three_months_after_the_start_then_after_each_review(child, social_worker):
    from hearth.childinneed.selectors import episodes_for_child

    referral = refer(child, date(2026, 8, 1), social_worker)
    cin_plan_start(referral=referral, start_date=date(2026, 8, 31), by=social_worker)
    plan = episodes_for_child(child).referrals[0].cin_plans.all()[0]
    assert plan.review_due == date(2026, 11, 30)  # 31 August + 3 months, clipped to the month's end
    cin_plan_review_add(plan=plan, review_date=date(2026, 10, 15), by=social_worker)
    plan = episodes_for_child(child).referrals[0].cin_plans.all()[0]
    assert plan.review_due == date(2027, 1, 15)


def test_closing_the_case_ends_the_childs_allocation_the_same_day(child, social_worker, teams):
    from hearth.allocation.selectors import current_allocation
    from hearth.allocation.services import case_allocate

    referral = refer(child, date(2026, 6, 1), social_worker)
    case_allocate(
        child=child,
        team=teams.assessment,
        worker=social_worker,
        start_date=date(2026, 6, 2),
        by=social_worker,
    )
    referral_close(referral=referral, closure_date=date(2026, 7, 1), closure_reason="RC7", by=social_worker)
    assert current_allocation(child) is None
    assert child.allocations.get().end_date == date(2026, 7, 1)
