"""The child's Pre-proceedings tab and the forms for each step.

Every page opens the child through ``open_person_record`` (logged, restricted records
refused). Views load, call a service and render; the rules live in services.py.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import CASEWORK_ROLES, Role
from hearth.audit.access import record_page
from hearth.childinneed.selectors import open_referral
from hearth.people.models import Person
from hearth.people.views.record import record_tabs
from hearth.preproceedings import selectors, services
from hearth.preproceedings.forms import ReviewMeetingForm, StartForm, StepsForm, show_errors
from hearth.preproceedings.models import PreProceedings

READ_ROLES = CASEWORK_ROLES | {Role.PERFORMANCE}
# The social worker leads pre-proceedings with legal advice; their manager chairs the planning.
RECORD_ROLES = {Role.SOCIAL_WORKER, Role.TEAM_MANAGER}
TAB = "pre-proceedings"

child_page = record_page  # opens the child, logs the view, handles restriction and merge


def _render(request: HttpRequest, template: str, child: Person, context: dict, *, status: int = 200):
    base = {
        "person": child,
        "child": child,
        "record_tabs": record_tabs(child, TAB, request.user),
        "may_record": request.user.has_role(*RECORD_ROLES),
    }
    return render(request, template, {**base, **context}, status=status)


def _form_page(request, child, title: str, form, *, conflict=None, intro: str = "") -> HttpResponse:
    status = 409 if conflict else 400 if form.errors else 200
    return _render(
        request,
        "preproceedings/form.html",
        child,
        {"title": title, "form": form, "conflict": conflict, "intro": intro},
        status=status,
    )


def _done(request, child, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("preproceedings:overview", person_id=child.pk)


def _record(child: Person, pk: int) -> PreProceedings:
    try:
        return selectors.pre_proceedings_of_child(child, pk)
    except PreProceedings.DoesNotExist as missing:
        raise Http404("No such pre-proceedings") from missing


@requires_role(READ_ROLES)
@child_page("pre-proceedings")
def overview(request: HttpRequest, child: Person) -> HttpResponse:
    items = selectors.pre_proceedings_for_child(child)
    referral = open_referral(child)
    may_start = (
        referral is not None
        and not referral.no_further_action
        and not any(item.record.referral_id == referral.pk and item.record.is_open for item in items)
    )
    return _render(
        request,
        "preproceedings/overview.html",
        child,
        {"items": items, "referral": referral, "may_start": may_start},
    )


@requires_role(RECORD_ROLES)
@child_page("start pre-proceedings")
def start(request: HttpRequest, child: Person) -> HttpResponse:
    referral = open_referral(child)
    if referral is None:
        messages.error(request, "The child has no open referral: pre-proceedings are recorded in one")
        return redirect("preproceedings:overview", person_id=child.pk)
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pre_proceedings_start(
                referral=referral, decided_on=form.cleaned_data["decided_on"], by=request.user
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            return _done(request, child, "Pre-proceedings were started")
    intro = f"In the referral of {referral.referral_date:%-d %B %Y}."
    return _form_page(request, child, "Start pre-proceedings", form, intro=intro)


def _versioned(request, child, record, form, action, done: str, title: str) -> HttpResponse:
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except services.ConcurrentEditError as error:
            conflict = error
            # Keep what was typed, now at the record's current version, so it can be saved again.
            record.refresh_from_db(fields=["version"])
            form.data = form.data.copy()
            form.data["version"] = record.version
        except ValidationError as error:
            show_errors(form, error)
        else:
            return _done(request, child, done)
    intro = f"Pre-proceedings started on {record.decided_on:%-d %B %Y}."
    return _form_page(request, child, title, form, conflict=conflict, intro=intro)


@requires_role(RECORD_ROLES)
@child_page("record pre-proceedings steps")
def steps(request: HttpRequest, child: Person, pk: int) -> HttpResponse:
    record = _record(child, pk)
    initial = {name: getattr(record, name) for name in services.STEP_FIELDS}
    for name in ("fgdm_offered", "fgdm_facilitated"):
        initial[name] = {True: "1", False: "0", None: ""}[initial[name]]
    form = StepsForm(request.POST or None, initial={**initial, "version": record.version})

    def action(data):
        services.pre_proceedings_update(
            pre_proceedings=record,
            by=request.user,
            expected_version=data["version"],
            **{name: data[name] for name in services.STEP_FIELDS},
        )

    return _versioned(request, child, record, form, action, "Pre-proceedings were saved", "Pre-proceedings")


@requires_role(RECORD_ROLES)
@child_page("record pre-proceedings review meeting")
def review_meeting_add(request: HttpRequest, child: Person, pk: int) -> HttpResponse:
    record = _record(child, pk)
    form = ReviewMeetingForm(request.POST or None, initial={"version": record.version})

    def action(data):
        services.pre_proceedings_review_meeting_record(
            pre_proceedings=record, held_on=data["held_on"], by=request.user, expected_version=data["version"]
        )

    return _versioned(
        request, child, record, form, action, "The review meeting was saved", "Record a review meeting"
    )
