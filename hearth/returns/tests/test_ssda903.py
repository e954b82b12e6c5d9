"""The SSDA903 export: DfE's exact columns, episodes derived from a hand-built child, who is in
the return, and the command."""

import csv
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.childrenincare.models import CareReview, LegalStatus, PeriodOfCare, Placement
from hearth.returns.periods import collection_year
from hearth.returns.ssda903 import COLUMNS, ssda903_tables
from hearth.returns.tests.conftest import make_child

YEAR = collection_year("2026-27")

EXPECTED_HEADERS = {
    "Header": "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB",
    "Episodes": "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN",
    "Reviews": "CHILD,DOB,REVIEW,REVIEW_CODE",
    "UASC": "CHILD,SEX,DOB,DUC",
    "OC2": "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,"
    "HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED",
    "OC3": "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM",
    "AD1": "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR",
    "PlacedAdoption": "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED",
    "PrevPerm": "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM",
    "Missing": "CHILD,DOB,MISSING,MIS_START,MIS_END",
    "SWEpisodes": "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON",
    "DoLo": "CHILD,DOB,DOLO_START,DOLO_END",
}


def test_columns_are_dfe_exact():
    assert {name: ",".join(columns) for name, columns in COLUMNS.items()} == EXPECTED_HEADERS


def _period(child, start, end=None, reason=""):
    return PeriodOfCare.objects.create(
        child=child,
        start_date=start,
        category_of_need="N1",
        home_postcode="B1 1AA",
        end_date=end,
        reason_ceased=reason,
    )


@pytest.fixture
def cared_for_child(db, social_worker):
    """Into care 10 May 2026 under s20 with a foster carer; moved 1 Aug 2026 (carer asked);
    interim care order 1 Sep 2026; review 3 Jun 2026; home 15 Jan 2027 (E4A)."""
    child = make_child(date_of_birth=date(2016, 2, 1))
    period = _period(child, date(2026, 5, 10), date(2027, 1, 15), "E4A")
    LegalStatus.objects.create(
        period=period, legal_status="V2", start_date=date(2026, 5, 10), end_date=date(2026, 9, 1)
    )
    LegalStatus.objects.create(period=period, legal_status="C1", start_date=date(2026, 9, 1))
    Placement.objects.create(
        period=period,
        placement_type="U6",
        provider="PR1",
        postcode="B2 2BB",
        ofsted_urn="",
        start_date=date(2026, 5, 10),
        end_date=date(2026, 8, 1),
        reason_changed="CREQB",
    )
    Placement.objects.create(
        period=period,
        placement_type="U6",
        provider="PR4",
        postcode="B3 3CC",
        start_date=date(2026, 8, 1),
        end_date=date(2027, 1, 15),
    )
    CareReview.objects.create(
        period=period, review_date=date(2026, 6, 3), chair=social_worker, participation="PN1"
    )
    return child


def test_a_hand_built_child_gives_exactly_its_episodes(cared_for_child):
    ref = cared_for_child.reference
    tables = ssda903_tables(YEAR)
    common = {"CHILD": ref, "CIN": "N1", "HOME_POST": "B1 1AA", "URN": ""}
    assert tables["Episodes"] == [
        {
            **common,
            "DECOM": "10/05/2026",
            "RNE": "S",
            "LS": "V2",
            "PLACE": "U6",
            "PLACE_PROVIDER": "PR1",
            "DEC": "01/08/2026",
            "REC": "X1",
            "REASON_PLACE_CHANGE": "CREQB",
            "PL_POST": "B2 2BB",
        },
        {
            **common,
            "DECOM": "01/08/2026",
            "RNE": "P",
            "LS": "V2",
            "PLACE": "U6",
            "PLACE_PROVIDER": "PR4",
            "DEC": "01/09/2026",
            "REC": "X1",
            "REASON_PLACE_CHANGE": "",
            "PL_POST": "B3 3CC",
        },
        {
            **common,
            "DECOM": "01/09/2026",
            "RNE": "L",
            "LS": "C1",
            "PLACE": "U6",
            "PLACE_PROVIDER": "PR4",
            "DEC": "15/01/2027",
            "REC": "E4A",
            "REASON_PLACE_CHANGE": "",
            "PL_POST": "B3 3CC",
        },
    ]
    assert tables["Reviews"] == [
        {"CHILD": ref, "DOB": "01/02/2016", "REVIEW": "03/06/2026", "REVIEW_CODE": "PN1"}
    ]
    assert tables["Header"] == [
        {
            "CHILD": ref,
            "SEX": "F",
            "DOB": "01/02/2016",
            "ETHNIC": "WBRI",
            "UPN": "UN5",
            "MOTHER": "0",
            "MC_DOB": "",
        }
    ]
    assert tables["PrevPerm"] == [
        {"CHILD": ref, "DOB": "01/02/2016", "PREV_PERM": "Z1", "LA_PERM": "", "DATE_PERM": ""}
    ]
    assert tables["OC2"] == []  # not looked after for the whole year


def test_the_previous_year_sees_nothing_after_its_31_march(cared_for_child):
    assert ssda903_tables(collection_year("2025-26"))["Header"] == []


def test_who_is_in_the_return(db):
    left_before = make_child(first_name="Left")
    _period(left_before, date(2025, 1, 1), date(2026, 3, 31), "E4A")
    continuing = make_child(first_name="Stays", date_of_birth=date(2012, 1, 1))
    period = _period(continuing, date(2025, 1, 1))
    LegalStatus.objects.create(period=period, legal_status="C2", start_date=date(2025, 1, 1))
    Placement.objects.create(period=period, placement_type="U4", provider="PR1", start_date=date(2025, 1, 1))
    future = make_child(first_name="Later")
    _period(future, date(2027, 4, 2))
    tables = ssda903_tables(YEAR)
    assert [row["CHILD"] for row in tables["Header"]] == [continuing.reference]
    episode = tables["Episodes"][0]
    assert (episode["DECOM"], episode["DEC"], episode["REC"]) == ("01/01/2025", "", "")
    assert [row["CHILD"] for row in tables["OC2"]] == [continuing.reference]  # continuously looked after
    assert tables["PrevPerm"] == []  # the period started before the year


def test_queries_do_not_grow_with_children(cared_for_child, social_worker):
    with CaptureQueriesContext(connection) as one:
        ssda903_tables(YEAR)
    for n in range(3):
        child = make_child(first_name=f"More{n}")
        period = _period(child, date(2026, 6, 1))
        LegalStatus.objects.create(period=period, legal_status="C2", start_date=date(2026, 6, 1))
        Placement.objects.create(
            period=period, placement_type="U4", provider="PR1", start_date=date(2026, 6, 1)
        )
        CareReview.objects.create(
            period=period, review_date=date(2026, 7, 1), chair=social_worker, participation="PN1"
        )
    with CaptureQueriesContext(connection) as many:
        ssda903_tables(YEAR)
    assert len(many) <= len(one) + 1  # the OC3 header look-up is the one query that may appear
    assert len(many) <= 15


def test_the_command_writes_every_file(cared_for_child, tmp_path):
    call_command("export_ssda903", "--year", "2026-27", "--output", str(tmp_path))
    for name, header in EXPECTED_HEADERS.items():
        with (tmp_path / f"ssda903_2026-27_{name}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert ",".join(rows[0]) == header
    dolo = (tmp_path / "ssda903_2026-27_DoLo.csv").read_text(encoding="utf-8")
    assert dolo.strip() == EXPECTED_HEADERS["DoLo"]


def test_the_analyst_downloads_the_903_and_checks_it(client, analyst, social_worker, cared_for_child):
    import io
    import zipfile

    from django.urls import reverse

    from hearth.returns.models import Return, ValidationRun
    from hearth.returns.selectors import child_issues

    client.force_login(social_worker)
    assert client.get(reverse("returns:ssda903")).status_code == 403
    client.force_login(analyst)
    response = client.get(reverse("returns:ssda903"), {"year": "2026-27"})
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(names) == sorted(f"ssda903_2026-27_{name}.csv" for name in EXPECTED_HEADERS)
    client.post(reverse("returns:validate-903"))
    run = ValidationRun.objects.get(collection=Return.SSDA903)
    assert run.status == ValidationRun.Status.FINISHED, run.failure
    assert run.children_in_return == 1
    assert {rule["code"] for rule in run.crashed_rules} <= {"231", "233", "706", "709", "710"}
    page = client.get(reverse("returns:index")).content.decode()
    assert 'data-testid="run-903-summary"' in page
    # Its issues about the child reach the child's tab, beside the CIN census ones.
    about_child = {issue.rule for issue in run.issues.filter(child=cared_for_child)}
    print("903 issues for the hand-built child:", sorted(about_child))
    assert about_child, "the hand-built child has no allocated worker, so SWEpisodes rules find it"
    assert about_child <= {issue.rule for issue in child_issues(cared_for_child.pk)}
