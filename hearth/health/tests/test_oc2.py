"""The SSDA903 OC2 row, derived from the health events of a child looked after for 12 months."""

from datetime import date

from hearth.childrenincare.models import LegalStatus
from hearth.health.models import HealthEvent
from hearth.health.oc2 import OC2_COLUMNS
from hearth.health.selectors import oc2_for
from hearth.health.services import health_event_record
from hearth.health.tests.fixtures import into_care

Kind = HealthEvent.Kind
YEAR_END = date(2026, 3, 31)


def record(child, kind, on, by, **extra):
    return health_event_record(child=child, kind=kind, event_date=on, by=by, **extra)


def test_a_child_looked_after_all_year_has_an_oc2_row_from_their_health_events(teenager, social_worker):
    into_care(teenager, date(2025, 4, 1))
    record(teenager, Kind.REVIEW_ASSESSMENT, date(2025, 9, 1), social_worker)
    record(teenager, Kind.DENTAL, date(2025, 10, 1), social_worker)
    record(teenager, Kind.IMMUNISATIONS, date(2025, 10, 2), social_worker, immunisations_up_to_date=True)
    record(teenager, Kind.SDQ, date(2025, 11, 1), social_worker, sdq_score=17)
    record(
        teenager,
        Kind.SUBSTANCE_MISUSE,
        date(2025, 12, 1),
        social_worker,
        intervention_offered=True,
        intervention_received=False,
    )
    record(teenager, Kind.CONVICTION, date(2024, 12, 1), social_worker)  # before the year: not counted
    row = oc2_for(teenager, YEAR_END)
    assert list(row) == OC2_COLUMNS
    assert row == {
        "CHILD": teenager.reference,
        "DOB": "10/06/2011",
        "SDQ_SCORE": "17",
        "SDQ_REASON": "",
        "CONVICTED": "0",
        "HEALTH_CHECK": "",  # only for children under 5
        "IMMUNISATIONS": "1",
        "TEETH_CHECK": "1",
        "HEALTH_ASSESSMENT": "1",
        "SUBSTANCE_MISUSE": "1",
        "INTERVENTION_RECEIVED": "0",
        "INTERVENTION_OFFERED": "1",
    }


def test_intervention_columns_are_blank_without_substance_misuse(teenager, social_worker):
    into_care(teenager, date(2024, 1, 1))
    row = oc2_for(teenager, YEAR_END)
    assert (row["SUBSTANCE_MISUSE"], row["INTERVENTION_OFFERED"], row["INTERVENTION_RECEIVED"]) == (
        "0",
        "",
        "",
    )
    assert row["SDQ_SCORE"] == row["SDQ_REASON"] == ""


def test_a_child_under_5_has_a_development_check_flag_and_an_sdq_reason(toddler, social_worker):
    into_care(toddler, date(2025, 1, 10))
    record(toddler, Kind.DEVELOPMENT, date(2025, 8, 1), social_worker)
    record(toddler, Kind.SDQ, date(2026, 3, 2), social_worker, sdq_reason="SDQ4")
    row = oc2_for(toddler, YEAR_END)
    assert row["HEALTH_CHECK"] == "1"
    assert (row["SDQ_SCORE"], row["SDQ_REASON"]) == ("", "SDQ4")  # he is 4 on 31 March 2026


def test_no_oc2_row_for_a_child_in_care_less_than_12_months_or_gone_home(teenager, toddler):
    into_care(teenager, date(2025, 4, 2))
    assert oc2_for(teenager, YEAR_END) is None
    period = into_care(toddler, date(2024, 1, 1))
    period.end_date = date(2026, 3, 31)
    period.reason_ceased = "E4A"
    period.save()
    assert oc2_for(toddler, YEAR_END) is None


def test_no_oc2_row_for_a_child_on_short_breaks(teenager):
    period = into_care(teenager, date(2024, 1, 1))
    LegalStatus.objects.create(period=period, legal_status="V3", start_date=date(2024, 1, 1))
    assert oc2_for(teenager, YEAR_END) is None
