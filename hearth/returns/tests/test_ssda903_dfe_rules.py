"""How the SSDA903 derivation meets DfE rules the demo authority once broke: each a hand-built
record and the row DfE's rule wants for it (returns.md, "SSDA903")."""

from dataclasses import replace
from datetime import date

import pytest

from hearth.allocation.models import Allocation
from hearth.childrenincare.models import LegalStatus, PeriodOfCare, Placement, UASCStatus
from hearth.health.models import HealthEvent
from hearth.leavingcare.models import BirthdayContact, EligibilityDecision
from hearth.organisation.models import TeamType
from hearth.permanence.models import Adoption
from hearth.returns.periods import collection_year
from hearth.returns.ssda903 import ssda903_tables
from hearth.returns.tests.conftest import make_child
from hearth.returns.validation import RawIssue, ValidatorResult
from hearth.returns.validator_defects import without_validator_defects
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
