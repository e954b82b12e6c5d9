"""The child's personal education plans: the list with the next PEP due, recording a PEP
meeting (the school pre-filled from the last PEP or the child's record) and changing one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import CASEWORK_ROLES, Role
from hearth.casework.forms import show_errors
from hearth.concurrency import ConcurrentEditError
from hearth.education import selectors, services
from hearth.education.forms import PEPForm
from hearth.education.models import PersonalEducationPlan
from hearth.people.models import Person
from hearth.people.views.record import person_page, record_tabs

READ_ROLES = CASEWORK_ROLES | {Role.PERFORMANCE}
EDIT_ROLES = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER})


def _render(request, template: str, child: Person, context: dict, *, status: int = 200) -> HttpResponse:
    context = {
        "child": child,
        "person": child,
        "record_tabs": record_tabs(child, "education", request.user),
        "may_edit": request.user.has_role(*EDIT_ROLES),
        "today": timezone.localdate(),
        **context,
    }
    return render(request, template, context, status=status)


@requires_role(READ_ROLES)
@person_page("education")
def plans(request: HttpRequest, child: Person) -> HttpResponse:
    return _render(
        request, "education/plans.html", child, {"education": selectors.education_for_child(child)}
    )


@requires_role(EDIT_ROLES)
@person_page("record PEP")
def plan_new(request: HttpRequest, child: Person) -> HttpResponse:
    if request.method == "POST":
        form = PEPForm(request.POST)
    else:
        last = PersonalEducationPlan.objects.filter(child=child).first()
        form = PEPForm(
            initial={
                "kind": PersonalEducationPlan.Kind.REVIEW if last else PersonalEducationPlan.Kind.INITIAL,
                "school_name": last.school_name if last else child.school_name,
                "school_urn": last.school_urn if last else child.school_urn,
                "designated_teacher": last.designated_teacher if last else "",
            }
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.pep_record(child=child, by=request.user, **form.service_arguments())
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "The PEP was recorded")
            return redirect("education:plans", child.pk)
    return _render(
        request,
        "education/plan_form.html",
        child,
        {"form": form, "heading": "Record a PEP meeting"},
        status=400 if form.errors else 200,
    )


@requires_role(EDIT_ROLES)
@person_page("change PEP")
def plan_edit(request: HttpRequest, child: Person, plan_id: int) -> HttpResponse:
    try:
        plan = selectors.pep_for_child(child, plan_id)
    except PersonalEducationPlan.DoesNotExist as missing:
        raise Http404("No such PEP") from missing
    conflict = None
    if request.method == "POST":
        form = PEPForm(request.POST, editing=True)
        if form.is_valid():
            try:
                services.pep_update(
                    plan=plan,
                    expected_version=form.cleaned_data["version"] or 0,
                    by=request.user,
                    **form.service_arguments(),
                )
            except ConcurrentEditError as error:
                conflict = error
                plan = selectors.pep_for_child(child, plan_id)
                form = PEPForm(initial=PEPForm.initial_for(plan), editing=True)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, "The PEP was saved")
                return redirect("education:plans", child.pk)
    else:
        form = PEPForm(initial=PEPForm.initial_for(plan), editing=True)
    return _render(
        request,
        "education/plan_form.html",
        child,
        {"form": form, "conflict": conflict, "heading": f"Change the {plan.get_kind_display()}"},
        status=409 if conflict else 400 if form.errors else 200,
    )
