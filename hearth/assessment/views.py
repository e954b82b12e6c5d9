"""The child's assessments: list and start, record, complete, and a manager's authorisation.

Every page opens the child through ``open_person_record`` (logged, restricted records
refused). Views load, call a service, and render; the rules live in services.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import CASEWORK_ROLES, Role
from hearth.assessment import selectors, services
from hearth.assessment.forms import (
    AssessmentAuthoriseForm,
    AssessmentCompleteForm,
    AssessmentRecordForm,
    AssessmentStartForm,
)
from hearth.assessment.models import Assessment
from hearth.audit.access import record_page
from hearth.casework.forms import show_errors
from hearth.people.models import Person
from hearth.people.views.record import record_tabs

READ_ROLES = CASEWORK_ROLES | {Role.PERFORMANCE}
RECORD_ROLES = {Role.SOCIAL_WORKER, Role.TEAM_MANAGER}
AUTHORISE_ROLES = {Role.TEAM_MANAGER}
TAB = "assessments"


child_page = record_page  # opens the child, logs the view, handles restriction and merge


def _render(request: HttpRequest, template: str, child: Person, context: dict, *, status: int = 200):
    base = {
        "person": child,
        "child": child,
        "record_tabs": record_tabs(child, TAB, request.user),
        "may_record": request.user.has_role(*RECORD_ROLES),
        "may_authorise": request.user.has_role(*AUTHORISE_ROLES),
    }
    return render(request, template, {**base, **context}, status=status)


def _assessment(child: Person, pk: int) -> Assessment:
    try:
        return selectors.assessment_for_child(child, pk)
    except Assessment.DoesNotExist as missing:
        raise Http404("No such assessment") from missing


def _status(form, conflict) -> int:
    return 409 if conflict else 400 if form.errors else 200


@requires_role(READ_ROLES)
@child_page("assessments")
def assessment_list(request: HttpRequest, child: Person) -> HttpResponse:
    assessments = selectors.child_assessments(child)
    referral = selectors.current_referral(child)
    open_one = next((a for a in assessments if a.authorised_on is None), None)
    may_start = referral is not None and (open_one is None or open_one.referral_id != referral.pk)
    return _render(
        request,
        "assessment/list.html",
        child,
        {
            "rows": [(a, selectors.assessment_clock(a)) for a in assessments],
            "referral": referral,
            "may_start": may_start,
        },
    )


@requires_role(RECORD_ROLES)
@child_page("start assessment")
def assessment_start(request: HttpRequest, child: Person) -> HttpResponse:
    referral = selectors.current_referral(child)
    if referral is None:
        messages.error(request, "The child has no open referral, so an assessment cannot start")
        return redirect("assessment:list", person_id=child.pk)
    form = AssessmentStartForm(request.POST or None, initial={"start_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(
                referral=referral, start_date=form.cleaned_data["start_date"], by=request.user
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "The assessment was started")
            return redirect("assessment:detail", person_id=child.pk, pk=assessment.pk)
    return _render(
        request,
        "assessment/start.html",
        child,
        {"form": form, "referral": referral, "due": selectors.due_date_for_referral(referral)},
        status=_status(form, None),
    )


@requires_role(READ_ROLES)
@child_page("assessment")
def assessment_detail(request: HttpRequest, child: Person, pk: int) -> HttpResponse:
    assessment = _assessment(child, pk)
    editable = assessment.authorised_on is None and request.user.has_role(*RECORD_ROLES)
    form, conflict = None, None
    if editable:
        if request.method == "POST":
            form = AssessmentRecordForm(request.POST, assessment=assessment)
            if form.is_valid():
                try:
                    services.assessment_record(
                        assessment=assessment,
                        by=request.user,
                        expected_version=form.cleaned_data["version"],
                        **form.changes(),
                    )
                except services.ConcurrentEditError as error:
                    conflict = error
                    assessment = _assessment(child, pk)
                    form = AssessmentRecordForm(
                        initial=AssessmentRecordForm.initial_for(assessment), assessment=assessment
                    )
                except ValidationError as error:
                    show_errors(form, error)
                else:
                    messages.success(request, "The assessment was saved")
                    return redirect("assessment:detail", person_id=child.pk, pk=assessment.pk)
        else:
            form = AssessmentRecordForm(
                initial=AssessmentRecordForm.initial_for(assessment), assessment=assessment
            )
    elif request.method == "POST":
        raise PermissionDenied("This assessment can no longer be changed.")
    return _render(
        request,
        "assessment/detail.html",
        child,
        {
            "assessment": assessment,
            "clock": selectors.assessment_clock(assessment),
            "factor_labels": selectors.factor_labels(assessment),
            "form": form,
            "conflict": conflict,
        },
        status=_status(form, conflict) if form else 200,
    )


@requires_role(RECORD_ROLES)
@child_page("complete assessment")
def assessment_complete(request: HttpRequest, child: Person, pk: int) -> HttpResponse:
    assessment = _assessment(child, pk)
    if assessment.completed_on:
        messages.info(request, "This assessment has already been submitted for authorisation")
        return redirect("assessment:detail", person_id=child.pk, pk=pk)
    form = AssessmentCompleteForm(
        request.POST or None,
        initial={
            "version": assessment.version,
            "completed_on": timezone.localdate(),
            "outcome": assessment.outcome,
        },
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_complete(
                assessment=assessment,
                completed_on=data["completed_on"],
                factors=data["factors"],
                outcome=data["outcome"],
                by=request.user,
                expected_version=data["version"],
            )
        except services.ConcurrentEditError as error:
            conflict = error
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "The assessment was submitted to a manager for authorisation")
            return redirect("assessment:detail", person_id=child.pk, pk=pk)
    return _render(
        request,
        "assessment/complete.html",
        child,
        {
            "assessment": assessment,
            "form": form,
            "conflict": conflict,
            "clock": selectors.assessment_clock(assessment),
        },
        status=_status(form, conflict),
    )


@requires_role(AUTHORISE_ROLES)
@child_page("authorise assessment")
def assessment_authorise(request: HttpRequest, child: Person, pk: int) -> HttpResponse:
    assessment = _assessment(child, pk)
    if assessment.authorised_on:
        messages.info(request, "This assessment has already been authorised")
        return redirect("assessment:detail", person_id=child.pk, pk=pk)
    form = AssessmentAuthoriseForm(
        request.POST or None, initial={"version": assessment.version, "authorised_on": timezone.localdate()}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_authorise(
                assessment=assessment,
                authorised_on=form.cleaned_data["authorised_on"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except services.ConcurrentEditError as error:
            conflict = error
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "The assessment was authorised")
            return redirect("assessment:detail", person_id=child.pk, pk=pk)
    return _render(
        request,
        "assessment/authorise.html",
        child,
        {
            "assessment": assessment,
            "form": form,
            "conflict": conflict,
            "clock": selectors.assessment_clock(assessment),
            "factor_labels": selectors.factor_labels(assessment),
        },
        status=_status(form, conflict),
    )
