"""Annex A list 11 (adopters): a household built through the adopters and permanence services,
read back row by row, and a fixed number of queries however many households there are."""

from datetime import date

import pytest

from hearth.adopters.models import Step
from hearth.adopters.services import household_enquiry_record, household_step_record
from hearth.childrenincare.services import period_of_care_start
from hearth.permanence import services as permanence
from hearth.returns.annex_a import _Period, adopters, annex_a_sheets

from .conftest import make_child

START, END = date(2025, 6, 1), date(2025, 11, 30)
HEADERS = [
    "Individual adopter identifier",
    "Family identifier",
    "Gender",
    "Ethnicity",
    "Disability",
    "Is the (prospective) adopter fostering for adoption?",
    "Date enquiry received",
    "Date Stage 1 started",
    "Date Stage 1 ended",
    "Date Stage 2 started",
    "Date Stage 2 ended",
    "Date application submitted",
    "Date application approved",
    "Date adopter matched with child(ren)",
    "Date child/children placed with adopter(s)",
    "No. of children placed",
    "Date of Adoption Order",
    "Date of leaving adoption process",
    "Reason for leaving adoption process",
]
APPROVAL = [
    (Step.STAGE1_STARTED, date(2025, 1, 13)),
    (Step.STAGE1_ENDED, date(2025, 3, 3)),
    (Step.STAGE2_STARTED, date(2025, 3, 10)),
    (Step.APPLICATION, date(2025, 3, 10)),
    (Step.STAGE2_ENDED, date(2025, 6, 30)),
    (Step.APPROVED, date(2025, 7, 14)),
]


def household(name: str, by, *, steps=(), enquiry_on=date(2025, 1, 6), **fields):
    made = household_enquiry_record(
        name=name,
        enquiry_on=enquiry_on,
        adopters=[
            {
                "first_name": "Dee",
                "last_name": name,
                "sex": "F",
                "ethnicity": "WBRI",
                "disabilities": ["NONE"],
            },
            {"first_name": "Rob", "last_name": name, "sex": "M", "ethnicity": "BCRB", "disabilities": []},
        ],
        by=by,
        **fields,
    )
    for step, on, *more in steps:
        household_step_record(household=made, step=step, on=on, by=by, **(more[0] if more else {}))
    return made


def matched_and_placed_child(made, by, number: int):
    """A child of this authority matched with ``made`` in August and placed in September 2025."""
    child = make_child(first_name=f"Ruby{number}", date_of_birth=date(2022, 6, 1))
    period_of_care_start(
        child=child,
        start_date=date(2025, 1, 6),
        legal_status="C1",
        placement={
            "placement_type": "U6",
            "provider": "PR1",
            "carer_name": "Ann Price",
            "postcode": "B15 2TT",
            "ofsted_urn": "SC123456",
        },
        category_of_need="N1",
        by=by,
    )
    adoption = permanence.adoption_decision_record(child=child, decided_on=date(2025, 4, 1), by=by)
    adoption = permanence.adoption_authority_record(
        adoption=adoption, kind="order", on=date(2025, 6, 2), by=by
    )
    adoption = permanence.adoption_match_record(
        adoption=adoption,
        matched_on=date(2025, 8, 4),
        number_of_adopters=2,
        adopter_sex="MF",
        adopter_legal_status="L11",
        adopters_are_foster_carers=False,
        household=made,
        by=by,
    )
    permanence.adoption_placement_record(adoption=adoption, placed_on=date(2025, 9, 1), provider="PR1", by=by)
    return child


def sheet_rows() -> list[dict]:
    sheet = next(sheet for sheet in annex_a_sheets(START, END) if sheet.title == "List 11 Adopters")
    assert sheet.headers == HEADERS
    return [dict(zip(sheet.headers, row, strict=True)) for row in sheet.rows]


def test_list_11_has_the_templates_columns_in_order(db):
    assert sheet_rows() == []


def test_a_household_matched_with_our_child_has_a_row_per_adopter(fostering_adoption_worker):
    made = household("Lane", fostering_adoption_worker, steps=APPROVAL, fostering_for_adoption=True)
    matched_and_placed_child(made, fostering_adoption_worker, 1)
    dee, rob = (adopter.person for adopter in made.adopters.order_by("pk"))
    shared = {
        "Family identifier": made.family_identifier,
        "Is the (prospective) adopter fostering for adoption?": "a) Yes",
        "Date enquiry received": "06/01/2025",
        "Date Stage 1 started": "13/01/2025",
        "Date Stage 1 ended": "03/03/2025",
        "Date Stage 2 started": "10/03/2025",
        "Date Stage 2 ended": "30/06/2025",
        "Date application submitted": "10/03/2025",
        "Date application approved": "14/07/2025",
        "Date adopter matched with child(ren)": "04/08/2025",
        "Date child/children placed with adopter(s)": "01/09/2025",
        "No. of children placed": 1,
        "Date of Adoption Order": "",
        "Date of leaving adoption process": "",
        "Reason for leaving adoption process": "",
    }
    assert sheet_rows() == [
        {
            "Individual adopter identifier": dee.reference,
            "Gender": "b) Female",
            "Ethnicity": "a) WBRI",
            "Disability": "b) No",
            **shared,
        },
        {
            "Individual adopter identifier": rob.reference,
            "Gender": "a) Male",
            "Ethnicity": "n) BCRB",
            "Disability": "c) Unknown",
            **shared,
        },
    ]


def test_the_childs_row_on_list_10_carries_the_same_family_identifier(fostering_adoption_worker):
    made = household("Lane", fostering_adoption_worker, steps=APPROVAL)
    child = matched_and_placed_child(made, fostering_adoption_worker, 1)
    sheet = next(sheet for sheet in annex_a_sheets(START, END) if sheet.title == "List 10 Adoption")
    [row] = [dict(zip(sheet.headers, row, strict=True)) for row in sheet.rows]
    assert (row["Child Unique ID"], row["Family identifier"]) == (child.reference, made.family_identifier)


def test_a_household_that_left_in_the_period_shows_when_and_why(fostering_adoption_worker):
    household(
        "Bell",
        fostering_adoption_worker,
        steps=[*APPROVAL[:2], (Step.LEFT, date(2025, 6, 20), {"leaving_reason": "2"})],
    )
    rows = sheet_rows()
    assert [
        (row["Date of leaving adoption process"], row["Reason for leaving adoption process"]) for row in rows
    ] == [
        ("20/06/2025", "2"),
        ("20/06/2025", "2"),
    ]
    assert rows[0]["Is the (prospective) adopter fostering for adoption?"] == "b) No"
    assert rows[0]["Date Stage 2 started"] == ""


def test_households_that_finished_before_or_began_after_the_period_are_not_listed(fostering_adoption_worker):
    household(
        "Gone", fostering_adoption_worker, steps=[(Step.LEFT, date(2025, 5, 31), {"leaving_reason": "1"})]
    )
    household("Later", fostering_adoption_worker, enquiry_on=date(2025, 12, 1))
    assert sheet_rows() == []


def test_steps_after_the_period_are_left_out(fostering_adoption_worker):
    household("Lane", fostering_adoption_worker, steps=APPROVAL)
    rows = _Period(date(2025, 1, 1), date(2025, 3, 5))
    sheet = adopters(rows)
    row = dict(zip(sheet.headers, sheet.rows[0], strict=True))
    assert row["Date Stage 1 ended"] == "03/03/2025"
    assert row["Date Stage 2 started"] == "" and row["Date application approved"] == ""


# Households, their adopters and people, their events, and their children's adoptions.
MAX_QUERIES = 4


@pytest.mark.parametrize("households", [1, 6])
def test_list_11_reads_a_fixed_number_of_queries(
    households, fostering_adoption_worker, django_assert_max_num_queries
):
    for number in range(households):
        made = household(f"H{number}", fostering_adoption_worker, steps=APPROVAL)
        matched_and_placed_child(made, fostering_adoption_worker, number)
    with django_assert_max_num_queries(MAX_QUERIES):
        sheet = adopters(_Period(START, END))
    assert len(sheet.rows) == 2 * households
