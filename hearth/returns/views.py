"""The performance analyst's returns pages: data quality, downloads, validation on demand;
and the "Data quality" tab of a child's record for the workers who can fix it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import Role
from hearth.casework.forms import form_helper
from hearth.people.models import Person
from hearth.people.views.record import EDIT_ROLES, READ_ROLES, person_page, record_tabs
from hearth.returns import selectors
from hearth.returns.annex_a import annex_a_workbook
from hearth.returns.cin_census import census_xml
from hearth.returns.forms import AnnexAForm
from hearth.returns.models import Return, ValidationRun
from hearth.returns.periods import collection_year, current_collection_year
from hearth.returns.ssda903 import ssda903_zip
from hearth.returns.validation import cin_validation_run, ssda903_validation_run

ANALYST_ROLES = frozenset({Role.PERFORMANCE, Role.ADMINISTRATOR})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@requires_role(ANALYST_ROLES)
def data_quality(request: HttpRequest) -> HttpResponse:
    attempt = selectors.latest_run()
    run = attempt
    if attempt is not None and attempt.status != ValidationRun.Status.FINISHED:
        run = selectors.latest_runs().filter(status=ValidationRun.Status.FINISHED).first()
    context = {
        "year": current_collection_year(),
        "attempt": attempt,
        "run": run,
        "by_rule": selectors.issues_by_rule(run) if run else [],
        "by_team": selectors.issues_by_team(run) if run else [],
        "by_child": selectors.issues_by_child(run) if run else [],
        "return_level": selectors.return_level_issues(run) if run else [],
        "children_listed": selectors.CHILDREN_LISTED,
        "run_903": selectors.latest_runs(Return.SSDA903).select_related("started_by").first(),
    }
    if context["run_903"] is not None and context["run_903"].status == ValidationRun.Status.FINISHED:
        context["by_rule_903"] = selectors.issues_by_rule(context["run_903"])
    return render(request, "returns/data_quality.html", context)


@requires_role(ANALYST_ROLES)
@require_POST
def validate_now(request: HttpRequest) -> HttpResponse:
    run = cin_validation_run(by=request.user)
    if run.status == ValidationRun.Status.FINISHED:
        messages.success(
            request,
            f"CIN census {run.year} checked: {run.errors} errors and {run.queries} queries "
            f"for {run.children_in_return} children.",
        )
    else:
        messages.error(request, f"The check could not run: {run.failure}")
    return redirect("returns:index")


@requires_role(ANALYST_ROLES)
def cin_census_download(request: HttpRequest) -> HttpResponse:
    try:
        year = collection_year(request.GET["year"]) if "year" in request.GET else current_collection_year()
    except ValueError:
        year = current_collection_year()
    response = HttpResponse(census_xml(year), content_type="application/xml")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="cin-census-{year.label}-{stamp}.xml"'
    return response


@requires_role(ANALYST_ROLES)
@require_POST
def validate_903_now(request: HttpRequest) -> HttpResponse:
    run = ssda903_validation_run(by=request.user)
    if run.status == ValidationRun.Status.FINISHED:
        messages.success(
            request,
            f"SSDA903 {run.year} checked: {run.errors} errors and {run.queries} queries "
            f"for {run.children_in_return} children.",
        )
    else:
        messages.error(request, f"The check could not run: {run.failure}")
    return redirect("returns:index")


@requires_role(ANALYST_ROLES)
def ssda903_download(request: HttpRequest) -> HttpResponse:
    """Every SSDA903 table for the year as CSV files in one zip."""
    try:
        year = collection_year(request.GET["year"]) if "year" in request.GET else current_collection_year()
    except ValueError:
        year = current_collection_year()
    response = HttpResponse(ssda903_zip(year), content_type="application/zip")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="ssda903-{year.label}-{stamp}.zip"'
    return response


@requires_role(ANALYST_ROLES)
def annex_a(request: HttpRequest) -> HttpResponse:
    form = AnnexAForm(request.GET if "start_0" in request.GET else None)
    form.helper = form_helper(button="Download the workbook")
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        response = HttpResponse(annex_a_workbook(start, end), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="annex-a-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
        return response
    return render(request, "returns/annex_a.html", {"form": form})


@requires_role(READ_ROLES)
@person_page("data-quality")
def child_data_quality(request: HttpRequest, person: Person) -> HttpResponse:
    context = {
        "person": person,
        "child": person,
        "record_tabs": record_tabs(person, "data-quality", request.user),
        "may_edit": request.user.has_role(*EDIT_ROLES),
        "issues": selectors.child_issues(person.pk),
    }
    return render(request, "returns/child_data_quality.html", context)
