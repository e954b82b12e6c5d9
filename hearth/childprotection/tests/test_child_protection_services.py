from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.childinneed.models import CINPlan, Referral
from hearth.childprotection.models import ChildProtectionPlan, Conference, CoreGroup, Section47
from hearth.childprotection.selectors import (
    first_core_group_due,
    icpc_due,
    next_review_conference_due,
    open_cp_plan,
)
from hearth.childprotection.services import (
    ConcurrentEditError,
    conference_hold,
    core_group_record,
    cp_plan_end,
    section_47_conclude,
    section_47_start,
    strategy_discussion_record,
)
from hearth.people.models import Person, PersonType


def messages_for(refused, field: str) -> str:
    return " ".join(refused.value.message_dict.get(field, []))


def hold(referral, chair, **fields):
    values = {"kind": "initial", "held_on": date(2026, 1, 14), "outcome": "plan", "category": "PHY"}
    values.update(fields)
    return conference_hold(referral=referral, chair=chair, by=chair, **values)


def review(referral, chair, held_on, outcome="continue", **fields):
    return conference_hold(
        referral=referral, kind="review", held_on=held_on, chair=chair, outcome=outcome, by=chair, **fields
    )


# Strategy discussion and section 47


def test_a_strategy_discussion_keeps_its_attendees_by_agency(strategy_discussion, social_worker):
    assert strategy_discussion.attendees[0] == {"agency": "Police", "name": "DC Priya Shah"}
    assert strategy_discussion.history.first().history_user == social_worker


def test_a_strategy_discussion_needs_attendees_with_agency_and_name(referral, social_worker):
    with pytest.raises(ValidationError) as refused:
        strategy_discussion_record(
            referral=referral,
            held_on=date(2025, 12, 22),
            attendees=[{"agency": "Police", "name": ""}],
            section_47_initiated=True,
            by=social_worker,
        )
    assert "enter both the agency and the person's name" in messages_for(refused, "attendees")


def test_a_strategy_discussion_cannot_be_in_the_future(referral, social_worker):
    with pytest.raises(ValidationError) as refused:
        strategy_discussion_record(
            referral=referral,
            held_on=timezone.localdate() + timedelta(days=1),
            attendees=[{"agency": "Police", "name": "DC Shah"}],
            section_47_initiated=False,
            by=social_worker,
        )
    assert "today or in the past" in messages_for(refused, "held_on")


def test_a_section_47_needs_a_strategy_discussion_that_initiated_it(referral, social_worker):
    no_s47 = strategy_discussion_record(
        referral=referral,
        held_on=date(2025, 12, 22),
        attendees=[{"agency": "Police", "name": "DC Shah"}],
        section_47_initiated=False,
        by=social_worker,
    )
    with pytest.raises(ValidationError) as refused:
        section_47_start(strategy_discussion=no_s47, start_date=date(2025, 12, 23), by=social_worker)
    assert "did not start a section 47 enquiry" in messages_for(refused, "strategy_discussion")
    assert not Section47.objects.exists()


def test_a_section_47_cannot_start_before_its_strategy_discussion(strategy_discussion, social_worker):
    with pytest.raises(ValidationError) as refused:
        section_47_start(
            strategy_discussion=strategy_discussion, start_date=date(2025, 12, 21), by=social_worker
        )
    assert "on or after the strategy discussion" in messages_for(refused, "start_date")


def test_a_strategy_discussion_starts_one_section_47(section_47, strategy_discussion, social_worker):
    with pytest.raises(ValidationError) as refused:
        section_47_start(
            strategy_discussion=strategy_discussion, start_date=date(2025, 12, 24), by=social_worker
        )
    assert "already has its section 47" in messages_for(refused, "strategy_discussion")


def test_the_icpc_is_due_15_working_days_after_the_strategy_discussion_across_christmas(section_47):
    assert icpc_due(section_47) == date(2026, 1, 15)


def test_concluding_without_a_conference_marks_it_not_required(section_47, social_worker):
    section_47_conclude(
        section_47=section_47, completed_on=date(2026, 1, 9), outcome="substantiated_cin", by=social_worker
    )
    section_47.refresh_from_db()
    assert section_47.conference_not_required is True


def test_an_enquiry_cannot_conclude_before_it_started(section_47, social_worker):
    with pytest.raises(ValidationError) as refused:
        section_47_conclude(
            section_47=section_47, completed_on=date(2025, 12, 22), outcome="conference", by=social_worker
        )
    assert "on or after the day it started" in messages_for(refused, "completed_on")


def test_concluding_an_enquiry_someone_else_just_concluded_is_refused(
    section_47, social_worker, another_social_worker
):
    mine = Section47.objects.get(pk=section_47.pk)
    section_47_conclude(
        section_47=Section47.objects.get(pk=section_47.pk),
        completed_on=date(2026, 1, 9),
        outcome="conference",
        by=another_social_worker,
        expected_version=1,
    )
    with pytest.raises(ConcurrentEditError) as refused:
        section_47_conclude(
            section_47=mine,
            completed_on=date(2026, 1, 8),
            outcome="not_substantiated",
            by=social_worker,
            expected_version=1,
        )
    assert {change.field for change in refused.value.changes} >= {"completed_on", "outcome"}
    assert Section47.objects.get(pk=section_47.pk).outcome == "conference"


# Initial conference and the plan


def test_an_initial_conference_with_a_plan_starts_it_on_the_conference_date(plan, referral, cp_chair):
    assert plan.start_date == date(2026, 1, 14) == plan.initial_conference.held_on
    assert (plan.initial_category, plan.latest_category) == ("PHY", "PHY")
    assert open_cp_plan(referral.child) == plan
    assert plan.history.first().history_user == cp_chair


def test_a_cp_plan_cannot_start_without_an_initial_conference(referral, cp_chair):
    for kind in ("review",):
        with pytest.raises(ValidationError):
            hold(referral, cp_chair, kind=kind, outcome="plan")
    assert not ChildProtectionPlan.objects.exists()


def test_an_initial_conference_needs_a_section_47(referral, cp_chair):
    with pytest.raises(ValidationError) as refused:
        hold(referral, cp_chair)
    assert "needs the section 47 enquiry" in messages_for(refused, "section_47")
    assert not Conference.objects.exists() and not ChildProtectionPlan.objects.exists()


def test_a_transfer_in_conference_needs_no_section_47(referral, cp_chair):
    conference = hold(referral, cp_chair, kind="transfer_in")
    assert conference.plan_started.start_date == date(2026, 1, 14)


def test_the_icpc_cannot_be_before_the_section_47_started(referral, section_47, cp_chair):
    with pytest.raises(ValidationError) as refused:
        hold(referral, cp_chair, section_47=section_47, held_on=date(2025, 12, 22))
    assert "on or after the section 47 enquiry started" in messages_for(refused, "section_47")


def test_a_conference_is_not_held_on_a_weekend(referral, section_47, cp_chair):
    with pytest.raises(ValidationError) as refused:
        hold(referral, cp_chair, section_47=section_47, held_on=date(2026, 1, 10))
    assert "Saturday or Sunday" in messages_for(refused, "held_on")


def test_a_conference_is_chaired_by_a_cp_chair(referral, section_47, team_manager):
    with pytest.raises(ValidationError) as refused:
        hold(referral, team_manager, section_47=section_47)
    assert "chaired by a child protection chair" in messages_for(refused, "chair")


def test_a_plan_needs_a_category_of_abuse(referral, section_47, cp_chair):
    with pytest.raises(ValidationError) as refused:
        hold(referral, cp_chair, section_47=section_47, category="")
    assert "category of abuse" in messages_for(refused, "category")
    with pytest.raises(ValidationError) as refused:
        hold(referral, cp_chair, section_47=section_47, category="XYZ")
    assert "from the list" in messages_for(refused, "category")


def test_an_enquiry_that_concluded_no_conference_was_needed_cannot_have_one(
    referral, section_47, cp_chair, social_worker
):
    section_47_conclude(
        section_47=section_47, completed_on=date(2026, 1, 9), outcome="not_substantiated", by=social_worker
    )
    with pytest.raises(ValidationError) as refused:
        hold(referral, cp_chair, section_47=section_47)
    assert "no conference was needed" in messages_for(refused, "section_47")


def test_a_child_has_one_open_cp_plan(plan, referral, cp_chair):
    with pytest.raises(ValidationError) as refused:
        hold(referral, cp_chair, kind="transfer_in", held_on=date(2026, 2, 2))
    assert "already has a child protection plan" in messages_for(refused, "outcome")
    assert ChildProtectionPlan.objects.count() == 1


def test_plans_cannot_overlap(plan, referral, cp_chair):
    cp_plan_end(plan=plan, end_date=date(2026, 6, 1), reason="Moved to another authority", by=cp_chair)
    with pytest.raises(ValidationError) as refused:
        hold(referral, cp_chair, kind="transfer_in", held_on=date(2026, 3, 4))
    assert "cannot start inside it" in messages_for(refused, "held_on")
    again = hold(referral, cp_chair, kind="transfer_in", held_on=date(2026, 6, 1))
    assert again.plan_started.start_date == date(2026, 6, 1)


def test_starting_a_cp_plan_ends_the_open_cin_plan_on_the_conference_date(referral, section_47, cp_chair):
    cin_plan = CINPlan.objects.create(referral=referral, start_date=date(2025, 12, 30))
    hold(referral, cp_chair, section_47=section_47)
    cin_plan.refresh_from_db()
    assert cin_plan.end_date == date(2026, 1, 14)
    assert cin_plan.history.first().history_user == cp_chair


def test_a_cin_plan_that_would_still_overlap_is_refused_by_name(referral, section_47, cp_chair):
    CINPlan.objects.create(referral=referral, start_date=date(2025, 12, 30), end_date=date(2026, 2, 1))
    with pytest.raises(ValidationError) as refused:
        hold(referral, cp_chair, section_47=section_47)
    assert "CIN plan from 30 December 2025 to 1 February 2026" in messages_for(refused, "held_on")
    assert not Conference.objects.exists()


def test_dates_before_birth_are_refused_unless_the_referral_was_before_the_birth(cp_chair, social_worker):
    unborn = Person.objects.create(person_type=PersonType.UNBORN, expected_date_of_birth=date(2027, 3, 1))
    referral = Referral.objects.create(child=unborn, referral_date=date(2026, 9, 1), source="3B")
    discussion = strategy_discussion_record(
        referral=referral,
        held_on=date(2026, 9, 2),
        attendees=[{"agency": "Midwifery", "name": "Ruth Cole"}],
        section_47_initiated=True,
        by=social_worker,
    )
    enquiry = section_47_start(strategy_discussion=discussion, start_date=date(2026, 9, 2), by=social_worker)
    assert hold(referral, cp_chair, section_47=enquiry, held_on=date(2026, 9, 16)).plan_started

    # Born since, referred before the birth: the pre-birth work stays valid.
    born = Person.objects.create(first_name="Mia", date_of_birth=date(2026, 10, 5))
    pre_birth = Referral.objects.create(child=born, referral_date=date(2026, 9, 1), source="3B")
    assert strategy_discussion_record(
        referral=pre_birth,
        held_on=date(2026, 9, 2),
        attendees=[{"agency": "Midwifery", "name": "Ruth Cole"}],
        section_47_initiated=True,
        by=social_worker,
    ).pk

    # Referred after the birth: nothing in that episode can predate the birth.
    older = Person.objects.create(first_name="Noah", date_of_birth=date(2026, 8, 20))
    later = Referral.objects.create(child=older, referral_date=date(2026, 9, 1), source="3B")
    with pytest.raises(ValidationError) as refused:
        strategy_discussion_record(
            referral=later,
            held_on=date(2026, 8, 18),
            attendees=[{"agency": "Midwifery", "name": "Ruth Cole"}],
            section_47_initiated=True,
            by=social_worker,
        )
    assert "child's date of birth" in messages_for(refused, "held_on")


def test_events_after_the_referral_closed_are_refused(plan, referral, cp_chair):
    cp_plan_end(plan=plan, end_date=date(2026, 3, 2), reason="Risk reduced", by=cp_chair)
    referral.closure_date = date(2026, 3, 3)
    referral.closure_reason = "RC7"
    referral.save()
    with pytest.raises(ValidationError) as refused:
        core_group_record(plan=plan, held_on=date(2026, 3, 4), by=cp_chair)
    assert "on or before the date the case closed" in messages_for(refused, "held_on")


# Reviews, core groups and the end of the plan


def test_first_review_is_due_3_months_after_the_icpc_then_6_monthly(plan, referral, cp_chair):
    assert next_review_conference_due(plan) == date(2026, 4, 14)
    review(referral, cp_chair, date(2026, 4, 8))
    assert next_review_conference_due(plan) == date(2026, 10, 8)
    review(referral, cp_chair, date(2026, 10, 7), category="NEG")
    plan.refresh_from_db()
    assert next_review_conference_due(plan) == date(2027, 4, 7)
    assert (plan.initial_category, plan.latest_category) == ("PHY", "NEG")


def test_a_review_that_ends_the_plan_ends_it_on_the_conference_date(plan, referral, cp_chair):
    review(referral, cp_chair, date(2026, 4, 8), outcome="end_plan")
    plan.refresh_from_db()
    assert plan.end_date == date(2026, 4, 8)
    assert open_cp_plan(referral.child) is None
    assert next_review_conference_due(plan) is None


def test_a_review_needs_an_open_plan(referral, cp_chair):
    with pytest.raises(ValidationError) as refused:
        review(referral, cp_chair, date(2026, 4, 8))
    assert "no open child protection plan" in messages_for(refused, "kind")


def test_the_first_core_group_is_due_10_working_days_after_the_icpc(plan, cp_chair):
    assert first_core_group_due(plan) == date(2026, 1, 28)
    core_group_record(plan=plan, held_on=date(2026, 1, 27), by=cp_chair)
    assert first_core_group_due(plan) is None
    assert CoreGroup.objects.get().history.first().history_user == cp_chair


def test_a_core_group_cannot_be_before_the_plan(plan, cp_chair):
    with pytest.raises(ValidationError) as refused:
        core_group_record(plan=plan, held_on=date(2026, 1, 13), by=cp_chair)
    assert "on or after the plan started" in messages_for(refused, "held_on")


def test_a_plan_cannot_end_before_it_started(plan, cp_chair):
    with pytest.raises(ValidationError) as refused:
        cp_plan_end(plan=plan, end_date=date(2026, 1, 13), reason="Moved away", by=cp_chair)
    assert "cannot end before it started" in messages_for(refused, "end_date")
    plan.refresh_from_db()
    assert plan.end_date is None


def test_a_plan_end_needs_a_reason(plan, cp_chair):
    with pytest.raises(ValidationError) as refused:
        cp_plan_end(plan=plan, end_date=date(2026, 3, 2), reason=" ", by=cp_chair)
    assert "why the plan ended" in messages_for(refused, "reason")


def test_ending_a_plan_someone_else_changed_is_refused(plan, referral, cp_chair, team_manager):
    stale = ChildProtectionPlan.objects.get(pk=plan.pk)
    review(referral, cp_chair, date(2026, 4, 8), category="NEG")
    with pytest.raises(ConcurrentEditError):
        cp_plan_end(
            plan=stale, end_date=date(2026, 5, 1), reason="Moved", by=team_manager, expected_version=1
        )
    assert ChildProtectionPlan.objects.get(pk=plan.pk).end_date is None
