"""The child's Permanence tab and the form for each step.

Every page opens the child through ``open_person_record`` (logged; restricted records refused).
Views load, call a service and render; the rules live in services.py.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import CASEWORK_ROLES, Role
from hearth.audit.access import record_page
from hearth.casework.forms import show_errors
from hearth.childrenincare.models import CareReview, PeriodOfCare
from hearth.people.models import Person
from hearth.people.views.record import record_tabs
from hearth.permanence import forms, selectors, services
from hearth.permanence.models import Adoption, PreviousPermanence
from hearth.reference.selectors import code_label

READ_ROLES = CASEWORK_ROLES | {Role.PERFORMANCE}
RECORD_ROLES = {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.FOSTERING_ADOPTION}
TAB = "permanence"


child_page = record_page  # opens the child, logs the view, handles restriction and merge


def _render(request, template: str, child: Person, context: dict, *, status: int = 200) -> HttpResponse:
    base = {
        "person": child,
        "child": child,
        "record_tabs": record_tabs(child, TAB, request.user),
        "may_record": request.user.has_role(*RECORD_ROLES),
    }
    return render(request, template, {**base, **context}, status=status)


def _form(request, child, title: str, form, *, conflict=None, intro: str = "") -> HttpResponse:
    status = 409 if conflict else 400 if form.errors else 200
    context = {"title": title, "form": form, "conflict": conflict, "intro": intro}
    return _render(request, "permanence/form.html", child, context, status=status)


def _post(request, child, form, action: Callable[[dict], object], done: str, title: str, intro: str = ""):
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except services.ConcurrentEditError as error:
            conflict = error
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("permanence:overview", person_id=child.pk)
    return _form(request, child, title, form, conflict=conflict, intro=intro)


def _adoption(child: Person, pk: int) -> Adoption:
    try:
        return selectors.adoption_for_child(child, pk)
    except Adoption.DoesNotExist as missing:
        raise Http404("No such adoption decision") from missing


def _decided(adoption: Adoption) -> str:
    return (
        f"Should be placed for adoption: decided {adoption.should_be_placed_on:%-d %B %Y}. {adoption.stage}."
    )


@requires_role(READ_ROLES)
@child_page("permanence")
def overview(request: HttpRequest, child: Person) -> HttpResponse:
    record = selectors.permanence_record(child)
    today = timezone.localdate()
    adoptions = [
        (adoption, selectors.adoption_timeliness(adoption, today=today)) for adoption in record.adoptions
    ]
    return _render(
        request,
        "permanence/overview.html",
        child,
        {
            "record": record,
            "adoptions": adoptions,
            "threshold_source": selectors.THRESHOLD_SOURCE,
            "prev_label": code_label("previous_permanence", record.previous_permanence.previous_permanence)
            if record.previous_permanence
            else "",
        },
    )


@requires_role(RECORD_ROLES)
@child_page("record permanence plan")
def plan_record(request: HttpRequest, child: Person) -> HttpResponse:
    reviews = CareReview.objects.filter(period__child=child).order_by("-review_date")
    form = forms.PlanForm(request.POST or None, reviews=reviews)

    def action(data):
        services.permanence_plan_record(
            child=child,
            plan_type=data["plan_type"],
            agreed_on=data["agreed_on"],
            ratified_at=data["ratified_at"],
            notes=data["notes"],
            by=request.user,
        )

    return _post(request, child, form, action, "The plan for permanence was saved", "Plan for permanence")


@requires_role(RECORD_ROLES)
@child_page("record should-be-placed decision")
def decision_record(request: HttpRequest, child: Person) -> HttpResponse:
    form = forms.DecisionForm(request.POST or None)

    def action(data):
        services.adoption_decision_record(child=child, decided_on=data["decided_on"], by=request.user)

    return _post(
        request,
        child,
        form,
        action,
        "The decision was recorded",
        "Decision that the child should be placed for adoption",
        intro="The agency decision maker's decision (SSDA903 DATE_INT).",
    )


def _step(request, child, pk: int, form_class, call: Callable, done: str, title: str) -> HttpResponse:
    adoption = _adoption(child, pk)
    form = form_class(request.POST or None, initial={"version": adoption.version})

    def action(data):
        values = {name: value for name, value in data.items() if name != "version"}
        call(adoption=adoption, by=request.user, expected_version=data["version"], **values)

    return _post(request, child, form, action, done, title, intro=_decided(adoption))


@requires_role(RECORD_ROLES)
@child_page("record authority to place")
def authority_record(request, child, pk):
    return _step(
        request,
        child,
        pk,
        forms.AuthorityForm,
        services.adoption_authority_record,
        "The authority to place was recorded",
        "Authority to place for adoption",
    )


@requires_role(RECORD_ROLES)
@child_page("record adoption match")
def match_record(request, child, pk):
    return _step(
        request,
        child,
        pk,
        forms.MatchForm,
        services.adoption_match_record,
        "The match was recorded",
        "Match with adopters",
    )


@requires_role(RECORD_ROLES)
@child_page("record placement for adoption")
def placed_record(request, child, pk):
    return _step(
        request,
        child,
        pk,
        forms.PlacedForm,
        services.adoption_placement_record,
        "The child is placed for adoption",
        "Placed for adoption",
    )


@requires_role(RECORD_ROLES)
@child_page("record adoption order")
def order_record(request, child, pk):
    return _step(
        request,
        child,
        pk,
        forms.OrderForm,
        services.adoption_order_record,
        "The adoption order was recorded and the period of care ended",
        "Adoption order",
    )


@requires_role(RECORD_ROLES)
@child_page("reverse adoption decision")
def reverse_decision(request, child, pk):
    return _step(
        request,
        child,
        pk,
        forms.ReverseForm,
        services.adoption_decision_reverse,
        "The decision was reversed",
        "Reverse the decision to place for adoption",
    )


@requires_role(RECORD_ROLES)
@child_page("record permanence order")
def outcome_record(request: HttpRequest, child: Person) -> HttpResponse:
    form = forms.OutcomeForm(request.POST or None)

    def action(data):
        services.permanence_order_record(
            child=child,
            kind=data["kind"],
            made_on=data["made_on"],
            reason_ceased=data["reason_ceased"],
            carer_name=data["carer_name"],
            by=request.user,
        )

    return _post(
        request,
        child,
        form,
        action,
        "Care ended and the period of care was closed",
        "Special guardianship, child arrangements order or return home",
    )


@requires_role(RECORD_ROLES)
@child_page("record previous permanence")
def previous_permanence(request: HttpRequest, child: Person, period_id: int) -> HttpResponse:
    try:
        period = PeriodOfCare.objects.get(pk=period_id, child=child)
    except PeriodOfCare.DoesNotExist as missing:
        raise Http404("No such period of care") from missing
    existing = PreviousPermanence.objects.filter(period=period).first()
    initial = {}
    if existing is not None:
        initial = {
            "version": existing.version,
            "previous_permanence": existing.previous_permanence,
            "authority": existing.authority,
            "order_date": existing.order_date,
        }
    form = forms.PreviousPermanenceForm(request.POST or None, initial=initial)

    def action(data):
        services.previous_permanence_record(
            period=period,
            previous_permanence=data["previous_permanence"],
            authority=data["authority"],
            order_date=data["order_date"],
            expected_version=(data["version"] or existing.version) if existing else None,
            by=request.user,
        )

    intro = (
        f"Before the period of care that began on {period.start_date:%-d %B %Y} (SSDA903 PrevPerm). "
        "The date of the order must be on or before that day."
    )
    return _post(request, child, form, action, "Previous permanence was saved", "Previous permanence", intro)
