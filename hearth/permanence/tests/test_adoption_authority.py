"""A child can be placed for adoption only with a placement order or the parents' consent."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hearth.childrenincare.services import placement_change
from hearth.permanence.selectors import adoption_authority_on
from hearth.permanence.services import adoption_authority_record, adoption_decision_record

ADOPTERS = {
    "provider": "PR1",
    "carer_name": "Dee and Rob Lane",
    "postcode": "B13 8AA",
    "ofsted_urn": "XXXXXXX",
}


def test_a_child_in_care_with_no_order_or_consent_has_no_authority_to_be_placed(period, child):
    assert adoption_authority_on(child, date(2025, 9, 1)) is None


def test_a_placement_order_gives_authority_from_the_day_it_is_granted(period, child, social_worker):
    adoption = adoption_decision_record(child=child, decided_on=date(2025, 7, 1), by=social_worker)
    adoption_authority_record(adoption=adoption, kind="order", on=date(2025, 8, 4), by=social_worker)

    assert adoption_authority_on(child, date(2025, 8, 3)) is None
    assert adoption_authority_on(child, date(2025, 8, 4)) == "order"
    assert period.legal_statuses.order_by("-start_date").first().legal_status == "E1"


def test_parents_consent_gives_authority_by_consent(period, child, social_worker):
    adoption = adoption_decision_record(child=child, decided_on=date(2025, 7, 1), by=social_worker)
    adoption_authority_record(adoption=adoption, kind="consent", on=date(2025, 7, 20), by=social_worker)

    assert adoption_authority_on(child, date(2025, 7, 20)) == "consent"


def test_children_in_care_refuses_an_adoption_placement_without_authority(period, social_worker):
    with pytest.raises(ValidationError) as refused:
        placement_change(
            period=period,
            on=date(2025, 9, 1),
            by=social_worker,
            reason_changed="CARPL",
            placement_type="A4",
            **ADOPTERS,
        )
    assert "placement order" in str(refused.value.message_dict["placement_type"])


def test_children_in_care_accepts_an_adoption_placement_with_consent(period, child, social_worker):
    adoption = adoption_decision_record(child=child, decided_on=date(2025, 7, 1), by=social_worker)
    adoption_authority_record(adoption=adoption, kind="consent", on=date(2025, 7, 20), by=social_worker)

    placement = placement_change(
        period=period,
        on=date(2025, 9, 1),
        by=social_worker,
        reason_changed="CARPL",
        placement_type="A4",
        **ADOPTERS,
    )
    assert placement.placement_type == "A4"


def test_a_reversed_decision_no_longer_gives_authority_by_consent(period, child, social_worker):
    from hearth.permanence.services import adoption_decision_reverse

    adoption = adoption_decision_record(child=child, decided_on=date(2025, 7, 1), by=social_worker)
    adoption_authority_record(adoption=adoption, kind="consent", on=date(2025, 7, 20), by=social_worker)
    adoption_decision_reverse(
        adoption=adoption, reversed_on=date(2025, 10, 1), reason="RD1", by=social_worker
    )

    assert adoption_authority_on(child, date(2025, 9, 30)) == "consent"
    assert adoption_authority_on(child, date(2025, 10, 1)) is None
