"""The child's referrals and child in need episode: referral, CIN plans and reviews, closure.

Every page opens the child through ``open_person_record`` (which logs the view and refuses a
restricted record); the writes go through the services.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import CASEWORK_ROLES, Role
from hearth.casework.forms import show_errors
from hearth.childinneed import selectors, services
from hearth.childinneed.forms import (
    CINPlanEndForm,
    CINPlanStartForm,
    CloseForm,
    ReferralEditForm,
    ReferralForm,
    ReviewForm,
)
from hearth.childinneed.models import CINPlan, Referral
from hearth.concurrency import ConcurrentEditError
from hearth.people.models import Person
from hearth.people.views.record import person_page, record_tabs

READ_ROLES = CASEWORK_ROLES | {Role.PERFORMANCE}
EDIT_ROLES = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER})


def _render(request, template: str, child: Person, context: dict, *, status: int = 200) -> HttpResponse:
    context = {
        "child": child,
        "person": child,
        "record_tabs": record_tabs(child, "episodes", request.user),
        "may_edit": request.user.has_role(*EDIT_ROLES),
        "today": timezone.localdate(),
        **context,
    }
    return render(request, template, context, status=status)


def _referral(child: Person, referral_id: int) -> Referral:
    try:
        return selectors.referral_for_child(child, referral_id)
    except Referral.DoesNotExist as missing:
        raise Http404("No such referral") from missing


def _plan(child: Person, plan_id: int) -> CINPlan:
    try:
        return selectors.cin_plan_for_child(child, plan_id)
    except CINPlan.DoesNotExist as missing:
        raise Http404("No such plan") from missing


def _status(form, conflict=None) -> int:
    return 409 if conflict else 400 if form.errors else 200


@requires_role(READ_ROLES)
@person_page("referrals and plans")
def episodes(request: HttpRequest, child: Person) -> HttpResponse:
    return _render(
        request, "childinneed/episodes.html", child, {"episodes": selectors.episodes_for_child(child)}
    )


@requires_role(READ_ROLES)
@person_page("referral")
def referral(request: HttpRequest, child: Person, referral_id: int) -> HttpResponse:
    found = selectors.episodes_for_child(child)
    chosen = next((r for r in found.referrals if r.pk == referral_id), None)
    if chosen is None:
        raise Http404("No such referral")
    return _render(request, "childinneed/referral.html", child, {"referral": chosen})


@requires_role(EDIT_ROLES)
@person_page("new referral")
def referral_new(request: HttpRequest, child: Person) -> HttpResponse:
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.referral_create(child=child, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"The referral of {child.display_name} was recorded")
            return redirect("childinneed:referral", child.pk, made.pk)
    return _render(request, "childinneed/referral_new.html", child, {"form": form}, status=_status(form))


@requires_role(EDIT_ROLES)
@person_page("change referral")
def referral_edit(request: HttpRequest, child: Person, referral_id: int) -> HttpResponse:
    chosen = _referral(child, referral_id)
    conflict = None
    if request.method == "POST":
        form = ReferralEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.referral_update(
                    referral=chosen,
                    by=request.user,
                    expected_version=data["version"],
                    referral_date=data["referral_date"],
                    source=data["source"],
                    primary_need=data["primary_need"],
                )
            except ConcurrentEditError as error:
                conflict = error
                chosen = _referral(child, referral_id)
                form = ReferralEditForm(initial=_referral_initial(chosen))
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, "The referral was saved")
                return redirect("childinneed:referral", child.pk, chosen.pk)
    else:
        form = ReferralEditForm(initial=_referral_initial(chosen))
    return _render(
        request,
        "childinneed/referral_form.html",
        child,
        {"form": form, "conflict": conflict, "referral": chosen, "heading": "Change the referral"},
        status=_status(form, conflict),
    )


def _referral_initial(referral: Referral) -> dict:
    return {
        "version": referral.version,
        "referral_date": referral.referral_date,
        "source": referral.source,
        "primary_need": referral.primary_need,
    }


@requires_role(EDIT_ROLES)
@person_page("close case")
def referral_close(request: HttpRequest, child: Person, referral_id: int) -> HttpResponse:
    chosen = _referral(child, referral_id)
    conflict = None
    if request.method == "POST":
        form = CloseForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.referral_close(
                    referral=chosen,
                    by=request.user,
                    expected_version=data["version"],
                    closure_date=data["closure_date"],
                    closure_reason=data["closure_reason"],
                )
            except ConcurrentEditError as error:
                conflict = error
                chosen = _referral(child, referral_id)
                form = CloseForm(initial={"version": chosen.version})
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, "The case was closed")
                return redirect("childinneed:referral", child.pk, chosen.pk)
    else:
        form = CloseForm(initial={"version": chosen.version})
    return _render(
        request,
        "childinneed/referral_form.html",
        child,
        {"form": form, "conflict": conflict, "referral": chosen, "heading": "Close the case"},
        status=_status(form, conflict),
    )


@requires_role(EDIT_ROLES)
@person_page("start CIN plan")
def cin_plan_new(request: HttpRequest, child: Person, referral_id: int) -> HttpResponse:
    chosen = _referral(child, referral_id)
    form = CINPlanStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cin_plan_start(
                referral=chosen, start_date=form.cleaned_data["start_date"], by=request.user
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "The child in need plan was started")
            return redirect("childinneed:referral", child.pk, chosen.pk)
    return _render(
        request,
        "childinneed/referral_form.html",
        child,
        {"form": form, "referral": chosen, "heading": "Start a child in need plan"},
        status=_status(form),
    )


@requires_role(EDIT_ROLES)
@person_page("end CIN plan")
def cin_plan_end(request: HttpRequest, child: Person, referral_id: int, plan_id: int) -> HttpResponse:
    plan = _plan(child, plan_id)
    if plan.referral_id != referral_id:
        raise Http404("No such plan")
    conflict = None
    if request.method == "POST":
        form = CINPlanEndForm(request.POST)
        if form.is_valid():
            try:
                services.cin_plan_end(
                    plan=plan,
                    end_date=form.cleaned_data["end_date"],
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                )
            except ConcurrentEditError as error:
                conflict = error
                plan = _plan(child, plan_id)
                form = CINPlanEndForm(initial={"version": plan.version})
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, "The child in need plan was ended")
                return redirect("childinneed:referral", child.pk, referral_id)
    else:
        form = CINPlanEndForm(initial={"version": plan.version})
    return _render(
        request,
        "childinneed/referral_form.html",
        child,
        {
            "form": form,
            "conflict": conflict,
            "referral": plan.referral,
            "heading": "End the child in need plan",
        },
        status=_status(form, conflict),
    )


@requires_role(EDIT_ROLES)
@person_page("review CIN plan")
def cin_plan_review(request: HttpRequest, child: Person, referral_id: int, plan_id: int) -> HttpResponse:
    plan = _plan(child, plan_id)
    if plan.referral_id != referral_id:
        raise Http404("No such plan")
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cin_plan_review_add(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "The review was recorded")
            return redirect("childinneed:referral", child.pk, referral_id)
    return _render(
        request,
        "childinneed/referral_form.html",
        child,
        {"form": form, "referral": plan.referral, "heading": "Record a child in need plan review"},
        status=_status(form),
    )
