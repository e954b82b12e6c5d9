"""Annex A lists 8 (children in care), 9 (care leavers) and 10 (adoption), from hand-built
records: the template's columns, the values for one child of each kind, and a fixed number of
queries however many children there are."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from conftest import make_staff
from hearth.accounts.roles import Role
from hearth.allocation.models import Allocation
from hearth.casenotes.models import CaseNote
from hearth.childrenincare.models import CareReview, LegalStatus, PeriodOfCare, Placement, UASCStatus
from hearth.health.models import HealthEvent
from hearth.leavingcare.models import (
    AdviserContact,
    BirthdayContact,
    EligibilityDecision,
    PathwayPlan,
    PathwayPlanReview,
    PersonalAdviser,
)
from hearth.missing.models import MissingEpisode
from hearth.organisation.models import Service, Team, TeamType
from hearth.permanence.models import Adoption, PermanencePlan
from hearth.returns.annex_a import annex_a_sheets, annex_a_workbook

from .conftest import make_child

START, END = date(2026, 4, 1), date(2026, 11, 30)
LONDON = ZoneInfo("Europe/London")
COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=LONDON)


@pytest.fixture
def team(db) -> Team:
    service = Service.objects.create(code="cic", name="Children in care")
    return Team.objects.create(
        name="Children in Care 1", team_type=TeamType.CHILDREN_IN_CARE, service=service
    )


@pytest.fixture
def adviser(db):
    return make_staff("pat.adviser", Role.SOCIAL_WORKER, first_name="Pat", last_name="Lee")


def child_in_care(number: int, team, worker, chair):
    """In care from 1 June 2026 after an earlier period that ended in January; on a full care
    order from 15 July; two placements in this period and one in the last."""
    child = make_child(first_name=f"Cara{number}")
    Allocation.objects.create(child=child, team=team, worker=worker, start_date=date(2025, 9, 1))
    earlier = PeriodOfCare.objects.create(
        child=child,
        start_date=date(2025, 9, 1),
        category_of_need="N4",
        end_date=date(2026, 1, 10),
        reason_ceased="E4A",
    )
    LegalStatus.objects.create(
        period=earlier, legal_status="V2", start_date=date(2025, 9, 1), end_date=date(2026, 1, 10)
    )
    Placement.objects.create(
        period=earlier,
        placement_type="U3",
        provider="PR1",
        start_date=date(2025, 9, 1),
        end_date=date(2026, 1, 10),
    )
    care = PeriodOfCare.objects.create(child=child, start_date=date(2026, 6, 1), category_of_need="N1")
    LegalStatus.objects.create(
        period=care, legal_status="V2", start_date=date(2026, 6, 1), end_date=date(2026, 7, 14)
    )
    LegalStatus.objects.create(period=care, legal_status="C2", start_date=date(2026, 7, 15))
    Placement.objects.create(
        period=care,
        placement_type="U6",
        provider="PR1",
        start_date=date(2026, 6, 1),
        end_date=date(2026, 8, 31),
    )
    Placement.objects.create(
        period=care,
        placement_type="U4",
        provider="PR4",
        postcode="B1 1AA",
        ofsted_urn="SC123456",
        start_date=date(2026, 9, 1),
    )
    for day in (date(2026, 6, 20), date(2026, 9, 1)):
        CareReview.objects.create(period=care, review_date=day, chair=chair, participation="PN1")
    note = CaseNote.objects.create(
        occurred_at=at(2026, 10, 5, 10),
        kind=CaseNote.Kind.CLA_VISIT,
        child_seen=True,
        narrative="Seen at home.",
    )
    note.children.add(child)
    PermanencePlan.objects.create(child=child, plan_type="long_term_fostering", agreed_on=date(2026, 9, 1))
    HealthEvent.objects.create(
        child=child, kind=HealthEvent.Kind.INITIAL_ASSESSMENT, event_date=date(2026, 6, 25)
    )
    HealthEvent.objects.create(child=child, kind=HealthEvent.Kind.DENTAL, event_date=date(2026, 7, 10))
    MissingEpisode.objects.create(
        child=child, episode_type="M", started_at=at(2025, 6, 1, 20), ended_at=at(2025, 6, 2, 8)
    )
    MissingEpisode.objects.create(
        child=child, episode_type="A", started_at=at(2026, 8, 1, 20), ended_at=at(2026, 8, 1, 23)
    )
    MissingEpisode.objects.create(
        child=child,
        episode_type="M",
        started_at=at(2026, 10, 1, 20),
        ended_at=at(2026, 10, 2, 9),
        rhi_offered_at=at(2026, 10, 3, 12),
        rhi_outcome=MissingEpisode.Outcome.ACCEPTED,
    )
    return child


def care_leaver(number: int, team, worker, adviser):
    """Former relevant at 18; UASC until then; in touch, in semi-independent accommodation."""
    person = make_child(first_name=f"Jay{number}", sex="M", date_of_birth=date(2007, 3, 10))
    Allocation.objects.create(child=person, team=team, worker=worker, start_date=date(2024, 3, 10))
    UASCStatus.objects.create(child=person, status_from=date(2022, 1, 1), status_ceased_on=date(2025, 3, 10))
    EligibilityDecision.objects.create(young_person=person, category="eligible", decided_on=date(2024, 3, 10))
    EligibilityDecision.objects.create(
        young_person=person, category="former_relevant", decided_on=date(2025, 3, 10)
    )
    PersonalAdviser.objects.create(young_person=person, adviser=adviser, start_date=date(2025, 3, 10))
    plan = PathwayPlan.objects.create(young_person=person, agreed_on=date(2025, 3, 1))
    PathwayPlanReview.objects.create(plan=plan, review_date=date(2026, 9, 15))
    BirthdayContact.objects.create(
        young_person=person,
        age=19,
        contact_date=date(2026, 3, 15),
        in_touch="YES",
        activity="F2",
        accommodation="D1",
    )
    AdviserContact.objects.create(
        young_person=person, contact_date=date(2026, 10, 20), kind=AdviserContact.Kind.VISIT, seen=True
    )
    return person


def adopted_child(number: int):
    """Fostered to adopt from entering care, placed for adoption in June 2025, adopted in August 2026."""
    child = make_child(first_name=f"Mia{number}", date_of_birth=date(2023, 1, 1))
    care = PeriodOfCare.objects.create(
        child=child,
        start_date=date(2024, 2, 1),
        category_of_need="N1",
        end_date=date(2026, 8, 20),
        reason_ceased="E11",
    )
    LegalStatus.objects.create(
        period=care, legal_status="C1", start_date=date(2024, 2, 1), end_date=date(2025, 2, 28)
    )
    LegalStatus.objects.create(
        period=care, legal_status="E1", start_date=date(2025, 3, 1), end_date=date(2026, 8, 20)
    )
    Placement.objects.create(
        period=care,
        placement_type="U5",
        provider="PR1",
        start_date=date(2024, 2, 1),
        end_date=date(2025, 5, 31),
    )
    placed = Placement.objects.create(
        period=care,
        placement_type="A5",
        provider="PR1",
        start_date=date(2025, 6, 1),
        end_date=date(2026, 8, 20),
    )
    Adoption.objects.create(
        child=child,
        period=care,
        should_be_placed_on=date(2024, 5, 1),
        placement_order_on=date(2025, 3, 1),
        matched_on=date(2025, 5, 15),
        number_of_adopters=2,
        placed_on=date(2025, 6, 1),
        placement=placed,
        adoption_order_on=date(2026, 8, 20),
    )
    return child


def build(number, team, worker, chair, adviser):
    return (
        child_in_care(number, team, worker, chair),
        care_leaver(number, team, worker, adviser),
        adopted_child(number),
    )


def sheet_rows(title: str) -> list[dict]:
    sheet = next(sheet for sheet in annex_a_sheets(START, END) if sheet.title == title)
    return [dict(zip(sheet.headers, row, strict=True)) for row in sheet.rows]


def headers(title: str) -> list[str]:
    return next(sheet.headers for sheet in annex_a_sheets(START, END) if sheet.title == title)


# --- the template's columns ---------------------------------------------------------------


def test_list_8_has_the_templates_columns(db):
    assert headers("List 8 Children in care") == COMMON + [
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
        "Does the Child have a Disability",
        "Date Started to be Looked After",
        "Child's Category of Need",
        "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
        "Start date of current legal status",
        "Child's Legal Status",
        "Date of Latest Statutory Review",
        "Date of Last Social Work Visit",
        "What is the permanence plan for this child?",
        "Date of Last IRO Visit / Contact to the Child",
        "Date of Last Health Assessment",
        "Date of Last Dental Check",
        "Number of Placements in the Last 12 months",
        "Date Ceased to be Looked After",
        "Reason Ceased to be Looked After",
        "Start Date of Most Recent Placement",
        "Placement Type",
        "Placement Provider",
        "Placement postcode",
        "URN of Placement",
        "Placement Location",
        "LA of Placement",
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
        "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
        "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?",
        "Allocated Team",
        "Allocated Worker",
    ]


def test_list_9_has_the_templates_columns(db):
    assert headers("List 9 Care leavers") == COMMON + [
        "UASC, or formerly UASC if 18 or over (Y/N)",
        "Does the Child have a Disability",
        "Allocated Team",
        "Allocated Worker",
        "Allocated Personal Advisor",
        "Eligibility Category",
        "Latest Pathway Plan Review Date",
        "LA in Touch",
        "Latest Date of Contact",
        "Type of Accommodation",
        "Suitability of Accommodation",
        "Activity Status",
    ]


def test_list_10_has_the_templates_columns_with_the_family_identifier_second(db):
    assert headers("List 10 Adoption") == [
        "Child Unique ID",
        "Family identifier",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Does the Child have a Disability",
        "Date the Child Entered Care",
        "Date of Decision that Child Should be Placed for Adoption",
        "Date of Placement Order",
        "Date of Matching Child and Prospective Adopters",
        "Date Placed for Adoption",
        "Date of Adoption Order",
        "Date of Decision that Child Should No Longer be Placed for Adoption",
        "Reason Why Child No Longer Placed for Adoption",
        "Date the child was placed for fostering in FFA or concurrent planning placement",
    ]


def test_the_workbook_has_lists_1_to_11(db):
    workbook = load_workbook(io.BytesIO(annex_a_workbook(START, END)))
    assert workbook.sheetnames[7:] == [
        "List 8 Children in care",
        "List 9 Care leavers",
        "List 10 Adoption",
        "List 11 Adopters",
    ]


# --- values from the record ---------------------------------------------------------------


def test_a_child_in_care_appears_with_their_care_record(team, social_worker, cp_chair):
    child = child_in_care(1, team, social_worker, cp_chair)
    rows = [row for row in sheet_rows("List 8 Children in care") if row["Child Unique ID"] == child.reference]
    assert len(rows) == 1
    assert rows[0] == {
        "Child Unique ID": child.reference,
        "Gender": "b) Female",
        "Ethnicity": "a) WBRI",
        "Date of Birth": "01/05/2015",
        "Age of Child (Years)": 11,
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)": "N",
        "Does the Child have a Disability": "b) No",
        "Date Started to be Looked After": "01/06/2026",
        "Child's Category of Need": "N1 - Abuse or neglect",
        "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)": "Y",
        "Start date of current legal status": "15/07/2026",
        "Child's Legal Status": "C2: Full care order",
        "Date of Latest Statutory Review": "01/09/2026",
        "Date of Last Social Work Visit": "05/10/2026",
        "What is the permanence plan for this child?": "f) Long-term fostering",
        "Date of Last IRO Visit / Contact to the Child": "",
        "Date of Last Health Assessment": "25/06/2026",
        "Date of Last Dental Check": "10/07/2026",
        "Number of Placements in the Last 12 months": 3,
        "Date Ceased to be Looked After": "",
        "Reason Ceased to be Looked After": "",
        "Start Date of Most Recent Placement": "01/09/2026",
        "Placement Type": "U4: Foster placement with another carer, long-term",
        "Placement Provider": "PR4: Private provision",
        "Placement postcode": "B1 1AA",
        "URN of Placement": "SC123456",
        "Placement Location": "",
        "LA of Placement": "",
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months": 1,
        "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months": 1,
        "Was the child offered a Return Interview after their last missing episode (Y/N)?": "Y",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?": "Y",
        "Allocated Team": "Children in Care 1",
        "Allocated Worker": "Sam Okafor",
    }


def test_an_adopted_child_left_care_in_the_period_and_is_on_list_8_with_why(team, social_worker, cp_chair):
    child = adopted_child(1)
    [row] = [
        row for row in sheet_rows("List 8 Children in care") if row["Child Unique ID"] == child.reference
    ]
    assert row["Date Ceased to be Looked After"] == "20/08/2026"
    assert row["Reason Ceased to be Looked After"] == "E11: Adopted: application unopposed"
    assert row["Child's Legal Status"] == "E1: Placement order granted"
    assert (
        row[
            "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)"
        ]
        == "N"
    )


def test_a_child_who_left_care_before_the_period_is_not_on_list_8(db):
    child = make_child()
    PeriodOfCare.objects.create(
        child=child,
        start_date=date(2025, 1, 1),
        category_of_need="N1",
        end_date=date(2026, 3, 31),
        reason_ceased="E4A",
    )
    assert sheet_rows("List 8 Children in care") == []


def test_a_care_leaver_appears_with_their_adviser_plan_and_latest_contact(team, social_worker, adviser):
    person = care_leaver(1, team, social_worker, adviser)
    assert sheet_rows("List 9 Care leavers") == [
        {
            "Child Unique ID": person.reference,
            "Gender": "a) Male",
            "Ethnicity": "a) WBRI",
            "Date of Birth": "10/03/2007",
            "Age of Child (Years)": 19,
            "UASC, or formerly UASC if 18 or over (Y/N)": "Y",
            "Does the Child have a Disability": "b) No",
            "Allocated Team": "Children in Care 1",
            "Allocated Worker": "Sam Okafor",
            "Allocated Personal Advisor": "Pat Lee",
            "Eligibility Category": "b) Former relevant child",
            "Latest Pathway Plan Review Date": "15/09/2026",
            "LA in Touch": "a) Yes",
            "Latest Date of Contact": "20/10/2026",
            "Type of Accommodation": "D",
            "Suitability of Accommodation": "a) Suitable",
            "Activity Status": "F2: Full-time education other than higher education",
        }
    ]


def test_a_young_person_still_eligible_is_not_a_care_leaver(db):
    person = make_child(date_of_birth=date(2009, 6, 1))
    EligibilityDecision.objects.create(young_person=person, category="eligible", decided_on=date(2025, 6, 1))
    assert sheet_rows("List 9 Care leavers") == []


def test_an_adopted_child_appears_on_list_10_with_each_step(db):
    child = adopted_child(1)
    assert sheet_rows("List 10 Adoption") == [
        {
            "Child Unique ID": child.reference,
            "Family identifier": "",
            "Gender": "b) Female",
            "Ethnicity": "a) WBRI",
            "Date of Birth": "01/01/2023",
            "Age of Child (Years)": 3,
            "Does the Child have a Disability": "b) No",
            "Date the Child Entered Care": "01/02/2024",
            "Date of Decision that Child Should be Placed for Adoption": "01/05/2024",
            "Date of Placement Order": "01/03/2025",
            "Date of Matching Child and Prospective Adopters": "15/05/2025",
            "Date Placed for Adoption": "01/06/2025",
            "Date of Adoption Order": "20/08/2026",
            "Date of Decision that Child Should No Longer be Placed for Adoption": "",
            "Reason Why Child No Longer Placed for Adoption": "",
            "Date the child was placed for fostering in FFA or concurrent planning placement": "01/02/2024",
        }
    ]


def test_a_reversed_adoption_decision_shows_when_and_why(db):
    child = make_child(date_of_birth=date(2022, 1, 1))
    care = PeriodOfCare.objects.create(child=child, start_date=date(2025, 1, 1), category_of_need="N1")
    Adoption.objects.create(
        child=child,
        period=care,
        should_be_placed_on=date(2025, 6, 1),
        reversed_on=date(2026, 5, 1),
        reversal_reason="RD2",
    )
    [row] = sheet_rows("List 10 Adoption")
    assert row["Date of Decision that Child Should No Longer be Placed for Adoption"] == "01/05/2026"
    assert row["Reason Why Child No Longer Placed for Adoption"] == "RD2"
    assert row["Date the child was placed for fostering in FFA or concurrent planning placement"] == ""


def test_an_adoption_finished_before_the_period_is_not_on_list_10(db):
    child = make_child(date_of_birth=date(2020, 1, 1))
    care = PeriodOfCare.objects.create(
        child=child,
        start_date=date(2021, 1, 1),
        category_of_need="N1",
        end_date=date(2024, 1, 1),
        reason_ceased="E11",
    )
    Adoption.objects.create(
        child=child, period=care, should_be_placed_on=date(2022, 1, 1), adoption_order_on=date(2024, 1, 1)
    )
    assert sheet_rows("List 10 Adoption") == []


# --- a fixed number of queries ------------------------------------------------------------

# Lists 8-10 share one allocation look-up: 13 + 8 + 2 - 1 queries, whatever the number of children.
MAX_QUERIES = 22


@pytest.mark.parametrize("children", [1, 5])
def test_lists_8_to_10_read_a_fixed_number_of_queries(
    children, team, social_worker, cp_chair, adviser, django_assert_max_num_queries
):
    from hearth.returns import annex_a

    for number in range(children):
        build(number, team, social_worker, cp_chair, adviser)
    with django_assert_max_num_queries(MAX_QUERIES):
        period = annex_a._Period(START, END)
        sheets = [annex_a.children_in_care(period), annex_a.care_leavers(period), annex_a.adoption(period)]
    assert [len(sheet.rows) for sheet in sheets] == [2 * children, children, children]
