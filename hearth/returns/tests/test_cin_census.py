"""The CIN census message: its element order, who is in it, and what is left out."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.assessment.models import Assessment
from hearth.childinneed.models import CINPlan, Referral
from hearth.returns.cin_census import census_children, census_xml
from hearth.returns.periods import collection_year
from hearth.returns.tests.conftest import make_child

YEAR = collection_year("2026-27")


def _message() -> ET.Element:
    return ET.fromstring(census_xml(YEAR))


def _sequence(element: ET.Element) -> list[tuple[str, str]]:
    """Every element below ``element`` in document order, with its text (if any)."""
    return [(item.tag, (item.text or "").strip()) for item in element.iter()]


def _child(message: ET.Element, person) -> ET.Element:
    for child in message.iter("Child"):
        if child.findtext("ChildIdentifiers/LAchildID") == person.reference:
            return child
    raise AssertionError(f"{person.reference} is not in the census")


def test_the_header_names_the_collection_year_and_the_authority(db, settings):
    settings.HEARTH_LA_CODE = "330"
    header = _message().find("Header")
    assert [tag for tag, _ in _sequence(header)][:8] == [
        "Header",
        "CollectionDetails",
        "Collection",
        "Year",
        "ReferenceDate",
        "Source",
        "SourceLevel",
        "LEA",
    ]
    assert header.findtext("CollectionDetails/Collection") == "CIN"
    assert header.findtext("CollectionDetails/Year") == "2027"
    assert header.findtext("CollectionDetails/ReferenceDate") == "2027-03-31"
    assert header.findtext("Source/LEA") == "330"


def test_a_protected_child_is_written_in_the_order_the_specification_sets(protected_child):
    child = _child(_message(), protected_child)
    assert _sequence(child) == [
        ("Child", ""),
        ("ChildIdentifiers", ""),
        ("LAchildID", protected_child.reference),
        ("UPNunknown", "UN5"),
        ("PersonBirthDate", "2015-05-01"),
        ("Sex", "F"),
        ("ChildCharacteristics", ""),
        ("Ethnicity", "WBRI"),
        ("Disabilities", ""),
        ("Disability", "NONE"),
        ("CINdetails", ""),
        ("CINreferralDate", "2026-05-05"),
        ("ReferralSource", "6"),
        ("PrimaryNeedCode", "N1"),
        ("Assessments", ""),
        ("AssessmentActualStartDate", "2026-05-06"),
        ("AssessmentAuthorisationDate", "2026-06-11"),
        ("FactorsIdentifiedAtAssessment", ""),
        ("AssessmentFactors", "3A"),
        ("AssessmentFactors", "16A"),
        ("Section47", ""),
        ("S47ActualStartDate", "2026-05-07"),
        # 15 working days from the strategy discussion on 7 May (25 May is a bank holiday).
        ("InitialCPCtarget", "2026-05-29"),
        ("DateOfInitialCPC", "2026-05-21"),
        ("ICPCnotRequired", "0"),
        ("ReferralNFA", "0"),
        ("ChildProtectionPlans", ""),
        ("CPPstartDate", "2026-05-21"),
        ("InitialCategoryOfAbuse", "NEG"),
        ("LatestCategoryOfAbuse", "NEG"),
        ("NumberOfPreviousCPP", "0"),
        ("Reviews", ""),
        ("CPPreviewDate", "2026-08-20"),
    ]


def test_a_referral_needing_no_further_action_in_the_year_is_included(db):
    person = make_child(first_name="Noah")
    Referral.objects.create(
        child=person,
        referral_date=date(2026, 6, 1),
        source="2A",
        no_further_action=True,
        closure_date=date(2026, 6, 2),
        closure_reason="RC7",
    )
    details = _child(_message(), person).find("CINdetails")
    assert details.findtext("CINreferralDate") == "2026-06-01"
    assert details.findtext("ReferralNFA") == "1"
    assert details.findtext("PrimaryNeedCode") is None


def test_an_episode_closed_before_the_year_began_is_left_out(db):
    person = make_child(first_name="Isla")
    Referral.objects.create(
        child=person,
        referral_date=date(2025, 10, 1),
        source="2A",
        primary_need="N4",
        closure_date=date(2026, 3, 15),
        closure_reason="RC7",
    )
    references = [child.la_child_id for child in census_children(YEAR)]
    assert person.reference not in references


def test_an_episode_open_on_1_april_keeps_only_this_years_work(db):
    person = make_child(first_name="Leo")
    referral = Referral.objects.create(
        child=person, referral_date=date(2025, 11, 3), source="6", primary_need="N1"
    )
    Assessment.objects.create(
        referral=referral,
        start_date=date(2025, 11, 4),
        completed_on=date(2026, 1, 8),
        authorised_on=date(2026, 1, 10),
        factors=["16A"],
    )
    CINPlan.objects.create(referral=referral, start_date=date(2026, 1, 15), end_date=date(2026, 3, 20))
    CINPlan.objects.create(referral=referral, start_date=date(2026, 4, 10))
    Assessment.objects.create(referral=referral, start_date=date(2026, 5, 1))

    details = _child(_message(), person).find("CINdetails")
    assert details.findtext("CINreferralDate") == "2025-11-03"
    assert details.findtext("CINclosureDate") is None
    assert [a.findtext("AssessmentActualStartDate") for a in details.findall("Assessments")] == ["2026-05-01"]
    assert [p.findtext("CINPlanStartDate") for p in details.findall("CINPlanDates")] == ["2026-04-10"]


def test_an_unborn_child_has_an_expected_date_of_birth_and_sex_u(db):
    person = make_child(
        person_type="unborn",
        first_name="",
        date_of_birth=None,
        expected_date_of_birth=date(2027, 1, 10),
        sex="",
    )
    Referral.objects.create(child=person, referral_date=date(2026, 9, 1), source="3B", primary_need="N1")
    identifiers = _child(_message(), person).find("ChildIdentifiers")
    assert identifiers.findtext("ExpectedPersonBirthDate") == "2027-01-10"
    assert identifiers.findtext("PersonBirthDate") is None
    assert identifiers.findtext("Sex") == "U"


def test_the_derivation_costs_the_same_queries_for_one_child_or_thirty(protected_child):
    census_children(YEAR)  # the timescale table is read once per process
    with CaptureQueriesContext(connection) as one:
        census_children(YEAR)
    for number in range(30):
        person = make_child(first_name=f"Child{number}")
        referral = Referral.objects.create(
            child=person, referral_date=date(2026, 4, 20), source="6", primary_need="N1"
        )
        Assessment.objects.create(referral=referral, start_date=date(2026, 4, 21))
        CINPlan.objects.create(referral=referral, start_date=date(2026, 5, 1))
    with CaptureQueriesContext(connection) as thirty:
        children = census_children(YEAR)
    assert len(children) == 31
    assert len(thirty) == len(one) <= 9


def test_the_command_writes_the_xml(protected_child, tmp_path):
    output = tmp_path / "cin.xml"
    call_command("export_cin_census", "--year", "2026-27", "--output", str(output))
    message = ET.parse(output).getroot()
    assert message.findtext("Header/CollectionDetails/Year") == "2027"
    assert len(message.findall("Children/Child")) == 1


@pytest.mark.parametrize("label", ["2026", "2026-28", "26-27", ""])
def test_a_malformed_collection_year_is_refused(label):
    with pytest.raises(ValueError, match="collection year"):
        collection_year(label)


def test_pre_proceedings_go_last_in_the_episode_in_the_draft_s_order(protected_child, social_worker):
    """PreProceedingsandFGDM (2026-27): after ChildProtectionPlans, its items in the order of
    DfE's draft; the review meetings counted, and what came after 31 March left out."""
    from hearth.preproceedings.services import (
        pre_proceedings_review_meeting_record,
        pre_proceedings_start,
        pre_proceedings_update,
    )

    referral = Referral.objects.get(child=protected_child)
    record = pre_proceedings_start(referral=referral, decided_on=date(2026, 9, 1), by=social_worker)
    record = pre_proceedings_update(
        pre_proceedings=record,
        by=social_worker,
        letter_sent_on=date(2026, 9, 3),
        fgdm_offered=True,
        initial_meeting_on=date(2026, 9, 10),
    )
    pre_proceedings_review_meeting_record(pre_proceedings=record, held_on=date(2026, 10, 8), by=social_worker)
    record.refresh_from_db()
    pre_proceedings_update(
        pre_proceedings=record, by=social_worker, step_decision_on=date(2026, 11, 2), outcome="B"
    )
    episode = _child(_message(), protected_child).find("CINdetails")
    assert [item.tag for item in episode][-2:] == ["ChildProtectionPlans", "PreProceedingsandFGDM"]
    item = episode.find("PreProceedingsandFGDM")
    assert [(part.tag, part.text) for part in item] == [
        ("PPStartDate", "2026-09-01"),
        ("LBPSentDate", "2026-09-03"),
        ("FGDMMeetingOffer", "1"),
        ("InitialPPMeetingDate", "2026-09-10"),
        ("ReviewMeetingsCount", "1"),
        ("StepDecisionDate", "2026-11-02"),
        ("PPOutcome", "B"),
    ]
