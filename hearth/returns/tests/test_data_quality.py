"""The data-quality page, validation runs, downloads, the child's Data quality tab and the
worktray's "fix return errors" tasks."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hearth.allocation.services import case_allocate
from hearth.organisation.models import TeamType
from hearth.returns.models import IssueType, Return, ValidationIssue, ValidationRun
from hearth.returns.tests.conftest import make_child
from hearth.returns.validation import cin_validation_run
from hearth.worktray.selectors import worktray_for
from hearth.worktray.tests.journey import make_team


def _run(**fields) -> ValidationRun:
    now = timezone.now()
    values = {
        "collection": Return.CIN_CENSUS,
        "year": "2026-27",
        "started_at": now,
        "finished_at": now,
        "status": ValidationRun.Status.FINISHED,
    }
    values.update(fields)
    return ValidationRun.objects.create(**values)


def _issue(run, child, rule="4220", kind=IssueType.ERROR, message="Ethnicity is missing or invalid"):
    return ValidationIssue.objects.create(
        run=run, child=child, rule=rule, issue_type=kind, message=message, table="ChildCharacteristics"
    )


@pytest.fixture
def team(social_worker, team_manager):
    return make_team("North Assessment", TeamType.ASSESSMENT, manager=team_manager, members=[social_worker])


def _children_with_issues(count: int, run, team, worker, by):
    for number in range(count):
        child = make_child(first_name=f"Kid{number}", ethnicity="")
        case_allocate(child=child, team=team, worker=worker, start_date=date(2026, 5, 1), by=by)
        _issue(run, child)
        _issue(run, child, rule="8770Q", kind=IssueType.QUERY, message="UPN is missing")


# --- who may see and export -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["returns:index", "returns:cin-census", "returns:annex-a"])
def test_a_social_worker_may_not_open_or_download_returns(client, social_worker, name):
    client.force_login(social_worker)
    assert client.get(reverse(name)).status_code == 403


def test_a_social_worker_may_not_run_validation(client, social_worker):
    client.force_login(social_worker)
    assert client.post(reverse("returns:validate")).status_code == 403
    assert not ValidationRun.objects.exists()


@pytest.mark.parametrize("fixture", ["analyst", "administrator"])
def test_analysts_and_administrators_download_the_census(client, request, fixture, protected_child):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get(reverse("returns:cin-census"), {"year": "2026-27"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert "cin-census-2026-27" in response["Content-Disposition"]
    assert b"<LAchildID>" + protected_child.reference.encode() + b"</LAchildID>" in response.content


def test_the_returns_section_is_in_the_analysts_navigation_only(client, analyst, social_worker):
    client.force_login(analyst)
    assert 'href="/returns/"' in client.get(reverse("worktray:home")).content.decode()
    client.force_login(social_worker)
    assert 'href="/returns/"' not in client.get(reverse("worktray:home")).content.decode()


# --- the data-quality page --------------------------------------------------------------------


def test_the_page_says_when_the_return_has_not_been_checked(client, analyst):
    client.force_login(analyst)
    response = client.get(reverse("returns:index"))
    assert response.status_code == 200
    assert b'data-testid="no-run"' in response.content


def test_the_page_counts_issues_by_rule_team_and_child(client, analyst, team, social_worker, team_manager):
    run = _run(errors=2, queries=2)
    _children_with_issues(2, run, team, social_worker, team_manager)
    ValidationIssue.objects.create(
        run=run, rule="2887Q", issue_type=IssueType.QUERY, message="Less than 8 disability codes"
    )
    client.force_login(analyst)
    response = client.get(reverse("returns:index"))
    by_rule = {row["rule"]: row for row in response.context["by_rule"]}
    assert (by_rule["4220"]["count"], by_rule["4220"]["children"]) == (2, 2)
    assert response.context["by_team"] == [
        {"team_name": "North Assessment", "children": 2, "errors": 2, "queries": 2}
    ]
    assert [row["worker"] for row in response.context["by_child"]] == ["Sam Okafor", "Sam Okafor"]
    assert [issue.rule for issue in response.context["return_level"]] == ["2887Q"]


def test_the_page_costs_the_same_queries_for_two_children_or_thirty(
    client, analyst, team, social_worker, team_manager
):
    run = _run()
    _children_with_issues(2, run, team, social_worker, team_manager)
    client.force_login(analyst)
    client.get(reverse("returns:index"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("returns:index"))
    _children_with_issues(28, run, team, social_worker, team_manager)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("returns:index"))
    assert len(response.context["by_child"]) == 30
    assert len(many) == len(few)


def test_running_validation_now_stores_the_issues_against_the_child(client, analyst, protected_child):
    unknown = make_child(first_name="Zed", ethnicity="", sex="")
    from hearth.childinneed.models import Referral

    Referral.objects.create(child=unknown, referral_date=date(2026, 7, 1), source="6", primary_need="N1")
    client.force_login(analyst)
    response = client.post(reverse("returns:validate"), follow=True)
    run = ValidationRun.objects.get()
    assert run.status == ValidationRun.Status.FINISHED, run.failure
    assert run.started_by == analyst
    assert run.children_in_return == 2
    rules = set(run.issues.filter(child=unknown).values_list("rule", flat=True))
    assert {"4180", "4220"} <= rules
    assert not run.issues.filter(child=protected_child, issue_type=IssueType.ERROR).exists()
    assert f"{run.errors} errors" in response.content.decode()


def test_issues_of_an_imported_child_are_kept_against_the_child(db):
    # The return names an imported child by the previous system's ID, not the Hearth ID.
    from hearth.childinneed.models import Referral

    imported = make_child(first_name="Zed", ethnicity="", sex="", legacy_id="OLD-4471")
    Referral.objects.create(child=imported, referral_date=date(2026, 7, 1), source="6", primary_need="N1")
    run = cin_validation_run()
    assert run.status == ValidationRun.Status.FINISHED, run.failure
    assert {"4180", "4220"} <= set(run.issues.filter(child=imported).values_list("rule", flat=True))
    assert not run.issues.filter(child__isnull=True, issue_type=IssueType.ERROR).exists()


def test_a_run_without_the_validators_is_kept_as_failed(db, settings, tmp_path):
    settings.HEARTH_VALIDATORS_PYTHON = str(tmp_path / "missing" / "python")
    run = cin_validation_run()
    assert run.status == ValidationRun.Status.FAILED
    assert "make validators" in run.failure


# --- the child's record and the worktray --------------------------------------------------------


def test_the_child_has_a_data_quality_tab_only_while_there_are_issues(client, social_worker):
    child = make_child(ethnicity="")
    client.force_login(social_worker)
    summary = reverse("people:summary", args=[child.pk])
    assert "Data quality" not in client.get(summary).content.decode()
    _issue(_run(), child)
    page = client.get(summary).content.decode()
    assert reverse("returns:child", args=[child.pk]) in page
    response = client.get(reverse("returns:child", args=[child.pk]))
    assert "Record the child&#x27;s ethnicity on their details page" in response.content.decode()


def test_a_newer_clean_run_clears_the_tab(client, social_worker):
    child = make_child(ethnicity="")
    _issue(_run(started_at=timezone.now() - timezone.timedelta(days=1)), child)
    _run()
    client.force_login(social_worker)
    assert "Data quality" not in client.get(reverse("people:summary", args=[child.pk])).content.decode()


def test_the_allocated_worker_is_asked_to_fix_return_errors(team, social_worker, team_manager):
    run = _run()
    _children_with_issues(1, run, team, social_worker, team_manager)
    tray = worktray_for(social_worker, today=timezone.localdate())
    titles = [task.title for task in tray.overdue + tray.due_soon]
    assert "Fix return errors for Kid0 Stone" in titles


def test_queries_alone_make_no_worktray_task(team, social_worker, team_manager):
    run = _run()
    child = make_child(first_name="Quinn")
    case_allocate(child=child, team=team, worker=social_worker, start_date=date(2026, 5, 1), by=team_manager)
    _issue(run, child, rule="8770Q", kind=IssueType.QUERY, message="UPN is missing")
    tray = worktray_for(social_worker, today=timezone.localdate())
    assert not [task for task in tray.overdue + tray.due_soon if task.kind == "return_errors"]


# --- Annex A ----------------------------------------------------------------------------------


def test_the_annex_a_download_has_a_sheet_per_list_with_the_templates_columns(
    client, analyst, protected_child
):
    client.force_login(analyst)
    response = client.get(
        reverse("returns:annex-a"),
        {"start_0": "1", "start_1": "4", "start_2": "2026", "end_0": "20", "end_1": "11", "end_2": "2026"},
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "List 1 Contacts",
        "List 2 Early help",
        "List 3 Referrals",
        "List 4 Assessments",
        "List 5 Section 47 and ICPC",
        "List 6 Children in need",
        "List 7 Child protection",
        "List 8 Children in care",
        "List 9 Care leavers",
        "List 10 Adoption",
        "List 11 Adopters",
    ]
    common = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
    for sheet in workbook.worksheets[:-1]:  # list 11 is about adopters, with no child columns
        headers = [cell.value for cell in sheet[1]]
        if sheet.title == "List 10 Adoption":  # the template puts the family identifier second
            headers.remove("Family identifier")
        assert headers[:5] == common
    referrals = workbook["List 3 Referrals"]
    assert [cell.value for cell in referrals[1]][5:] == [
        "Date of referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        "Allocated Team",
        "Allocated Worker",
    ]
    row = [cell.value for cell in referrals[2]]
    assert row[:5] == [protected_child.reference, "b) Female", "a) WBRI", "01/05/2015", 11]
    assert row[5:9] == ["05/05/2026", "r) 6: Police", "b) No", 1]
    plans = workbook["List 7 Child protection"]
    plan = dict(zip([cell.value for cell in plans[1]], [cell.value for cell in plans[2]], strict=True))
    assert plan["Child Protection Plan Start Date"] == "21/05/2026"
    assert plan["Initial Category of Abuse"] == "a) Neglect"
    assert plan["Date of latest review conference"] == "20/08/2026"
    assert plan["Number of Previous Child Protection Plans"] == 0
    icpcs = workbook["List 5 Section 47 and ICPC"]
    icpc = dict(zip([cell.value for cell in icpcs[1]], [cell.value for cell in icpcs[2]], strict=True))
    assert icpc["Date of Initial Child Protection Conference"] == "21/05/2026"
    assert icpc["Did the Initial Child Protection Conference Result in a Child Protection Plan"] == "a) Yes"


def test_the_annex_a_form_refuses_a_period_that_ends_before_it_starts(client, analyst):
    client.force_login(analyst)
    response = client.get(
        reverse("returns:annex-a"),
        {"start_0": "1", "start_1": "6", "start_2": "2026", "end_0": "1", "end_1": "4", "end_2": "2026"},
    )
    assert response.status_code == 200
    assert "The end of the period must be on or after its start" in response.content.decode()


def test_the_annex_a_command_writes_the_workbook(protected_child, tmp_path):
    from django.core.management import call_command

    output = tmp_path / "annex-a.xlsx"
    call_command("export_annex_a", "--start", "2026-04-01", "--end", "2026-11-20", "--output", str(output))
    assert len(load_workbook(output).sheetnames) == 11
