"""The child's child protection page and the forms for each step.

Every page opens the child through ``open_person_record`` (logged, restricted records
refused). Views load, call a service, and render; the rules live in services.py.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import CASEWORK_ROLES, Role
from hearth.audit.access import record_page
from hearth.casework.forms import show_errors
from hearth.childinneed.selectors import open_referral
from hearth.childprotection import selectors, services
from hearth.childprotection.forms import (
    ConferenceForm,
    CoreGroupForm,
    PlanEndForm,
    Section47ConcludeForm,
    Section47StartForm,
    StrategyDiscussionForm,
)
from hearth.childprotection.models import ChildProtectionPlan, Section47
from hearth.people.models import Person
from hearth.people.views.record import record_tabs

READ_ROLES = CASEWORK_ROLES | {Role.PERFORMANCE}
STRATEGY_ROLES = {Role.FRONT_DOOR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER}
ENQUIRY_ROLES = {Role.SOCIAL_WORKER, Role.TEAM_MANAGER}
CONFERENCE_ROLES = {Role.CP_CHAIR_IRO, Role.TEAM_MANAGER}
CORE_GROUP_ROLES = {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.CP_CHAIR_IRO}
PLAN_END_ROLES = {Role.CP_CHAIR_IRO, Role.TEAM_MANAGER}
TAB = "child-protection"


child_page = record_page  # opens the child, logs the view, handles restriction and merge


def _render(request: HttpRequest, template: str, child: Person, context: dict, *, status: int = 200):
    user = request.user
    base = {
        "person": child,
        "child": child,
        "record_tabs": record_tabs(child, TAB, user),
        "may": {
            "strategy": user.has_role(*STRATEGY_ROLES),
            "enquiry": user.has_role(*ENQUIRY_ROLES),
            "conference": user.has_role(*CONFERENCE_ROLES),
            "core_group": user.has_role(*CORE_GROUP_ROLES),
            "end_plan": user.has_role(*PLAN_END_ROLES),
        },
    }
    return render(request, template, {**base, **context}, status=status)


def _form_page(request, child, title: str, form, *, conflict=None, intro: str = "") -> HttpResponse:
    status = 409 if conflict else 400 if form.errors else 200
    return _render(
        request,
        "childprotection/form.html",
        child,
        {"title": title, "form": form, "conflict": conflict, "intro": intro},
        status=status,
    )


def _referral_or_redirect(request, child):
    referral = open_referral(child)
    if referral is None:
        messages.error(request, "The child has no open referral: child protection work is recorded in one")
    return referral


def _done(request, child, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("childprotection:overview", person_id=child.pk)


@requires_role(READ_ROLES)
@child_page("child protection")
def overview(request: HttpRequest, child: Person) -> HttpResponse:
    record = selectors.child_protection_record(child)
    return _render(
        request,
        "childprotection/overview.html",
        child,
        {"record": record, "referral": open_referral(child)},
    )


@requires_role(STRATEGY_ROLES)
@child_page("record strategy discussion")
def strategy_discussion_add(request: HttpRequest, child: Person) -> HttpResponse:
    referral = _referral_or_redirect(request, child)
    if referral is None:
        return redirect("childprotection:overview", person_id=child.pk)
    form = StrategyDiscussionForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_discussion_record(referral=referral, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            return _done(request, child, "The strategy discussion was saved")
    return _form_page(request, child, "Record a strategy discussion", form)


@requires_role(ENQUIRY_ROLES)
@child_page("start section 47 enquiry")
def section_47_add(request: HttpRequest, child: Person) -> HttpResponse:
    referral = _referral_or_redirect(request, child)
    if referral is None:
        return redirect("childprotection:overview", person_id=child.pk)
    discussions = selectors.discussions_awaiting_enquiry(referral)
    form = Section47StartForm(
        request.POST or None, discussions=discussions, initial={"start_date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.section_47_start(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            return _done(request, child, "The section 47 enquiry was started")
    intro = (
        "" if discussions.exists() else "No strategy discussion in this episode is waiting for its enquiry."
    )
    return _form_page(request, child, "Start a section 47 enquiry", form, intro=intro)


@requires_role(ENQUIRY_ROLES)
@child_page("conclude section 47 enquiry")
def section_47_conclude(request: HttpRequest, child: Person, pk: int) -> HttpResponse:
    try:
        enquiry = selectors.section_47_for_child(child, pk)
    except Section47.DoesNotExist as missing:
        raise Http404("No such enquiry") from missing
    form = Section47ConcludeForm(
        request.POST or None, initial={"version": enquiry.version, "completed_on": timezone.localdate()}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.section_47_conclude(
                section_47=enquiry,
                completed_on=data["completed_on"],
                outcome=data["outcome"],
                by=request.user,
                expected_version=data["version"],
            )
        except services.ConcurrentEditError as error:
            conflict = error
        except ValidationError as error:
            show_errors(form, error)
        else:
            return _done(request, child, "The outcome of the section 47 enquiry was saved")
    return _form_page(
        request,
        child,
        "Conclude the section 47 enquiry",
        form,
        conflict=conflict,
        intro=f"Enquiry started {enquiry.start_date:%-d %B %Y}.",
    )


@requires_role(CONFERENCE_ROLES)
@child_page("record conference")
def conference_add(request: HttpRequest, child: Person) -> HttpResponse:
    referral = _referral_or_redirect(request, child)
    if referral is None:
        return redirect("childprotection:overview", person_id=child.pk)
    initial = {"held_on": timezone.localdate()}
    if request.user.has_role(Role.CP_CHAIR_IRO):
        initial["chair"] = request.user.pk
    form = ConferenceForm(
        request.POST or None,
        enquiries=selectors.enquiries_for_conference(referral),
        chairs=selectors.cp_chairs(),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.conference_hold(referral=referral, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            return _done(request, child, "The conference was saved")
    return _form_page(request, child, "Record a child protection conference", form)


def _plan(child: Person, pk: int) -> ChildProtectionPlan:
    try:
        return selectors.cp_plan_for_child(child, pk)
    except ChildProtectionPlan.DoesNotExist as missing:
        raise Http404("No such plan") from missing


@requires_role(CORE_GROUP_ROLES)
@child_page("record core group")
def core_group_add(request: HttpRequest, child: Person, pk: int) -> HttpResponse:
    plan = _plan(child, pk)
    form = CoreGroupForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.core_group_record(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            return _done(request, child, "The core group meeting was saved")
    return _form_page(
        request, child, "Record a core group meeting", form, intro=f"Plan from {plan.start_date:%-d %B %Y}."
    )


@requires_role(PLAN_END_ROLES)
@child_page("end child protection plan")
def plan_end(request: HttpRequest, child: Person, pk: int) -> HttpResponse:
    plan = _plan(child, pk)
    form = PlanEndForm(
        request.POST or None, initial={"version": plan.version, "end_date": timezone.localdate()}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.cp_plan_end(
                plan=plan,
                end_date=data["end_date"],
                reason=data["reason"],
                by=request.user,
                expected_version=data["version"],
            )
        except services.ConcurrentEditError as error:
            conflict = error
        except ValidationError as error:
            show_errors(form, error)
        else:
            return _done(request, child, "The child protection plan was ended")
    return _form_page(
        request,
        child,
        "End the child protection plan",
        form,
        conflict=conflict,
        intro="A plan usually ends at a review conference; end it here when it ends another way, "
        f"for example when the child moves to another authority. Plan from {plan.start_date:%-d %B %Y}.",
    )
