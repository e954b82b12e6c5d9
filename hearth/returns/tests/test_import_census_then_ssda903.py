"""Children looked after in both returns: the demo's census now counts every child looked after
in the year, and an old system's CIN census and SSDA903 give the same record loaded in either
order. Loaded first, the census's episodes stand and the 903's periods of care open none where one
covers them; loaded second, its episodes take the place of those the care opened by itself."""

import shutil
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from conftest import make_staff
from hearth.accounts.roles import Role
from hearth.allocation.services import case_allocate
from hearth.assessment.services import assessment_authorise, assessment_complete, assessment_start
from hearth.childinneed.models import Referral
from hearth.childinneed.services import (
    cin_plan_end,
    cin_plan_start,
    referral_close,
    referral_create,
    referral_opened_for_care_remove,
)
from hearth.childrenincare.models import PeriodOfCare
from hearth.childrenincare.services import period_of_care_end, period_of_care_start
from hearth.organisation.models import TeamType
from hearth.organisation.services import service_create, team_create
from hearth.people.services import person_create
from hearth.returns.cin_census import census_children, census_xml
from hearth.returns.imports.cin_census import GAVE_WAY, import_cin_census
from hearth.returns.imports.common import IMPORTER_USERNAME, recorded_at
from hearth.returns.imports.ssda903 import import_ssda903
from hearth.returns.periods import collection_year
from hearth.returns.ssda903 import COLUMNS, file_name, ssda903_tables, write_ssda903
from hearth.returns.tests.test_import_cin_census import _children
from hearth.returns.tests.test_import_ssda903 import _export, _normalised

TODAY = date(2026, 11, 20)
YEARS = ("2025-26", "2026-27")


def _looked_after_in(label: str) -> set[str]:
    year = collection_year(label)
    periods = PeriodOfCare.objects.filter(start_date__lte=year.end).exclude(end_date__lt=year.start)
    return {period.child.return_id for period in periods.select_related("child")}


@pytest.fixture(scope="module")
def demo_returns(django_db_setup, django_db_blocker, tmp_path_factory):
    """The tiny demo's CIN census and SSDA903 for two years, as files and as derived; who was
    looked after and who was in the census; then the record is emptied."""
    folder = tmp_path_factory.mktemp("both")
    with django_db_blocker.unblock():
        call_command("generate_demo_authority", scale="tiny", seed=1, today=TODAY, no_progress=True)
        expected = {}
        for label in YEARS:
            year = collection_year(label)
            (folder / f"cin-{label}.xml").write_bytes(census_xml(year))
            tables = ssda903_tables(year, as_at=TODAY)
            write_ssda903(year, folder / "ssda903", tables)
            expected[label] = {
                "census": _children(label),
                "ssda903": _normalised(tables),
                "looked_after": _looked_after_in(label),
                "in_census": {child.la_child_id for child in census_children(year)},
            }
        call_command("flush", interactive=False, verbosity=0)
    return folder, expected


def test_every_child_looked_after_in_the_year_is_in_the_census(demo_returns):
    _, expected = demo_returns
    for label in YEARS:
        looked_after = expected[label]["looked_after"]
        assert looked_after, label
        assert looked_after <= expected[label]["in_census"], label


def test_a_census_then_the_ssda903_leave_one_episode_of_need_per_episode(db, demo_returns, tmp_path):
    folder, expected = demo_returns
    for label in YEARS:
        assert import_cin_census(folder / f"cin-{label}.xml").refused == []
    episodes = Referral.objects.count()

    ssda903 = tmp_path / "ssda903"
    ssda903.mkdir()
    for label in YEARS:
        for name in COLUMNS:
            shutil.copy(folder / "ssda903" / file_name(collection_year(label), name), ssda903)
    assert import_ssda903(ssda903).refused == []

    assert PeriodOfCare.objects.exists()
    assert Referral.objects.count() == episodes, "the census already held each child's episode"
    for label in YEARS:
        assert _children(label) == expected[label]["census"], label
        assert _export(label) == expected[label]["ssda903"], label


def _both_years_of_the_ssda903(folder, tmp_path):
    ssda903 = tmp_path / "ssda903"
    ssda903.mkdir()
    for label in YEARS:
        for name in COLUMNS:
            shutil.copy(folder / "ssda903" / file_name(collection_year(label), name), ssda903)
    return ssda903


def _import(order: str, folder, tmp_path) -> None:
    """Both years of both returns, the census or the SSDA903 first; nothing refused."""

    def census():
        for label in YEARS:
            report = import_cin_census(folder / f"cin-{label}.xml")
            assert report.refused == [], report.lines()

    def ssda903():
        report = import_ssda903(_both_years_of_the_ssda903(folder, tmp_path))
        assert report.refused == [], report.lines()

    for load in (census, ssda903) if order == "census first" else (ssda903, census):
        load()


def _same_returns(expected) -> None:
    for label in YEARS:
        assert _children(label) == expected[label]["census"], label
        assert _export(label) == expected[label]["ssda903"], label


def test_the_ssda903_then_the_census_give_the_same_record(db, demo_returns, tmp_path):
    folder, expected = demo_returns
    _import("ssda903 first", folder, tmp_path)
    _same_returns(expected)
    assert Referral.history.filter(history_type="-", history_change_reason=GAVE_WAY).exists(), (
        "a child came into care before the census's episode was recorded: the care's gave way"
    )


def test_the_census_loaded_twice_around_the_ssda903_adds_nothing(db, demo_returns, tmp_path):
    folder, expected = demo_returns
    _import("census first", folder, tmp_path)
    episodes = set(Referral.objects.values_list("pk", flat=True))
    for label in YEARS:
        again = import_cin_census(folder / f"cin-{label}.xml")
        assert again.refused == [] and again.counts["CINdetails"]["loaded"] == 0, (
            label,
            again.lines(),
            episodes,
        )
    assert set(Referral.objects.values_list("pk", flat=True)) == episodes
    _same_returns(expected)


# --- an authority's own episodes of need for children it looked after --------------------------------


def _at(day: str, action, **kwargs):
    with recorded_at(date.fromisoformat(day)):
        return action(**kwargs)


def _child(by, born: str):
    return _at(
        born,
        person_create,
        by=by,
        date_of_birth=date.fromisoformat(born),
        sex="F",
        ethnicity="WBRI",
        disabilities=["NONE"],
        upn_unknown_reason="UN4",
    )


def _care(by, child, starts: str, need: str, ends: str = "", reason: str = ""):
    period = _at(
        starts,
        period_of_care_start,
        child=child,
        start_date=date.fromisoformat(starts),
        legal_status="C2",
        placement={
            "placement_type": "U4",
            "provider": "PR1",
            "postcode": "B15 2TT",
            "ofsted_urn": "SC123456",
        },
        category_of_need=need,
        home_postcode="B12 9QS",
        by=by,
    )
    if ends:
        _at(
            ends,
            period_of_care_end,
            period=period,
            end_date=date.fromisoformat(ends),
            reason_ceased=reason,
            by=by,
        )


def _refer(by, child, day: str, source: str, need: str):
    return _at(
        day,
        referral_create,
        child=child,
        referral_date=date.fromisoformat(day),
        source=source,
        primary_need=need,
        by=by,
    )


def _assessed(by, referral, starts: str, authorised: str, outcome: str):
    d = date.fromisoformat
    assessment = _at(starts, assessment_start, referral=referral, start_date=d(starts), by=by)
    assessment = _at(
        authorised,
        assessment_complete,
        assessment=assessment,
        completed_on=d(authorised),
        factors=["21"],
        outcome=outcome,
        by=by,
    )
    _at(authorised, assessment_authorise, assessment=assessment, authorised_on=d(authorised), by=by)


def _cin_plan(by, referral, starts: str, ends: str = ""):
    plan = _at(starts, cin_plan_start, referral=referral, start_date=date.fromisoformat(starts), by=by)
    if ends:
        _at(ends, cin_plan_end, plan=plan, end_date=date.fromisoformat(ends), by=by)


def _close(by, referral, day: str, reason: str):
    referral.refresh_from_db()
    _at(
        day,
        referral_close,
        referral=referral,
        closure_date=date.fromisoformat(day),
        closure_reason=reason,
        by=by,
    )


def _journeys_of_children_in_need_then_in_care() -> None:
    """Looked-after children whose episode of need is the authority's own, not the one coming into
    care would open: each has an SSDA903 that, alone, opens a different one."""
    by = make_staff("maker", Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.CP_CHAIR_IRO)
    service = service_create(code="cin", name="Children in need")
    team = team_create(name="Children in need 1", team_type=TeamType.CHILDREN_IN_CARE, service=service)

    # Referred by a relative, assessed, on a CIN plan, then into care; a child arrangements order
    # ends the care and the episode with it (RC3).
    child = _child(by, "2015-03-01")
    referral = _refer(by, child, "2025-05-01", "1A", "N1")
    _assessed(by, referral, "2025-05-02", "2025-06-10", "cin")
    _cin_plan(by, referral, "2025-06-15", "2025-09-01")
    _care(by, child, "2025-09-01", "N1", "2026-06-01", "E41")

    # An episode closed before the child came into care: care opens the episode of the year after.
    child = _child(by, "2013-07-12")
    referral = _refer(by, child, "2025-04-10", "3A", "N2")
    _close(by, referral, "2025-07-01", "RC7")
    _care(by, child, "2026-01-10", "N3")

    # Referred by the police the day the child came into care, with another need than the care's.
    child = _child(by, "2012-11-30")
    _refer(by, child, "2025-11-03", "5A", "N1")
    _care(by, child, "2025-11-03", "N4")

    # Allocated; a CIN plan still open when the care ends keeps the episode open for the worker,
    # who ends the plan and closes the episode (and the allocation) later.
    child = _child(by, "2016-01-20")
    _at("2025-04-20", case_allocate, child=child, team=team, worker=None, start_date=date(2025, 4, 20), by=by)
    referral = _refer(by, child, "2025-04-20", "2A", "N1")
    _assessed(by, referral, "2025-04-21", "2025-05-20", "cin")
    _cin_plan(by, referral, "2025-06-01", "2026-07-01")
    _care(by, child, "2025-10-01", "N1", "2026-05-01", "E41")
    _close(by, referral, "2026-07-02", "RC7")


@pytest.fixture(scope="module")
def journeys(django_db_setup, django_db_blocker, tmp_path_factory):
    """Both returns of the journeys above for two years, as files and as derived; then the record
    is emptied."""
    folder = tmp_path_factory.mktemp("journeys")
    with django_db_blocker.unblock():
        _journeys_of_children_in_need_then_in_care()
        expected = {}
        for label in YEARS:
            year = collection_year(label)
            (folder / f"cin-{label}.xml").write_bytes(census_xml(year))
            tables = ssda903_tables(year, as_at=TODAY)
            write_ssda903(year, folder / "ssda903", tables)
            expected[label] = {"census": _children(label), "ssda903": _normalised(tables)}
        episodes = sorted(Referral.objects.values_list("referral_date", "source", "primary_need"))
        call_command("flush", interactive=False, verbosity=0)
    return folder, expected, episodes


@pytest.mark.parametrize("order", ["census first", "ssda903 first"])
def test_the_authoritys_episodes_of_need_stand_whichever_return_loads_first(db, journeys, tmp_path, order):
    folder, expected, episodes = journeys
    assert len(episodes) == 5
    _import(order, folder, tmp_path)
    _same_returns(expected)
    assert sorted(Referral.objects.values_list("referral_date", "source", "primary_need")) == episodes
    removed = Referral.history.filter(history_type="-")
    if order == "census first":
        assert not removed.exists(), "the census's episodes were there first: care opened none of its own"
    else:
        assert {(r.referral_date, r.source, r.history_change_reason) for r in removed} == {
            (date(2025, 9, 1), "10", GAVE_WAY),
            (date(2025, 10, 1), "10", GAVE_WAY),
            (date(2025, 11, 3), "10", GAVE_WAY),
            (date(2026, 1, 10), "10", GAVE_WAY),
        }, "the history keeps each episode care opened, and why it went"
        assert {r.history_user.username for r in removed} == {IMPORTER_USERNAME}


def test_an_episode_opened_for_care_that_a_worker_has_worked_on_is_not_taken_away(db, journeys, tmp_path):
    folder, _, _ = journeys
    assert import_ssda903(_both_years_of_the_ssda903(folder, tmp_path)).refused == []
    # The episode care opened on 1 September 2025 (found by its date: the child's ID in the
    # files is their Hearth ID when exported, which depends on the database's sequences).
    opened = Referral.objects.get(referral_date=date(2025, 9, 1))
    la_child_id = opened.child.legacy_id
    _at("2025-09-02", assessment_start, referral=opened, start_date=date(2025, 9, 2), by=opened.created_by)

    report = import_cin_census(folder / "cin-2025-26.xml")

    assert [str(problem) for problem in report.refused] == [
        f"cin-2025-26.xml, LAchildID {la_child_id}, episode of need opened for care on 2025-09-01, __all__: "
        "The episode of need from 1 September 2025 holds an assessment: it is the worker's episode now, "
        "not one opened for care"
    ]
    assert Referral.objects.filter(child=opened.child).get() == opened, "the child is rolled back alone"
    assert Referral.objects.filter(source__in=["3A", "5A", "2A"]).count() == 3, "the other children load"


def test_only_an_episode_dated_the_day_care_began_can_give_way(db):
    by = make_staff("maker", Role.SOCIAL_WORKER)
    child = _child(by, "2015-03-01")
    referral = _refer(by, child, "2025-05-01", "1A", "N1")
    _care(by, child, "2025-09-01", "N1")
    with pytest.raises(ValidationError) as refused:
        referral_opened_for_care_remove(referral=referral, by=by, reason=GAVE_WAY)
    assert refused.value.message_dict == {
        "referral_date": ["No period of care began on 1 May 2025: this episode was not opened for care"]
    }
    assert Referral.objects.get() == referral
