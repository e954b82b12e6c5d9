"""The legacy CIN census import: a generated authority's census, loaded into an empty record
through the services, gives back exactly the same census; a bad file is refused whole, by name."""

import dataclasses
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import make_staff
from hearth.accounts.roles import Role
from hearth.assessment.services import assessment_authorise, assessment_complete, assessment_start
from hearth.childinneed.models import Referral
from hearth.childinneed.services import referral_close, referral_create
from hearth.childprotection.models import ChildProtectionPlan
from hearth.childprotection.services import (
    conference_hold,
    section_47_conclude,
    section_47_start,
    strategy_discussion_record,
)
from hearth.people.models import Person, PersonType
from hearth.people.services import person_create, person_update
from hearth.preproceedings.models import PreProceedings
from hearth.returns.cin_census import census_children, census_xml
from hearth.returns.imports.cin_census import import_cin_census
from hearth.returns.imports.common import IMPORTER_USERNAME, ImportFailed, recorded_at
from hearth.returns.periods import collection_year

TODAY = date(2026, 11, 20)  # the demo's today
YEARS = ("2025-26", "2026-27")
ATTENDED = [{"agency": "Police", "name": "DC Shah"}]


def _children(label: str) -> list[dict]:
    """The census as derived, every field, without Hearth's own row ids."""
    rows = []
    for child in census_children(collection_year(label)):
        row = dataclasses.asdict(child) | {"person_id": None}
        for episode in row["episodes"]:
            episode["referral_id"] = None
        rows.append(row)
    return rows


def _at(day: str, action, **kwargs):
    with recorded_at(date.fromisoformat(day)):
        return action(**kwargs)


def _journeys_the_demo_lacks() -> None:
    """Children whose census carries what the demo's journeys never make: an unborn child born
    during the episode, a death, disabilities, a referral with no further action, a transfer-in
    conference and a category changed at review, an enquiry needing no conference, and a plan
    before the year that the next plan counts."""
    by = make_staff("maker", Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.CP_CHAIR_IRO)
    d = date.fromisoformat

    unborn = _at(
        "2026-03-01",
        person_create,
        by=by,
        person_type=PersonType.UNBORN,
        expected_date_of_birth=d("2026-06-10"),
        ethnicity="WBRI",
    )
    referral = _at(
        "2026-03-02", referral_create, child=unborn, referral_date=d("2026-03-02"), source="3B", by=by
    )
    assessment = _at("2026-03-03", assessment_start, referral=referral, start_date=d("2026-03-03"), by=by)
    # Assessed before birth: Hearth refuses completing it once the child is born.
    assessment = _at(
        "2026-05-20",
        assessment_complete,
        assessment=assessment,
        completed_on=d("2026-05-20"),
        factors=["21"],
        outcome="nfa",
        by=by,
    )
    _at("2026-05-20", assessment_authorise, assessment=assessment, authorised_on=d("2026-05-20"), by=by)
    _at(
        "2026-06-08",
        person_update,
        person=unborn,
        by=by,
        expected_version=unborn.version,
        person_type=PersonType.CHILD,
        date_of_birth=d("2026-06-08"),
        sex="F",
        disabilities=["HEAR", "VIS"],
    )
    _at(
        "2026-07-01",
        referral_close,
        referral=referral,
        closure_date=d("2026-07-01"),
        closure_reason="RC8",
        by=by,
    )
    unborn.refresh_from_db()
    _at(
        "2026-09-01",
        person_update,
        person=unborn,
        by=by,
        expected_version=unborn.version,
        date_of_death=d("2026-09-01"),
    )

    moved_in = _at(
        "2026-04-20",
        person_create,
        by=by,
        date_of_birth=d("2019-02-03"),
        sex="M",
        ethnicity="MWBC",
        disabilities=["NONE"],
        upn_unknown_reason="UN4",
    )
    _at(
        "2026-04-20",
        referral_create,
        child=moved_in,
        referral_date=d("2026-04-20"),
        source="1A",
        no_further_action=True,
        by=by,
    )
    referral = _at(
        "2026-05-04",
        referral_create,
        child=moved_in,
        referral_date=d("2026-05-04"),
        source="5C",
        primary_need="N1",
        by=by,
    )
    for day, kind, outcome, category in (
        ("2026-05-05", "transfer_in", "plan", "PHY"),
        ("2026-08-04", "review", "continue", "EMO"),
    ):
        _at(
            day,
            conference_hold,
            referral=referral,
            kind=kind,
            held_on=d(day),
            chair=by,
            outcome=outcome,
            category=category,
            by=by,
        )

    again = _at("2025-06-02", person_create, by=by, date_of_birth=d("2014-09-09"), sex="F", ethnicity="AOTH")
    first = _at(
        "2025-06-02",
        referral_create,
        child=again,
        referral_date=d("2025-06-02"),
        source="6",
        primary_need="N1",
        by=by,
    )
    strategy = _at(
        "2025-06-03",
        strategy_discussion_record,
        referral=first,
        held_on=d("2025-06-03"),
        attendees=ATTENDED,
        section_47_initiated=True,
        by=by,
    )
    enquiry = _at(
        "2025-06-03", section_47_start, strategy_discussion=strategy, start_date=d("2025-06-03"), by=by
    )
    _at(
        "2025-06-16",
        conference_hold,
        referral=first,
        kind="initial",
        held_on=d("2025-06-16"),
        chair=by,
        outcome="plan",
        category="NEG",
        section_47=enquiry,
        by=by,
    )
    _at(
        "2025-09-15",
        conference_hold,
        referral=first,
        kind="review",
        held_on=d("2025-09-15"),
        chair=by,
        outcome="end_plan",
        by=by,
    )
    _at(
        "2025-10-01",
        referral_close,
        referral=first,
        closure_date=d("2025-10-01"),
        closure_reason="RC7",
        by=by,
    )
    second = _at(
        "2026-05-11",
        referral_create,
        child=again,
        referral_date=d("2026-05-11"),
        source="2A",
        primary_need="N4",
        by=by,
    )
    for held in ("2026-05-12", "2026-06-01"):
        strategy = _at(
            held,
            strategy_discussion_record,
            referral=second,
            held_on=d(held),
            attendees=ATTENDED,
            section_47_initiated=True,
            by=by,
        )
        enquiry = _at(held, section_47_start, strategy_discussion=strategy, start_date=d(held), by=by)
    _at(
        "2026-05-20",
        section_47_conclude,
        section_47=second.section_47s.earliest("start_date"),
        completed_on=d("2026-05-20"),
        outcome="not_substantiated",
        by=by,
    )
    _at(
        "2026-06-15",
        conference_hold,
        referral=second,
        kind="initial",
        held_on=d("2026-06-15"),
        chair=by,
        outcome="plan",
        category="SAB",
        section_47=enquiry,
        by=by,
    )


@pytest.fixture(scope="module")
def demo_census(django_db_setup, django_db_blocker, tmp_path_factory):
    """The tiny demo's census (with the journeys above) for two years, as files and as derived;
    the record is then emptied."""
    folder = tmp_path_factory.mktemp("cin")
    with django_db_blocker.unblock():
        call_command("generate_demo_authority", scale="tiny", seed=1, today=TODAY, no_progress=True)
        _journeys_the_demo_lacks()
        expected, files = {}, {}
        for label in YEARS:
            files[label] = folder / f"cin-{label}.xml"
            files[label].write_bytes(census_xml(collection_year(label)))
            expected[label] = _children(label)
        call_command("flush", interactive=False, verbosity=0)
    return files, expected


def _failure(path, **options) -> list[str]:
    with pytest.raises(ImportFailed) as failed:
        import_cin_census(path, **options)
    assert not Person.objects.exists(), "a failed file saves nothing"
    return [str(problem) for problem in failed.value.problems]


def _edited(demo_census, tmp_path, old: str, new: str, label="2026-27", count=1):
    text = demo_census[0][label].read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "edited.xml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


# --- round trips -----------------------------------------------------------------------------


def test_a_census_imported_into_an_empty_record_exports_the_same_children(db, demo_census):
    files, expected = demo_census
    children = expected["2026-27"]
    assert len(children) >= 10 and sum(len(c["episodes"]) for c in children) >= 11, "a sizeable census"
    report = import_cin_census(files["2026-27"])
    assert report.refused == [], report.lines()
    assert _children("2026-27") == children
    assert all(r.created_by.username == IMPORTER_USERNAME for r in Referral.objects.all())


def test_what_the_census_carries_beyond_the_demo_comes_back(db, demo_census):
    files, expected = demo_census
    import_cin_census(files["2026-27"])
    episodes = [e for c in _children("2026-27") for e in c["episodes"]]
    assert any(e["no_further_action"] for e in episodes)
    assert any(e["transfer_in_icpc"] for e in episodes)
    plans = [p for e in episodes for p in e["cp_plans"]]
    assert any(p["initial_category"] != p["latest_category"] for p in plans)
    assert any(p["previous_plans"] == 1 for p in plans), "a plan before the year is counted"
    assert ChildProtectionPlan.objects.filter(earlier_plans_elsewhere=1).exists()
    assert any(s["icpc_not_required"] for e in episodes for s in e["section_47s"])
    assert any(c["death_date"] and c["disabilities"] == ["HEAR", "VIS"] for c in _children("2026-27"))


def test_events_are_recorded_at_their_own_dates(db, demo_census):
    import_cin_census(demo_census[0]["2026-27"])
    referral = Referral.objects.order_by("referral_date").first()
    assert referral.created_at.date() == referral.referral_date
    assert referral.history.earliest().history_date.date() == referral.referral_date
    born = Person.objects.get(date_of_death__isnull=False)
    assert born.history.filter(person_type=PersonType.UNBORN).exists(), "unborn at referral, then born"


def test_two_years_load_oldest_first_and_both_round_trip(db, demo_census):
    files, expected = demo_census
    for label in YEARS:
        assert import_cin_census(files[label]).refused == []
    for label in YEARS:
        assert _children(label) == expected[label], label


def test_importing_the_same_census_again_adds_nothing(db, demo_census):
    files, expected = demo_census
    import_cin_census(files["2026-27"])
    again = import_cin_census(files["2026-27"])
    assert all(counts["loaded"] == 0 for counts in again.counts.values()), again.lines()
    assert _children("2026-27") == expected["2026-27"]


def test_a_child_already_holding_the_legacy_id_is_reused(db, demo_census):
    files, expected = demo_census
    la_child_id = expected["2026-27"][0]["la_child_id"]
    existing = person_create(by=None, first_name="Known", last_name="Before", legacy_id=la_child_id)
    import_cin_census(files["2026-27"])
    assert Person.objects.filter(legacy_id=la_child_id).count() == 1
    existing.refresh_from_db()
    assert existing.first_name == "Known" and existing.referrals.exists()
    assert _children("2026-27") == expected["2026-27"]


# --- bad files: nothing saved, each problem named by file, child and element ----------------------


def test_malformed_xml_fails_naming_the_file(db, demo_census, tmp_path):
    path = _edited(demo_census, tmp_path, "</Children>", "</Child>")
    assert any(p.startswith("edited.xml: not well-formed or unsafe XML") for p in _failure(path))


def test_an_entity_expansion_attack_is_refused(db, tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        "<Message>&b;</Message>"
    )
    assert any("unsafe XML" in p for p in _failure(path))


def test_an_unknown_element_fails_naming_child_and_element(db, demo_census, tmp_path):
    path = _edited(demo_census, tmp_path, "<ReferralNFA>", "<Shoesize>3</Shoesize><ReferralNFA>")
    child = demo_census[1]["2026-27"][0]["la_child_id"]
    assert (
        f"edited.xml, LAchildID {child}, CINdetails 1/Shoesize: Shoesize is not an element of CINdetails in the CIN census"
        in _failure(path)
    )


def test_an_unknown_code_fails(db, demo_census, tmp_path):
    path = _edited(demo_census, tmp_path, "<PrimaryNeedCode>", "<PrimaryNeedCode>N", count=1)
    problems = _failure(path)
    assert any(
        "CINdetails 1/PrimaryNeedCode: N" in p and "is not a code of DfE's list for primary need" in p
        for p in problems
    )


def test_a_plan_ending_before_it_starts_fails(db, demo_census, tmp_path):
    path = _edited(demo_census, tmp_path, "<CPPendDate>2026-", "<CPPendDate>2025-")
    assert any(
        "ChildProtectionPlans 1/CPPendDate: the plan ends before it starts" in p for p in _failure(path)
    )


def test_an_impossible_date_fails(db, demo_census, tmp_path):
    text = demo_census[0]["2026-27"].read_text(encoding="utf-8")
    path = tmp_path / "edited.xml"
    path.write_text(re.sub(r"<CINreferralDate>[^<]*", "<CINreferralDate>2026-02-30", text, count=1))
    assert any("CINreferralDate: 2026-02-30 is not a date" in p for p in _failure(path))
    path = _edited(demo_census, tmp_path, "<PersonBirthDate>", "<PersonBirthDate>X")
    assert any("PersonBirthDate: X" in p and "is not a date" in p for p in _failure(path))


def test_a_message_for_another_year_fails(db, demo_census):
    problems = _failure(demo_census[0]["2025-26"], year="2026-27")
    assert any(
        "Header/CollectionDetails/Year: the message is for 2025-26; the import is for 2026-27" in p
        for p in problems
    )


def test_a_wrong_reference_date_fails(db, demo_census, tmp_path):
    path = _edited(demo_census, tmp_path, "<ReferenceDate>2027-03-31", "<ReferenceDate>2027-03-30")
    assert any("ReferenceDate: 2027-03-30 is not 31 March 2027" in p for p in _failure(path))


def test_the_command_exits_non_zero_and_saves_nothing(db, demo_census, tmp_path, capsys):
    path = _edited(demo_census, tmp_path, "<Sex>", "<Sex>Q")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_cin_census", str(path))
    assert "is not a code of DfE's list for sex" in capsys.readouterr().err
    assert not Person.objects.exists()


# --- what loads around a refusal -----------------------------------------------------------------


def test_a_child_a_service_refuses_is_reported_and_the_rest_load(db, demo_census, tmp_path, capsys):
    expected = demo_census[1]["2026-27"]
    refused = next(c for c in expected if any(e["assessments"] for e in c["episodes"]))
    start = refused["episodes"][0]["assessments"][0]["start"].isoformat()
    # An assessment before its referral is refused by assessment_start.
    path = _edited(
        demo_census, tmp_path, f"<AssessmentActualStartDate>{start}", "<AssessmentActualStartDate>2000-01-03"
    )
    call_command("import_cin_census", str(path))
    out = capsys.readouterr().out
    assert (
        f"LAchildID {refused['la_child_id']}, CINdetails 1, Assessments 1, start_date: The start date must be on or after"
        in out
    )
    assert f"Child: read {len(expected)}, loaded {len(expected) - 1}, held 0, refused 1" in out
    assert not Person.objects.filter(legacy_id=refused["la_child_id"]).exists()
    assert Person.objects.count() == len(expected) - 1


def test_elements_hearth_does_not_record_are_reported_not_loaded(db, demo_census, tmp_path, capsys):
    path = _edited(
        demo_census,
        tmp_path,
        "<AssessmentActualStartDate>",
        "<AssessmentInternalReviewDate>2026-05-01</AssessmentInternalReviewDate><AssessmentActualStartDate>",
    )
    report = import_cin_census(path)
    assert any(
        "AssessmentInternalReviewDate" in str(p)
        and "does not record an assessment's internal review date" in str(p)
        for p in report.refused
    )
    assert Person.objects.exists()


# --- pre-proceedings (PreProceedingsandFGDM, 2026-27) ----------------------------------------------


def test_pre_proceedings_come_back_step_by_step_with_their_review_meetings(db, demo_census):
    files, expected = demo_census
    records = [p for c in expected["2026-27"] for e in c["episodes"] for p in e["pre_proceedings"]]
    assert any(p["review_meetings"] for p in records) and any(p["court_application"] for p in records)
    report = import_cin_census(files["2026-27"])
    assert report.counts["PreProceedingsandFGDM"]["loaded"] == len(records)
    assert any("ReviewMeetingsCount" in note and "dated evenly" in note for note in report.notes)
    imported = PreProceedings.objects.get(court_application_on__isnull=False)
    assert imported.history.earliest().history_date.date() == imported.decided_on
    assert imported.history.latest().history_date.date() == imported.proceedings_letter_on


def test_pre_proceedings_out_of_order_fail_the_file(db, demo_census, tmp_path):
    text = demo_census[0]["2026-27"].read_text(encoding="utf-8")
    path = tmp_path / "edited.xml"
    path.write_text(re.sub(r"<LetterInitCPDate>[^<]*", "<LetterInitCPDate>2026-04-02", text, count=1))
    assert any(
        "LetterInitCPDate: the letter initiating care proceedings is before the court application" in p
        for p in _failure(path)
    )
