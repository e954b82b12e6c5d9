"""How the SSDA903 derivation meets DfE rules the demo authority once broke: each a hand-built
record and the row DfE's rule wants for it (returns.md, "SSDA903")."""

from dataclasses import replace
from datetime import date

import pytest

from hearth.allocation.models import Allocation
from hearth.childrenincare.models import (
    DeprivationOfLibertyOrder,
    LegalStatus,
    PeriodOfCare,
    Placement,
    UASCStatus,
)
from hearth.health.models import HealthEvent
from hearth.leavingcare.models import BirthdayContact, EligibilityDecision
from hearth.organisation.models import TeamType
from hearth.permanence.models import Adoption
from hearth.returns.periods import collection_year
from hearth.returns.ssda903 import ssda903_tables
from hearth.returns.tests.conftest import make_child
from hearth.returns.validation import RawIssue, ValidatorResult
from hearth.returns.validator_defects import (
    short_orders_within_limit,
    social_worker_episodes_cover,
    without_validator_defects,
)
from hearth.worktray.tests.journey import make_team

YEAR = collection_year("2026-27")
NOV_20 = date(2026, 11, 20)


def in_care(child, start, end=None, reason="", status="C2", home="B1 1AA"):
    period = PeriodOfCare.objects.create(
        child=child,
        start_date=start,
        end_date=end,
        reason_ceased=reason,
        category_of_need="N1",
        home_postcode=home,
    )
    LegalStatus.objects.create(period=period, legal_status=status, start_date=start, end_date=end)
    Placement.objects.create(
        period=period,
        placement_type="U6",
        provider="PR1",
        postcode="B2 2BB",
        ofsted_urn="SC123456",
        start_date=start,
        end_date=end,
    )
    return period


def row_of(table, child, **as_at):
    rows = [row for row in ssda903_tables(YEAR, **as_at)[table] if row["CHILD"] == child.return_id]
    return rows[0] if rows else None


def care_leaver(born, left, category="former_relevant", **contact):
    person = make_child(first_name="Tia", date_of_birth=born)
    in_care(person, date(born.year + 14, born.month, born.day), left, "E5")
    EligibilityDecision.objects.create(young_person=person, category=category, decided_on=left)
    if contact:
        BirthdayContact.objects.create(
            young_person=person, in_touch="YES", activity="F2", accommodation="U1", **contact
        )
    return person


# --- OC3: care leavers -----------------------------------------------------------------------


def test_a_young_person_who_left_care_on_their_18th_birthday_is_not_reported_at_18(db):
    # Rule 1016: care leaver information at 17 or 18 only for those who left before the birthday.
    person = care_leaver(date(2008, 9, 30), date(2026, 9, 30), age=18, contact_date=date(2026, 10, 1))
    assert row_of("OC3", person, as_at=NOV_20) is None


def test_one_who_left_at_17_is_reported_at_18_with_the_contact(db):
    person = care_leaver(
        date(2008, 9, 30), date(2025, 12, 1), category="relevant", age=18, contact_date=date(2026, 10, 1)
    )
    assert row_of("OC3", person, as_at=NOV_20)["IN_TOUCH"] == "YES"


def test_a_birthday_still_to_come_is_not_asked_for_until_it_comes(db):
    person = care_leaver(date(2006, 2, 10), date(2024, 2, 10))  # 21 on 10 February 2027
    assert row_of("OC3", person, as_at=NOV_20) is None
    # Once the birthday has passed with no contact, the gap shows.
    assert row_of("OC3", person, as_at=date(2027, 3, 31))["IN_TOUCH"] == ""


# --- OC2: the health of children looked after all year ------------------------------------------


def health(child, kind, on, **fields):
    return HealthEvent.objects.create(child=child, kind=kind, event_date=on, **fields)


def test_the_sdq_of_a_child_turning_17_in_the_year_is_reported(db):
    # Rule 197B wants a score or a reason for a 17-year-old; 189 forbids one only if 17 by 1 April.
    child = make_child(date_of_birth=date(2010, 2, 26))
    in_care(child, date(2024, 2, 27))
    health(child, HealthEvent.Kind.SDQ, date(2026, 5, 6), sdq_score=9)
    assert row_of("OC2", child, as_at=NOV_20)["SDQ_SCORE"] == "9"


def test_a_child_too_young_for_an_sdq_at_the_last_assessment_has_reason_sdq1(db):
    child = make_child(date_of_birth=date(2023, 3, 12))  # 4 on 12 March 2027
    in_care(child, date(2024, 11, 12))
    health(child, HealthEvent.Kind.REVIEW_ASSESSMENT, date(2026, 6, 17))
    row = row_of("OC2", child, as_at=NOV_20)
    assert (row["SDQ_SCORE"], row["SDQ_REASON"]) == ("", "SDQ1")


def test_part_way_through_the_year_the_health_items_are_those_of_the_last_12_months(db):
    # The yearly SDQ done last December is not due again until next December (rule 186).
    child = make_child(date_of_birth=date(2011, 1, 27))
    in_care(child, date(2025, 9, 6))
    health(child, HealthEvent.Kind.SDQ, date(2025, 12, 7), sdq_score=15)
    assert row_of("OC2", child, as_at=NOV_20)["SDQ_SCORE"] == "15"
    assert row_of("OC2", child, as_at=date(2027, 3, 31))["SDQ_SCORE"] == ""


def test_an_intervention_received_leaves_offered_blank(db):
    child = make_child(date_of_birth=date(2011, 1, 27))
    in_care(child, date(2025, 3, 1))
    health(
        child,
        HealthEvent.Kind.SUBSTANCE_MISUSE,
        date(2026, 6, 1),
        intervention_offered=True,
        intervention_received=True,
    )
    row = row_of("OC2", child, as_at=NOV_20)
    assert (row["SUBSTANCE_MISUSE"], row["INTERVENTION_RECEIVED"], row["INTERVENTION_OFFERED"]) == (
        "1",
        "1",
        "",
    )


# --- UASC, adoption decisions, social workers ----------------------------------------------------


def test_an_unaccompanied_child_has_no_home_postcode_and_ceases_at_18(db):
    child = make_child(date_of_birth=date(2010, 6, 1))
    in_care(child, date(2025, 8, 1), status="V2")
    UASCStatus.objects.create(child=child, status_from=date(2025, 8, 1), arrived_on=date(2025, 7, 30))
    # Rules 406 (no distance for a UASC) and 205B (DUC is the 18th birthday while UASC lasts).
    assert row_of("Episodes", child, as_at=NOV_20)["HOME_POST"] == ""
    assert row_of("UASC", child, as_at=NOV_20)["DUC"] == "01/06/2028"


def test_an_adoption_decision_reversed_last_year_is_not_reported_again(db):
    child = make_child(date_of_birth=date(2021, 4, 24))
    period = in_care(child, date(2024, 9, 7))
    Adoption.objects.create(
        child=child,
        period=period,
        should_be_placed_on=date(2025, 2, 2),
        reversed_on=date(2025, 7, 13),
        reversal_reason="RD3",
    )
    # Rules 118, 561 and 584: it was in last year's return, reversal and all.
    assert row_of("PlacedAdoption", child, as_at=NOV_20) is None


def test_an_allocation_after_the_case_was_closed_is_a_first_contact(db, social_worker):
    child = make_child(date_of_birth=date(2016, 9, 12))
    in_care(child, date(2026, 10, 5))
    team = make_team("Children in Care 2", TeamType.CHILDREN_IN_CARE)
    Allocation.objects.create(
        child=child, team=team, worker=social_worker, start_date=date(2026, 2, 2), end_date=date(2026, 6, 12)
    )
    Allocation.objects.create(child=child, team=team, worker=social_worker, start_date=date(2026, 10, 5))
    reasons = [row["SW_REASON"] for row in ssda903_tables(YEAR, as_at=NOV_20)["SWEpisodes"]]
    assert reasons == ["FCONTA", "FCONTA"]  # not a change of worker: SW10aSTG2


# --- the validator's care-history false positives (1001/1002) -------------------------------------


def _result(*child_ids):
    issue = RawIssue(
        code="1002", type="ERROR", message="no previous episodes", child_id="", table="OC3", fields=[]
    )
    return ValidatorResult(
        ruleset="lac2026_27",
        issues=[replace(issue, child_id=ref) for ref in child_ids],
        crashed=[],
        rules_run=1,
    )


@pytest.mark.django_db
def test_a_care_leaver_whose_care_ended_before_last_year_is_not_flagged():
    left_long_ago = care_leaver(date(2005, 9, 30), date(2023, 9, 30))
    result = without_validator_defects(_result(left_long_ago.reference), today=NOV_20)
    assert result.issues == []


@pytest.mark.django_db
def test_one_with_too_little_care_after_14_is_still_flagged():
    brief = make_child(date_of_birth=date(2005, 9, 30))
    in_care(brief, date(2022, 1, 10), date(2022, 2, 20), "E4A")  # 41 days, all before 16
    result = without_validator_defects(_result(brief.reference), today=NOV_20)
    assert [issue.child_id for issue in result.issues] == [brief.reference]


# --- deprivation of liberty orders (DoLo, 2026-27) --------------------------------------------------


def _under_an_order(start, end=None):
    child = make_child(date_of_birth=date(2011, 6, 1))
    period = in_care(child, date(2025, 9, 1))
    Placement.objects.filter(period=period).update(placement_type="K2", provider="PR4")
    DeprivationOfLibertyOrder.objects.create(period=period, start_date=start, end_date=end)
    return child


@pytest.mark.django_db
def test_orders_in_force_in_the_year_are_sent_open_ones_with_no_end():
    open_order = _under_an_order(date(2026, 6, 1))
    ended = _under_an_order(date(2025, 10, 1), date(2026, 5, 4))
    before_the_year = _under_an_order(date(2025, 10, 1), date(2026, 3, 31))
    rows = ssda903_tables(YEAR, as_at=NOV_20)["DoLo"]
    assert {(row["CHILD"], row["DOLO_START"], row["DOLO_END"]) for row in rows} == {
        (open_order.return_id, "01/06/2026", ""),
        (ended.return_id, "01/10/2025", "04/05/2026"),
    }
    assert before_the_year.return_id not in {row["CHILD"] for row in rows}, "rule 704: it was last year's"


@pytest.mark.django_db
def test_an_order_ending_after_31_march_is_open_in_that_year_s_return():
    child = _under_an_order(date(2026, 2, 2), date(2026, 6, 1))
    (row,) = ssda903_tables(collection_year("2025-26"))["DoLo"]
    assert (row["CHILD"], row["DOLO_START"], row["DOLO_END"]) == (child.return_id, "02/02/2026", "")


@pytest.mark.django_db
def test_rule_707_is_set_aside_only_while_the_child_is_still_under_the_order():
    still = _under_an_order(date(2026, 6, 1))
    ended = _under_an_order(date(2026, 6, 1), date(2026, 9, 1))
    issue = RawIssue(code="707", type="ERROR", message="left care", child_id="", table="DoLo", fields=[])
    result = ValidatorResult(
        ruleset="lac2026_27",
        issues=[replace(issue, child_id=child.return_id) for child in (still, ended)],
        crashed=[],
        rules_run=1,
    )
    kept = without_validator_defects(result, today=NOV_20).issues
    assert [issue.child_id for issue in kept] == [ended.return_id]


# --- SW12STG2 pairs every episode with every social worker episode ----------------------------------


def _episode(decom, dec="", rne="S", rec="", ls="C2"):
    return {"CHILD": "7", "DECOM": decom, "DEC": dec, "RNE": rne, "REC": rec, "LS": ls}


def _worker(decom):
    return {"CHILD": "7", "SW_DECOM": decom}


def test_a_worker_before_care_does_not_count_against_care_that_has_its_own_worker():
    episodes = [_episode("01/06/2026", "01/08/2026", rec="X1"), _episode("01/08/2026", rne="L")]
    workers = [_worker("10/04/2026"), _worker("01/06/2026")]
    assert social_worker_episodes_cover(episodes, workers, YEAR.start)


def test_care_that_started_with_no_worker_of_its_own_is_still_flagged():
    episodes = [_episode("01/06/2026", "01/08/2026", rec="X1"), _episode("01/08/2026", rne="L")]
    assert not social_worker_episodes_cover(episodes, [_worker("10/04/2026")], YEAR.start)


def test_care_that_ended_needs_a_worker_begun_by_its_end():
    ended = [_episode("01/06/2026", "01/09/2026", rne="P", rec="E4A")]
    assert social_worker_episodes_cover(ended, [_worker("01/05/2026")], YEAR.start)
    assert not social_worker_episodes_cover(ended, [_worker("02/09/2026")], YEAR.start)


@pytest.mark.django_db
def test_sw12stg2_is_set_aside_only_for_a_child_whose_care_is_covered():
    issue = RawIssue(code="SW12STG2", type="ERROR", message="", child_id="", table="Episodes", fields=[])
    covered = [_episode("01/06/2026", "01/08/2026", rec="X1")]
    tables = {
        "Episodes": covered + [{**_episode("01/06/2026"), "CHILD": "8"}],
        "SWEpisodes": [
            _worker("10/04/2026"),
            _worker("01/06/2026"),
            {"CHILD": "8", "SW_DECOM": "10/04/2026"},
        ],
    }
    result = ValidatorResult(
        ruleset="lac2026_27",
        issues=[replace(issue, child_id=child) for child in ("7", "8")],
        crashed=[],
        rules_run=1,
    )
    kept = without_validator_defects(result, today=NOV_20, tables=tables, year_start=YEAR.start).issues
    assert [issue.child_id for issue in kept] == ["8"]


# --- 361/362 measure an open order to 31 March ---------------------------------------------------


def test_police_protection_begun_yesterday_is_within_its_72_hours_today():
    episodes = [_episode("18/11/2026", ls="L1")]
    assert short_orders_within_limit(episodes, "L1", 3, NOV_20)
    assert not short_orders_within_limit(episodes, "L1", 3, date(2026, 11, 25))


def test_an_order_carried_on_through_a_change_of_placement_counts_as_one_stretch():
    episodes = [
        _episode("01/11/2026", "10/11/2026", rec="X1", ls="L2"),
        _episode("10/11/2026", "25/11/2026", rne="P", rec="X1", ls="L2"),
        _episode("25/11/2026", rne="L", ls="C2"),
    ]
    assert not short_orders_within_limit(episodes, "L2", 21, date(2026, 12, 1))
    assert short_orders_within_limit(episodes[:1] + episodes[2:], "L2", 21, date(2026, 12, 1))


@pytest.mark.django_db
def test_rule_361_is_set_aside_only_while_the_open_order_is_within_its_limit():
    issue = RawIssue(code="361", type="ERROR", message="", child_id="7", table="Episodes", fields=[])
    tables = {"Episodes": [_episode("18/11/2026", ls="L1")], "SWEpisodes": []}
    result = ValidatorResult(ruleset="lac2026_27", issues=[issue], crashed=[], rules_run=1)
    assert without_validator_defects(result, today=NOV_20, tables=tables, year_start=YEAR.start).issues == []
    later = without_validator_defects(result, today=date(2026, 11, 30), tables=tables, year_start=YEAR.start)
    assert later.issues == [issue]
