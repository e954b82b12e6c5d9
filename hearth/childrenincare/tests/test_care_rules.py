"""The rules of a period of care, each through the services that enforce them."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.childrenincare.models import CareReview, IROAssignment, LegalStatus, PeriodOfCare, Placement
from hearth.childrenincare.services import (
    ConcurrentEditError,
    care_review_hold,
    iro_assign,
    legal_status_change,
    period_of_care_end,
    period_of_care_start,
    placement_change,
)
from hearth.childrenincare.tests.conftest import CHILDRENS_HOME, FOSTER_PLACEMENT
from hearth.people.models import Person, PersonType


def start(child, by, *, on=date(2026, 1, 5), legal_status="C1", placement=None, category_of_need="N1"):
    return period_of_care_start(
        child=child,
        start_date=on,
        legal_status=legal_status,
        placement=dict(placement or FOSTER_PLACEMENT),
        category_of_need=category_of_need,
        by=by,
    )


def errors_of(raised) -> dict[str, list[str]]:
    return raised.value.message_dict


def assert_timeline_covers_period(entries, period) -> None:
    """Each entry starts the day the one before ended; the first on the period's start; the
    last ends with the period (or is open while it is)."""
    entries = sorted(entries, key=lambda entry: entry.start_date)
    assert entries[0].start_date == period.start_date
    for before, after in zip(entries, entries[1:], strict=False):
        assert before.end_date == after.start_date
    assert entries[-1].end_date == period.end_date


# --- coming into care ---------------------------------------------------------------------------


def test_coming_into_care_starts_the_period_its_legal_status_and_placement_on_one_day(child, social_worker):
    period = start(child, social_worker)
    status = LegalStatus.objects.get(period=period)
    placement = Placement.objects.get(period=period)
    assert (status.legal_status, status.start_date, status.end_date) == ("C1", date(2026, 1, 5), None)
    assert (placement.placement_type, placement.start_date, placement.provider) == (
        "U6",
        date(2026, 1, 5),
        "PR1",
    )
    assert period.history.first().history_user == social_worker


def test_a_child_cannot_have_two_open_periods_of_care(period, child, social_worker):
    with pytest.raises(ValidationError) as raised:
        start(child, social_worker, on=date(2026, 2, 1))
    assert "already looked after" in errors_of(raised)["start_date"][0]
    assert PeriodOfCare.objects.count() == 1


def test_a_period_cannot_start_before_the_child_was_born(child, social_worker):
    with pytest.raises(ValidationError) as raised:
        start(child, social_worker, on=date(2016, 9, 1))
    assert "date of birth" in errors_of(raised)["start_date"][0]
    assert not PeriodOfCare.objects.exists()


def test_a_period_cannot_start_in_the_future(child, social_worker):
    with pytest.raises(ValidationError) as raised:
        start(child, social_worker, on=timezone.localdate() + timedelta(days=1))
    assert "today or in the past" in errors_of(raised)["start_date"][0]


def test_a_young_person_of_18_does_not_come_into_care(db, social_worker):
    adult = Person.objects.create(
        person_type=PersonType.CHILD, first_name="Ola", last_name="Ward", date_of_birth=date(2007, 11, 2)
    )
    with pytest.raises(ValidationError) as raised:
        start(adult, social_worker, on=date(2025, 11, 2))
    assert "care leaver" in errors_of(raised)["start_date"][0]


def test_codes_outside_the_dfe_lists_are_refused_and_nothing_is_saved(child, social_worker):
    with pytest.raises(ValidationError) as raised:
        start(
            child,
            social_worker,
            legal_status="C9",
            category_of_need="N9",
            placement={**FOSTER_PLACEMENT, "placement_type": "Z1", "provider": "PR9"},
        )
    problems = errors_of(raised)
    assert set(problems) >= {"legal_status", "category_of_need", "placement_type", "provider"}
    assert not PeriodOfCare.objects.exists() and not Placement.objects.exists()


def test_a_new_period_may_start_after_the_last_one_ended_but_not_inside_it(period, child, social_worker):
    period_of_care_end(period=period, end_date=date(2026, 3, 1), reason_ceased="E4A", by=social_worker)
    with pytest.raises(ValidationError):
        start(child, social_worker, on=date(2026, 2, 1))
    later = start(child, social_worker, on=date(2026, 5, 4))
    assert later.start_date == date(2026, 5, 4)


# --- placement details -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["T0", "T4", "Z11", "Z14"])
def test_temporary_and_other_placements_take_no_provider(child, social_worker, kind):
    with pytest.raises(ValidationError) as raised:
        start(child, social_worker, placement={"placement_type": kind, "provider": "PR1"})
    assert "leave the provider blank" in errors_of(raised)["provider"][0]


def test_other_placements_need_a_provider(child, social_worker):
    with pytest.raises(ValidationError) as raised:
        start(child, social_worker, placement={**FOSTER_PLACEMENT, "provider": ""})
    assert errors_of(raised)["provider"] == ["Select the placement provider"]


@pytest.mark.parametrize("kind", ["P1", "P3", "R1", "R2", "R5", "T2", "Z12"])
def test_settings_without_an_ofsted_registration_take_no_urn(child, social_worker, kind):
    provider = "" if kind.startswith(("T", "Z")) else "PR0"
    with pytest.raises(ValidationError) as raised:
        start(
            child,
            social_worker,
            placement={"placement_type": kind, "provider": provider, "ofsted_urn": "SC123456"},
        )
    assert "no Ofsted URN" in errors_of(raised)["ofsted_urn"][0]


@pytest.mark.parametrize("urn", ["", "SC12345", "AB123456", "123456", "SC1234567"])
def test_a_registered_placement_needs_a_well_formed_urn(child, social_worker, urn):
    with pytest.raises(ValidationError) as raised:
        start(child, social_worker, placement={**FOSTER_PLACEMENT, "ofsted_urn": urn})
    assert "URN" in errors_of(raised)["ofsted_urn"][0]


@pytest.mark.parametrize("urn", ["SC123456", "1234567", "XXXXXXX", "sc123456"])
def test_an_ofsted_urn_is_sc_and_six_digits_seven_digits_or_unknown(child, social_worker, urn):
    period = start(child, social_worker, placement={**FOSTER_PLACEMENT, "ofsted_urn": urn})
    assert period.placements.get().ofsted_urn == urn.upper()


def test_only_foster_and_adoption_placements_may_give_the_urn_as_unknown(child, social_worker):
    # DfE rule 242: a children's home is registered with Ofsted, so its URN is known.
    with pytest.raises(ValidationError) as raised:
        start(child, social_worker, placement={**CHILDRENS_HOME, "ofsted_urn": "XXXXXXX"})
    assert "enter its URN" in errors_of(raised)["ofsted_urn"][0]


def test_a_child_is_not_placed_for_adoption_without_a_placement_order(period, social_worker):
    with pytest.raises(ValidationError) as raised:
        placement_change(
            period=period,
            on=date(2026, 3, 2),
            by=social_worker,
            reason_changed="CARPL",
            placement_type="A6",
            provider="PR1",
            carer_name="The Adeyemis",
            ofsted_urn="XXXXXXX",
        )
    assert "placement order" in errors_of(raised)["placement_type"][0]


def test_with_a_placement_order_the_child_may_be_placed_for_adoption(period, social_worker):
    legal_status_change(period=period, legal_status="E1", on=date(2026, 2, 16), by=social_worker)
    move = placement_change(
        period=period,
        on=date(2026, 3, 2),
        by=social_worker,
        reason_changed="CARPL",
        placement_type="A6",
        provider="PR1",
        carer_name="The Adeyemis",
        ofsted_urn="XXXXXXX",
    )
    assert move.placement_type == "A6"


def test_under_a_placement_order_the_placement_is_not_recorded_as_one_with_consent(period, social_worker):
    legal_status_change(period=period, legal_status="E1", on=date(2026, 2, 16), by=social_worker)
    with pytest.raises(ValidationError) as raised:
        placement_change(
            period=period,
            on=date(2026, 3, 2),
            by=social_worker,
            reason_changed="CARPL",
            placement_type="A4",
            provider="PR1",
            carer_name="The Adeyemis",
            ofsted_urn="XXXXXXX",
        )
    assert "choose A5 or A6" in errors_of(raised)["placement_type"][0]


# --- the timelines -----------------------------------------------------------------------------------


def test_each_change_ends_the_one_before_on_the_day_the_next_starts(period, social_worker):
    legal_status_change(period=period, legal_status="C2", on=date(2026, 3, 2), by=social_worker)
    placement_change(
        period=period, on=date(2026, 2, 9), by=social_worker, reason_changed="CREQB", **CHILDRENS_HOME
    )
    placement_change(
        period=period, on=date(2026, 4, 13), by=social_worker, reason_changed="CARPL", **FOSTER_PLACEMENT
    )
    assert_timeline_covers_period(period.legal_statuses.all(), period)
    assert_timeline_covers_period(period.placements.all(), period)
    assert period.placements.get(start_date=date(2026, 2, 9)).reason_changed == "CARPL"


def test_leaving_care_ends_the_legal_status_placement_and_iro_the_same_day(period, social_worker, cp_chair):
    iro_assign(period=period, iro=cp_chair, start_date=date(2026, 1, 7), by=social_worker)
    legal_status_change(period=period, legal_status="C2", on=date(2026, 3, 2), by=social_worker)
    period_of_care_end(period=period, end_date=date(2026, 6, 1), reason_ceased="E4A", by=social_worker)
    assert (period.end_date, period.reason_ceased) == (date(2026, 6, 1), "E4A")
    assert_timeline_covers_period(period.legal_statuses.all(), period)
    assert_timeline_covers_period(period.placements.all(), period)
    assert IROAssignment.objects.get().end_date == date(2026, 6, 1)


def test_a_change_on_or_before_the_current_one_started_is_refused_so_nothing_overlaps(period, social_worker):
    legal_status_change(period=period, legal_status="C2", on=date(2026, 3, 2), by=social_worker)
    with pytest.raises(ValidationError) as raised:
        legal_status_change(period=period, legal_status="V2", on=date(2026, 2, 20), by=social_worker)
    assert "must be after 2 March 2026" in errors_of(raised)["on"][0]
    with pytest.raises(ValidationError):
        placement_change(
            period=period, on=date(2026, 1, 5), by=social_worker, reason_changed="CARPL", **CHILDRENS_HOME
        )
    assert period.legal_statuses.count() == 2 and period.placements.count() == 1


def test_the_same_legal_status_again_is_not_a_change(period, social_worker):
    with pytest.raises(ValidationError) as raised:
        legal_status_change(period=period, legal_status="C1", on=date(2026, 2, 2), by=social_worker)
    assert "already C1" in errors_of(raised)["legal_status"][0]


def test_a_move_needs_its_reason_unless_the_child_returns_from_a_temporary_placement(period, social_worker):
    with pytest.raises(ValidationError) as raised:
        placement_change(
            period=period, on=date(2026, 2, 9), by=social_worker, reason_changed="", **CHILDRENS_HOME
        )
    assert errors_of(raised)["reason_changed"] == ["Select why the placement changed"]
    placement_change(
        period=period, on=date(2026, 2, 9), by=social_worker, reason_changed="OTHER", placement_type="T1"
    )
    back = placement_change(
        period=period, on=date(2026, 2, 12), by=social_worker, reason_changed="", **FOSTER_PLACEMENT
    )
    assert period.placements.get(placement_type="T1").reason_changed == ""
    assert back.placement_type == "U6"


def test_no_change_after_the_18th_birthday(db, social_worker):
    young_person = Person.objects.create(
        person_type=PersonType.CHILD, first_name="Rae", last_name="Long", date_of_birth=date(2008, 2, 10)
    )
    period = start(young_person, social_worker, on=date(2025, 6, 2))
    with pytest.raises(ValidationError) as raised:
        legal_status_change(period=period, legal_status="C2", on=date(2026, 2, 11), by=social_worker)
    assert "care leaver" in errors_of(raised)["on"][0]
    with pytest.raises(ValidationError):
        period_of_care_end(period=period, end_date=date(2026, 2, 11), reason_ceased="E17", by=social_worker)
    ended = period_of_care_end(
        period=period, end_date=date(2026, 2, 10), reason_ceased="E17", by=social_worker
    )
    assert ended.end_date == date(2026, 2, 10)


def test_x1_is_worked_out_and_never_chosen_as_the_reason_for_leaving_care(period, social_worker):
    with pytest.raises(ValidationError) as raised:
        period_of_care_end(period=period, end_date=date(2026, 6, 1), reason_ceased="X1", by=social_worker)
    assert "works it out" in errors_of(raised)["reason_ceased"][0]
    period.refresh_from_db()
    assert period.end_date is None


def test_staying_put_e17_is_only_for_a_young_person_of_18(period, social_worker):
    with pytest.raises(ValidationError) as raised:
        period_of_care_end(period=period, end_date=date(2026, 6, 1), reason_ceased="E17", by=social_worker)
    assert "18 or over" in errors_of(raised)["reason_ceased"][0]


def test_nothing_is_recorded_in_a_period_that_has_ended(period, social_worker, cp_chair):
    period_of_care_end(period=period, end_date=date(2026, 3, 1), reason_ceased="E13", by=social_worker)
    with pytest.raises(ValidationError):
        placement_change(
            period=period, on=date(2026, 4, 1), by=social_worker, reason_changed="CARPL", **CHILDRENS_HOME
        )
    with pytest.raises(ValidationError):
        care_review_hold(
            period=period, review_date=date(2026, 4, 1), chair=cp_chair, participation="PN1", by=cp_chair
        )


# --- reviews and IROs -----------------------------------------------------------------------------------


def test_a_review_is_chaired_by_an_iro(period, social_worker, team_manager):
    with pytest.raises(ValidationError) as raised:
        care_review_hold(
            period=period,
            review_date=date(2026, 1, 30),
            chair=team_manager,
            participation="PN1",
            by=social_worker,
        )
    assert "independent reviewing officer" in errors_of(raised)["chair"][0]
    assert not CareReview.objects.exists()


def test_a_review_is_after_the_child_came_into_care_and_not_in_the_future(period, cp_chair):
    for day in (date(2026, 1, 5), timezone.localdate() + timedelta(days=1)):
        with pytest.raises(ValidationError) as raised:
            care_review_hold(period=period, review_date=day, chair=cp_chair, participation="PN1", by=cp_chair)
        assert "review_date" in errors_of(raised)
    review = care_review_hold(
        period=period, review_date=date(2026, 1, 30), chair=cp_chair, participation="PN1", by=cp_chair
    )
    assert review.chair == cp_chair


def test_a_child_under_4_takes_part_as_pn0(db, social_worker, cp_chair):
    baby = Person.objects.create(
        person_type=PersonType.CHILD, first_name="Lu", last_name="Grey", date_of_birth=date(2025, 3, 1)
    )
    period = start(baby, social_worker, on=date(2025, 10, 6))
    with pytest.raises(ValidationError) as raised:
        care_review_hold(
            period=period, review_date=date(2025, 11, 1), chair=cp_chair, participation="PN1", by=cp_chair
        )
    assert "PN0" in errors_of(raised)["participation"][0]
    with pytest.raises(ValidationError):
        care_review_hold(
            period=period, review_date=date(2025, 11, 1), chair=cp_chair, participation="PN9", by=cp_chair
        )


def test_assigning_a_new_iro_ends_the_last_assignment_that_day(period, social_worker, cp_chair):
    from conftest import make_staff

    other = make_staff("ike.iro", "cp_chair_iro", first_name="Ike", last_name="Obi")
    iro_assign(period=period, iro=cp_chair, start_date=date(2026, 1, 7), by=social_worker)
    iro_assign(period=period, iro=other, start_date=date(2026, 4, 1), by=social_worker)
    first, second = IROAssignment.objects.order_by("start_date")
    assert (first.end_date, second.end_date, second.iro) == (date(2026, 4, 1), None, other)
    with pytest.raises(ValidationError) as raised:
        iro_assign(period=period, iro=social_worker, start_date=date(2026, 5, 1), by=social_worker)
    assert "independent reviewing officer role" in errors_of(raised)["iro"][0]


# --- concurrency -------------------------------------------------------------------------------------------


def test_an_action_on_a_period_someone_else_changed_since_the_form_opened_is_refused(period, social_worker):
    opened_at = period.version
    legal_status_change(
        period=period, legal_status="C2", on=date(2026, 3, 2), by=social_worker, expected_version=opened_at
    )
    with pytest.raises(ConcurrentEditError):
        placement_change(
            period=PeriodOfCare.objects.get(pk=period.pk),
            on=date(2026, 4, 1),
            by=social_worker,
            reason_changed="CARPL",
            expected_version=opened_at,
            **CHILDRENS_HOME,
        )
    assert period.placements.count() == 1


# --- police protection ---------------------------------------------------------------------------


def test_emergency_protection_gives_way_to_another_legal_status_within_21_days(child, social_worker):
    # Children Act 1989 s45 (8 days, extended once by 7); DfE rule 362 allows an L2 21 days.
    period = start(child, social_worker, legal_status="L2")
    began = LegalStatus.objects.get(period=period, legal_status="L2").start_date
    with pytest.raises(ValidationError) as raised:
        legal_status_change(period=period, legal_status="C1", on=began + timedelta(days=22), by=social_worker)
    assert "at most 21 days" in errors_of(raised)["on"][0]
    with pytest.raises(ValidationError) as raised:
        period_of_care_end(
            period=period, end_date=began + timedelta(days=30), reason_ceased="E4A", by=social_worker
        )
    assert "at most 21 days" in errors_of(raised)["end_date"][0]
    legal_status_change(period=period, legal_status="C1", on=began + timedelta(days=21), by=social_worker)
    assert LegalStatus.objects.get(period=period, legal_status="L2").end_date == began + timedelta(days=21)


def test_police_protection_gives_way_to_another_legal_status_within_72_hours(child, social_worker):
    # Children Act 1989 s46(6), DfE rule 361: police protection lasts at most 72 hours.
    period = start(child, social_worker, legal_status="L1")
    with pytest.raises(ValidationError) as raised:
        legal_status_change(period=period, legal_status="C1", on=date(2026, 1, 9), by=social_worker)
    assert "at most 72 hours" in errors_of(raised)["on"][0]
    with pytest.raises(ValidationError) as raised:
        period_of_care_end(period=period, end_date=date(2026, 1, 12), reason_ceased="E4A", by=social_worker)
    assert "by 8 January 2026" in errors_of(raised)["end_date"][0]
    legal_status_change(period=period, legal_status="C1", on=date(2026, 1, 8), by=social_worker)
    assert LegalStatus.objects.get(period=period, legal_status="L1").end_date == date(2026, 1, 8)


def test_special_guardianship_to_former_foster_carers_needs_the_child_to_be_with_them(period, social_worker):
    placement_change(
        period=period, on=date(2026, 3, 2), by=social_worker, reason_changed="CARPL", **CHILDRENS_HOME
    )
    with pytest.raises(ValidationError) as raised:
        period_of_care_end(period=period, end_date=date(2026, 6, 1), reason_ceased="E45", by=social_worker)
    assert "not in a foster placement" in errors_of(raised)["reason_ceased"][0]
    period.refresh_from_db()
    ended = period_of_care_end(
        period=period, end_date=date(2026, 6, 1), reason_ceased="E47", by=social_worker
    )
    assert ended.reason_ceased == "E47"


def test_special_guardianship_to_the_foster_carers_the_child_lives_with_is_accepted(period, social_worker):
    ended = period_of_care_end(
        period=period, end_date=date(2026, 6, 1), reason_ceased="E46", by=social_worker
    )
    assert ended.reason_ceased == "E46"
