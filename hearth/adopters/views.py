"""Adopter households: the list by stage, the household page, and a form for each step.

Views load, check the role, call a service and render; the rules live in services.py.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import Role
from hearth.adopters import forms, selectors, services
from hearth.adopters.models import AdopterHousehold, Step
from hearth.casework.forms import show_errors
from hearth.reference.selectors import code_label

# The adoption team records; managers oversee; children's social workers read when family
# finding; the performance analyst reads for Annex A.
RECORD_ROLES = frozenset({Role.FOSTERING_ADOPTION, Role.TEAM_MANAGER})
READ_ROLES = RECORD_ROLES | {Role.SOCIAL_WORKER, Role.PERFORMANCE}


def _household(pk: int) -> selectors.HouseholdRow:
    try:
        return selectors.household_record(pk)
    except AdopterHousehold.DoesNotExist as missing:
        raise Http404("No such household") from missing


def _form_page(
    request,
    form,
    *,
    title: str,
    back,
    conflict=None,
    intro: str = "",
    caption: str = "",
    other_action: dict | None = None,
) -> HttpResponse:
    status = 409 if conflict else 400 if form.errors else 200
    context = {
        "form": form,
        "title": title,
        "back": reverse(back[0], args=back[1:]),
        "conflict": conflict,
        "intro": intro,
        "caption": caption,
        "other_action": other_action,
    }
    return render(request, "adopters/form.html", context, status=status)


def _submit(request, form, action: Callable[[dict], object], *, done: str, then, **page) -> HttpResponse:
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            result = action(form.cleaned_data)
        except services.ConcurrentEditError as error:
            conflict = error
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, done)
            name, *args = then(result)
            return redirect(name, *args)
    return _form_page(request, form, conflict=conflict, **page)


@requires_role(READ_ROLES)
def household_list(request: HttpRequest) -> HttpResponse:
    finished = request.GET.get("show") == "finished"
    today = timezone.localdate()
    groups = selectors.households_by_stage(finished=finished, today=today)
    return render(
        request,
        "adopters/list.html",
        {
            "groups": groups,
            "finished": finished,
            "today": today,
            "total": sum(len(group.rows) for group in groups),
            "may_record": request.user.has_role(*RECORD_ROLES),
        },
    )


@requires_role(READ_ROLES)
def household_page(request: HttpRequest, pk: int) -> HttpResponse:
    row = _household(pk)
    today = timezone.localdate()
    journey = row.journey
    return render(
        request,
        "adopters/household.html",
        {
            "household": row.household,
            "adopters": [_adopter_row(adopter.person) for adopter in row.adopters],
            "journey": journey,
            "clocks": [(clock, clock.status(today)) for clock in journey.clocks],
            "timeline": _timeline(row),
            "next_steps": [(step, Step(step).label) for step in journey.next_steps],
            "may_record": request.user.has_role(*RECORD_ROLES),
        },
    )


def _adopter_row(person) -> dict:
    codes = list(person.disabilities or [])
    disability = ", ".join(code_label("disability", code) for code in codes) or "Not recorded"
    return {
        "person": person,
        "sex": code_label("sex", person.sex) if person.sex else "Not recorded",
        "ethnicity": code_label("ethnicity", person.ethnicity) if person.ethnicity else "Not recorded",
        "disability": disability,
    }


def _timeline(row: selectors.HouseholdRow) -> list[dict]:
    """The household's steps and its children's matches, placements and orders, in date order."""
    entries = []
    for event in row.household.events.all():
        detail = ""
        if event.step == Step.PLACED and event.children:
            detail = f"{event.children} child{'ren' if event.children > 1 else ''} from another authority"
        if event.step == Step.LEFT:
            detail = event.get_leaving_reason_display()
        entries.append(
            {
                "on": event.on,
                "label": event.get_step_display(),
                "detail": detail,
                "child": None,
                "step": event.step,
            }
        )
    for child in row.journey.children:
        for on, label in (
            (child.matched_on, "Matched with"),
            (child.placed_on, "Placed with the household:"),
            (child.adoption_order_on, "Adoption order for"),
        ):
            if on:
                entries.append({"on": on, "label": label, "detail": "", "child": child, "step": None})
    return sorted(entries, key=lambda entry: entry["on"])


@requires_role(RECORD_ROLES)
def enquiry_record(request: HttpRequest) -> HttpResponse:
    form = forms.EnquiryForm(request.POST or None)

    def action(data):
        return services.household_enquiry_record(
            name=data["name"],
            enquiry_on=data["enquiry_on"],
            fostering_for_adoption=data["fostering_for_adoption"],
            fast_track=data["fast_track"],
            adopters=form.adopter_entries(),
            by=request.user,
        )

    return _submit(
        request,
        form,
        action,
        done="The enquiry was recorded",
        then=lambda household: ("adopters:household", household.pk),
        title="Record an enquiry from prospective adopters",
        back=("adopters:list",),
    )


def _redirect_to(household):
    return lambda _result: ("adopters:household", household.pk)


@requires_role(RECORD_ROLES)
def step_record(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    row = _household(pk)
    if step not in Step.values or step == Step.ENQUIRY:
        raise Http404("No such step")
    household = row.household
    form = forms.StepForm(request.POST or None, step=step, initial={"version": household.version})

    def action(data):
        return services.household_step_record(
            household=household,
            step=step,
            on=data["on"],
            children=data.get("children"),
            leaving_reason=data.get("leaving_reason", ""),
            expected_version=data["version"],
            by=request.user,
        )

    intro = ""
    if step in (Step.MATCHED, Step.PLACED, Step.ADOPTION_ORDER):
        intro = (
            "For a child in this authority's care, record the match, placement and adoption order on "
            "the child's Permanence tab and choose this household there: the dates show here. Use "
            "this form for children of another authority."
        )
    return _submit(
        request,
        form,
        action,
        done=f"Recorded: {Step(step).label.lower()}",
        then=_redirect_to(household),
        title=Step(step).label,
        caption=str(household),
        intro=intro,
        back=("adopters:household", household.pk),
    )


def _recorded(row: selectors.HouseholdRow, step: str):
    """The household's own record of ``step`` (a child's match, placement or order is put right
    on the child's Permanence tab)."""
    event = row.journey.recorded.get(step) if step in Step.values else None
    if event is None:
        raise Http404("That step is not recorded for this household")
    return event


def _long(day) -> str:
    return f"{day:%-d %B %Y}"


@requires_role(RECORD_ROLES)
def step_correct(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    row = _household(pk)
    event = _recorded(row, step)
    household = row.household
    label = Step(step).label
    initial = {
        "version": household.version,
        "on": event.on,
        "children": event.children,
        "leaving_reason": event.leaving_reason,
    }
    form = forms.StepCorrectionForm(request.POST or None, step=step, initial=initial)

    def action(data):
        return services.household_step_correct(
            household=household,
            step=step,
            on=data["on"],
            children=data.get("children"),
            leaving_reason=data.get("leaving_reason", ""),
            reason=data["reason"],
            expected_version=data["version"],
            by=request.user,
        )

    other_action = None
    if step != Step.ENQUIRY:
        other_action = {
            "href": reverse("adopters:step-withdraw", args=[household.pk, step]),
            "text": "Withdraw this step, if it was recorded by mistake",
        }
    return _submit(
        request,
        form,
        action,
        done=f"Corrected: {label.lower()}",
        then=_redirect_to(household),
        title=f"Correct: {label[0].lower()}{label[1:]}",
        caption=str(household),
        intro=f"Recorded as {_long(event.on)}. Enter the details as they should be, and why they are being "
        "corrected: the step's history keeps what it said before.",
        other_action=other_action,
        back=("adopters:household", household.pk),
    )


@requires_role(RECORD_ROLES)
def step_withdraw(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    row = _household(pk)
    event = _recorded(row, step)
    if step == Step.ENQUIRY:
        raise Http404("The enquiry opens the household's record and cannot be withdrawn")
    household = row.household
    label = Step(step).label
    form = forms.StepWithdrawForm(request.POST or None, initial={"version": household.version})

    def action(data):
        return services.household_step_withdraw(
            household=household,
            step=step,
            reason=data["reason"],
            expected_version=data["version"],
            by=request.user,
        )

    return _submit(
        request,
        form,
        action,
        done=f"Withdrawn: {label.lower()}",
        then=_redirect_to(household),
        title=f"Withdraw: {label[0].lower()}{label[1:]}",
        caption=str(household),
        intro=f"{label}, recorded as {_long(event.on)}, will be taken off the household's journey. Its "
        "history keeps it, with your reason. A step that later steps follow from cannot be withdrawn "
        "until they are.",
        back=("adopters:household", household.pk),
    )


@requires_role(RECORD_ROLES)
def adopter_add(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household(pk).household
    form = forms.AddAdopterForm(request.POST or None, initial={"version": household.version})

    def action(data):
        entries = form.adopter_entries()
        return services.adopter_add(
            household=household,
            adopter=entries[0] if entries else {},
            expected_version=data["version"],
            by=request.user,
        )

    return _submit(
        request,
        form,
        action,
        done="The adopter was added",
        then=_redirect_to(household),
        title="Add an adopter",
        caption=str(household),
        back=("adopters:household", household.pk),
    )


@requires_role(RECORD_ROLES)
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household(pk).household
    initial = {
        "version": household.version,
        "name": household.name,
        "fostering_for_adoption": "yes" if household.fostering_for_adoption else "no",
        "fast_track": "yes" if household.fast_track else "no",
    }
    form = forms.HouseholdForm(request.POST or None, initial=initial)

    def action(data):
        return services.household_update(
            household=household,
            name=data["name"],
            fostering_for_adoption=data["fostering_for_adoption"],
            fast_track=data["fast_track"],
            expected_version=data["version"],
            by=request.user,
        )

    return _submit(
        request,
        form,
        action,
        done="The household's details were saved",
        then=_redirect_to(household),
        title="Household details",
        caption=str(household),
        back=("adopters:household", household.pk),
    )
