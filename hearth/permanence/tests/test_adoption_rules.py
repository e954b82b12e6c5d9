"""Adoption step by step: each step after the one before, with its dates and codes checked."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.childrenincare.models import PeriodOfCare
from hearth.concurrency import ConcurrentEditError
from hearth.permanence.models import Adoption, PermanenceOutcome
from hearth.permanence.selectors import (
    A1_THRESHOLD_DAYS,
    ad1_row,
    adoption_timeliness,
    placed_for_adoption_rows,
)
from hearth.permanence.services import (
    adoption_authority_record,
    adoption_decision_record,
    adoption_decision_reverse,
    adoption_match_record,
    adoption_order_record,
    adoption_placement_record,
    permanence_order_record,
    permanence_plan_record,
)

MATCH = {
    "number_of_adopters": 2,
    "adopter_sex": "MF",
    "adopter_legal_status": "L11",
    "adopters_are_foster_carers": False,
    "adopters_names": "Dee and Rob Lane",
}


def errors_of(call, **kwargs) -> dict:
    with pytest.raises(ValidationError) as refused:
        call(**kwargs)
    return refused.value.message_dict


@pytest.fixture
def decision(child, period, fostering_adoption_worker):
    return adoption_decision_record(child=child, decided_on=date(2025, 7, 1), by=fostering_adoption_worker)


@pytest.fixture
def matched(decision, fostering_adoption_worker):
    adoption_authority_record(
        adoption=decision, kind="order", on=date(2025, 8, 4), by=fostering_adoption_worker
    )
    return adoption_match_record(
        adoption=decision, matched_on=date(2025, 10, 1), by=fostering_adoption_worker, **MATCH
    )


@pytest.fixture
def placed(matched, fostering_adoption_worker):
    return adoption_placement_record(
        adoption=matched,
        placed_on=date(2025, 11, 3),
        provider="PR1",
        postcode="B13 8AA",
        by=fostering_adoption_worker,
    )


def test_a_child_is_adopted_and_their_period_of_care_ends_with_E11(placed, period, fostering_adoption_worker):
    adoption_order_record(
        adoption=placed, order_on=date(2026, 4, 20), reason="E11", by=fostering_adoption_worker
    )

    period.refresh_from_db()
    assert (period.end_date, period.reason_ceased) == (date(2026, 4, 20), "E11")
    assert period.placements.order_by("-start_date").first().placement_type == "A6"
    placed.refresh_from_db()
    assert placed.stage == "Adopted"
    assert placed.history.first().history_user == fostering_adoption_worker


def test_an_adoption_by_the_foster_carers_is_an_A5_placement_with_the_same_carer(
    decision, period, fostering_adoption_worker
):
    adoption_authority_record(
        adoption=decision, kind="order", on=date(2025, 8, 4), by=fostering_adoption_worker
    )
    adoption_match_record(
        adoption=decision,
        matched_on=date(2025, 9, 1),
        by=fostering_adoption_worker,
        **{**MATCH, "adopters_are_foster_carers": True, "adopters_names": ""},
    )
    adoption_placement_record(
        adoption=decision, placed_on=date(2025, 9, 8), provider="PR1", by=fostering_adoption_worker
    )

    placement = period.placements.order_by("-start_date").first()
    assert (placement.placement_type, placement.same_carer_as_previous) == ("A5", True)
    assert placement.carer_name == "Ann and Joe Price"


def test_consent_gives_an_A4_placement(decision, period, fostering_adoption_worker):
    adoption_authority_record(
        adoption=decision, kind="consent", on=date(2025, 7, 15), by=fostering_adoption_worker
    )
    adoption_match_record(
        adoption=decision, matched_on=date(2025, 9, 1), by=fostering_adoption_worker, **MATCH
    )
    adoption_placement_record(
        adoption=decision, placed_on=date(2025, 9, 8), provider="PR1", by=fostering_adoption_worker
    )

    assert period.placements.order_by("-start_date").first().placement_type == "A4"


def test_with_consent_only_a_placement_with_a_placement_order_is_refused(
    decision, period, fostering_adoption_worker
):
    from hearth.childrenincare.services import placement_change

    adoption_authority_record(
        adoption=decision, kind="consent", on=date(2025, 7, 15), by=fostering_adoption_worker
    )
    with pytest.raises(ValidationError) as raised:
        placement_change(
            period=period,
            on=date(2025, 9, 8),
            by=fostering_adoption_worker,
            reason_changed="CARPL",
            placement_type="A6",
            provider="PR1",
            carer_name="The Adopters",
            ofsted_urn="XXXXXXX",
        )
    assert "choose A3 or A4" in str(raised.value)


def test_a_child_cannot_be_placed_for_adoption_without_an_order_or_consent(
    decision, period, fostering_adoption_worker
):
    adoption_match_record(
        adoption=decision, matched_on=date(2025, 9, 1), by=fostering_adoption_worker, **MATCH
    )

    errors = errors_of(
        adoption_placement_record,
        adoption=decision,
        placed_on=date(2025, 9, 8),
        provider="PR1",
        by=fostering_adoption_worker,
    )
    assert "no placement order and no consent" in errors["placed_on"][0]
    assert period.placements.count() == 1
    assert Adoption.objects.get().placed_on is None


def test_the_match_comes_after_the_should_be_placed_decision(decision, fostering_adoption_worker):
    errors = errors_of(
        adoption_match_record,
        adoption=decision,
        matched_on=date(2025, 6, 30),
        by=fostering_adoption_worker,
        **MATCH,
    )
    assert "on or after the decision" in errors["matched_on"][0]


def test_the_placement_comes_after_the_match(matched, fostering_adoption_worker):
    errors = errors_of(
        adoption_placement_record,
        adoption=matched,
        placed_on=date(2025, 9, 30),
        provider="PR1",
        by=fostering_adoption_worker,
    )
    assert "on or after the match" in errors["placed_on"][0]


def test_a_placement_needs_a_match_first(decision, fostering_adoption_worker):
    adoption_authority_record(
        adoption=decision, kind="order", on=date(2025, 8, 4), by=fostering_adoption_worker
    )
    errors = errors_of(
        adoption_placement_record,
        adoption=decision,
        placed_on=date(2025, 9, 30),
        provider="PR1",
        by=fostering_adoption_worker,
    )
    assert "Record the match" in errors["placed_on"][0]


def test_the_adoption_order_comes_after_the_placement(matched, placed, fostering_adoption_worker):
    errors = errors_of(
        adoption_order_record,
        adoption=placed,
        order_on=date(2025, 11, 2),
        reason="E11",
        by=fostering_adoption_worker,
    )
    assert "on or after the placement" in errors["order_on"][0]


def test_an_adoption_order_needs_a_placement(matched, period, fostering_adoption_worker):
    errors = errors_of(
        adoption_order_record,
        adoption=matched,
        order_on=date(2026, 1, 5),
        reason="E12",
        by=fostering_adoption_worker,
    )
    assert "placement with the adopters" in errors["order_on"][0]
    period.refresh_from_db()
    assert period.end_date is None


def test_the_adoption_order_reason_is_E11_or_E12(placed, fostering_adoption_worker):
    errors = errors_of(
        adoption_order_record,
        adoption=placed,
        order_on=date(2026, 1, 5),
        reason="E45",
        by=fostering_adoption_worker,
    )
    assert "reason" in errors


def test_dates_in_the_future_or_before_birth_are_refused(child, period, fostering_adoption_worker):
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert (
        "today or in the past"
        in errors_of(
            adoption_decision_record, child=child, decided_on=tomorrow, by=fostering_adoption_worker
        )["decided_on"][0]
    )
    assert (
        "date of birth"
        in errors_of(
            adoption_decision_record, child=child, decided_on=date(2022, 5, 1), by=fostering_adoption_worker
        )["decided_on"][0]
    )


def test_a_decision_needs_the_child_to_be_in_care(child, fostering_adoption_worker):
    errors = errors_of(
        adoption_decision_record, child=child, decided_on=date(2025, 7, 1), by=fostering_adoption_worker
    )
    assert "not looked after" in errors["decided_on"][0]


def test_a_reversal_needs_a_DfE_reason(decision, fostering_adoption_worker):
    assert (
        "Select why"
        in errors_of(
            adoption_decision_reverse,
            adoption=decision,
            reversed_on=date(2025, 9, 1),
            reason="",
            by=fostering_adoption_worker,
        )["reason"][0]
    )
    assert (
        "RD1 to RD4"
        in errors_of(
            adoption_decision_reverse,
            adoption=decision,
            reversed_on=date(2025, 9, 1),
            reason="RD9",
            by=fostering_adoption_worker,
        )["reason"][0]
    )
    decision.refresh_from_db()
    assert decision.reversed_on is None


def test_a_reversed_decision_is_reported_in_placed_adoption_with_its_reason(
    decision, child, fostering_adoption_worker
):
    adoption_decision_reverse(
        adoption=decision, reversed_on=date(2025, 9, 1), reason="RD2", by=fostering_adoption_worker
    )

    assert placed_for_adoption_rows(child) == [
        {
            "CHILD": child.reference,
            "DOB": "01/06/2022",
            "DATE_PLACED": "01/07/2025",
            "DATE_PLACED_CEASED": "01/09/2025",
            "REASON_PLACED_CEASED": "RD2",
        }
    ]


def test_the_adopters_codes_must_agree_with_their_number(decision, fostering_adoption_worker):
    errors = errors_of(
        adoption_match_record,
        adoption=decision,
        matched_on=date(2025, 9, 1),
        by=fostering_adoption_worker,
        **{**MATCH, "number_of_adopters": 1, "adopter_sex": "MF", "adopter_legal_status": "L11"},
    )
    assert "M1" in errors["adopter_sex"][0] and "L0" in errors["adopter_legal_status"][0]


def test_two_people_editing_one_adoption_never_overwrite_each_other(
    decision, fostering_adoption_worker, social_worker
):
    opened_at = decision.version
    adoption_authority_record(
        adoption=decision, kind="order", on=date(2025, 8, 4), by=social_worker, expected_version=opened_at
    )

    with pytest.raises(ConcurrentEditError):
        adoption_match_record(
            adoption=decision,
            matched_on=date(2025, 9, 1),
            by=fostering_adoption_worker,
            expected_version=opened_at,
            **MATCH,
        )
    assert Adoption.objects.get().matched_on is None


def test_the_AD1_row_is_derived_from_the_adoption(placed, child, fostering_adoption_worker):
    adoption_order_record(
        adoption=placed, order_on=date(2026, 4, 20), reason="E12", by=fostering_adoption_worker
    )

    assert ad1_row(child) == {
        "CHILD": child.reference,
        "DOB": "01/06/2022",
        "DATE_INT": "01/07/2025",
        "DATE_MATCH": "01/10/2025",
        "FOSTER_CARE": "0",
        "NB_ADOPTR": "2",
        "SEX_ADOPTR": "MF",
        "LS_ADOPTR": "L11",
    }
    assert ad1_row(child, year_start=date(2026, 4, 21)) is None


def test_timeliness_counts_days_from_care_to_placement_and_from_order_to_match(placed):
    entering_to_placed, order_to_match = adoption_timeliness(placed)

    assert entering_to_placed.days == (date(2025, 11, 3) - date(2025, 5, 6)).days == 181
    assert entering_to_placed.within and entering_to_placed.threshold == A1_THRESHOLD_DAYS
    assert order_to_match.days == (date(2025, 10, 1) - date(2025, 8, 4)).days == 58
    assert order_to_match.within


def test_a_special_guardianship_order_ends_care_with_its_reason(child, period, social_worker):
    permanence_order_record(
        child=child,
        kind="sgo",
        made_on=date(2026, 2, 2),
        reason_ceased="E46",
        carer_name="Ann and Joe Price",
        by=social_worker,
    )

    period.refresh_from_db()
    assert (period.end_date, period.reason_ceased) == (date(2026, 2, 2), "E46")
    assert PermanenceOutcome.objects.get().kind == "sgo"


def test_a_child_arrangements_order_cannot_end_care_with_a_special_guardianship_reason(
    child, period, social_worker
):
    errors = errors_of(
        permanence_order_record,
        child=child,
        kind="cao",
        made_on=date(2026, 2, 2),
        reason_ceased="E45",
        by=social_worker,
    )
    assert "E41" in errors["reason_ceased"][0]
    assert PeriodOfCare.objects.get().end_date is None


def test_a_return_home_ends_care_with_E4A(child, period, social_worker):
    permanence_order_record(
        child=child, kind="return_home", made_on=date(2026, 2, 2), reason_ceased="E4A", by=social_worker
    )
    assert PeriodOfCare.objects.get().reason_ceased == "E4A"


def test_a_new_plan_for_permanence_replaces_the_last(child, period, social_worker):
    first = permanence_plan_record(
        child=child, plan_type="return_home", agreed_on=date(2025, 6, 1), by=social_worker
    )
    permanence_plan_record(child=child, plan_type="adoption", agreed_on=date(2025, 6, 20), by=social_worker)

    first.refresh_from_db()
    assert first.ended_on == date(2025, 6, 20)
