"""The child's Care tab and the forms for each action in their care.

Every page opens the child through ``open_person_record`` (logged, restricted records
refused). Views load, call a service and render; the rules live in services.py.
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
from hearth.childinneed.selectors import open_referral
from hearth.childrenincare import selectors, services
from hearth.childrenincare.forms import (
    EndForm,
    IROForm,
    LegalStatusForm,
    LibertyOrderEndForm,
    LibertyOrderStartForm,
    PlacementForm,
    ReviewForm,
    StartForm,
    show_errors,
)
from hearth.childrenincare.models import DeprivationOfLibertyOrder, PeriodOfCare
from hearth.people.models import Person
from hearth.people.views.record import record_tabs
from hearth.reference.selectors import code_label

READ_ROLES = CASEWORK_ROLES | {Role.PERFORMANCE}
RECORD_ROLES = {Role.SOCIAL_WORKER, Role.TEAM_MANAGER}
PLACEMENT_ROLES = RECORD_ROLES | {Role.PLACEMENTS}
REVIEW_ROLES = {Role.CP_CHAIR_IRO}
IRO_ROLES = RECORD_ROLES | {Role.CP_CHAIR_IRO}
TAB = "care"


child_page = record_page  # opens the child, logs the view, handles restriction and merge


def _render(request: HttpRequest, template: str, child: Person, context: dict, *, status: int = 200):
    user = request.user
    base = {
        "person": child,
        "child": child,
        "record_tabs": record_tabs(child, TAB, user),
        "may": {
            "record": user.has_role(*RECORD_ROLES),
            "place": user.has_role(*PLACEMENT_ROLES),
            "review": user.has_role(*REVIEW_ROLES),
            "assign_iro": user.has_role(*IRO_ROLES),
        },
    }
    return render(request, template, {**base, **context}, status=status)


def _form_page(
    request, child, title: str, form, *, conflict=None, intro: str = "", period=None
) -> HttpResponse:
    status = 409 if conflict else 400 if form.errors else 200
    return _render(
        request,
        "childrenincare/form.html",
        child,
        {"title": title, "form": form, "conflict": conflict, "intro": intro, "period": period},
        status=status,
    )


def _done(request, child, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("childrenincare:care", person_id=child.pk)


def _open_period(child: Person, pk: int) -> PeriodOfCare:
    try:
        period = selectors.period_for_child(child, pk)
    except PeriodOfCare.DoesNotExist as missing:
        raise Http404("No such period of care") from missing
    if period.end_date is not None:
        raise Http404("This period of care has ended")
    return period


def _since(period: PeriodOfCare) -> str:
    return f"Looked after since {period.start_date:%-d %B %Y}."


@requires_role(READ_ROLES)
@child_page("care")
def care(request: HttpRequest, child: Person) -> HttpResponse:
    record = selectors.care_record(child)
    return _render(
        request,
        "childrenincare/care.html",
        child,
        {
            "record": record,
            "is_looked_after": any(item.is_open for item in record),
            "today": timezone.localdate(),
        },
    )


def _long(day) -> str:
    return f"{day:%-d %B %Y}"


def _started(child: Person, period: PeriodOfCare) -> str:
    """The message once a child comes into care, saying what became of their episode of need."""
    said = f"{child.display_name} is now looked after."
    opened = period.episode_of_need.opened
    if opened is not None:
        return f"{said} An episode of need was opened on {_long(opened.referral_date)}, the day they came into care."
    return f"{said} The episode of need already on their record continues: no new one was opened."


def _ended(child: Person, period: PeriodOfCare) -> str:
    """The message once a child leaves care, saying whether their episode of need closed with it."""
    said = f"{child.display_name} has left care."
    change = period.episode_of_need
    if change.closed is not None:
        reason = change.closed.closure_reason
        return (
            f"{said} Their episode of need was closed on {_long(change.closed.closure_date)} too, "
            f"with reason {reason}: {code_label('closure_reason', reason)}."
        )
    if change.left_open is None:
        return said
    why = ""
    if period.reason_ceased in services.EPISODE_CLOSED_BY_CARE_ENDING:
        why = " because other work on it is still open, or recorded after the child left care"
    return (
        f"{said} Their episode of need, open since {_long(change.left_open.referral_date)}, remains open{why}: "
        "close it when the child no longer needs a plan."
    )


@requires_role(RECORD_ROLES)
@child_page("bring into care")
def start(request: HttpRequest, child: Person) -> HttpResponse:
    # With an episode of need open, the care belongs to it and the referral source is not asked.
    episode = open_referral(child)
    form = StartForm(request.POST or None, ask_referral_source=episode is None)
    intro = ""
    if episode is not None:
        intro = (
            f"{child.display_name}'s episode of need, open since {_long(episode.referral_date)}, continues: "
            "this care belongs to it."
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        source = {"referral_source": data["referral_source"]} if "referral_source" in data else {}
        try:
            period = services.period_of_care_start(
                child=child,
                start_date=data["start_date"],
                legal_status=data["legal_status"],
                category_of_need=data["category_of_need"],
                home_postcode=data["home_postcode"],
                placement=form.placement(),
                by=request.user,
                **source,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            return _done(request, child, _started(child, period))
    return _form_page(request, child, "Bring into care", form, intro=intro)


def _versioned_action(
    request,
    child,
    period,
    form,
    action: Callable[[dict], object],
    done: str | Callable[[object], str],
    title: str,
):
    """Post a form that acts on the period: the service, its errors, or someone else's edit.
    ``done`` is the success message, or makes it from what the action returned."""
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            result = action(form.cleaned_data)
        except services.ConcurrentEditError as error:
            conflict = error
            # The form keeps what the worker typed but now carries the period's current
            # version, so once they have looked at what changed they can save again.
            period.refresh_from_db(fields=["version"])
            form.data = form.data.copy()
            form.data["version"] = period.version
        except ValidationError as error:
            show_errors(form, error)
        else:
            return _done(request, child, done(result) if callable(done) else done)
    return _form_page(request, child, title, form, conflict=conflict, intro=_since(period), period=period)


@requires_role(RECORD_ROLES)
@child_page("change legal status")
def legal_status_change(request: HttpRequest, child: Person, pk: int) -> HttpResponse:
    period = _open_period(child, pk)
    form = LegalStatusForm(request.POST or None, initial={"version": period.version})

    def action(data):
        services.legal_status_change(
            period=period,
            legal_status=data["legal_status"],
            on=data["on"],
            by=request.user,
            expected_version=data["version"],
        )

    return _versioned_action(
        request, child, period, form, action, "The legal status was changed", "Change legal status"
    )


@requires_role(PLACEMENT_ROLES)
@child_page("move placement")
def placement_change(request: HttpRequest, child: Person, pk: int) -> HttpResponse:
    period = _open_period(child, pk)
    form = PlacementForm(request.POST or None, initial={"version": period.version})

    def action(data):
        services.placement_change(
            period=period,
            on=data["on"],
            reason_changed=data["reason_changed"],
            same_carer=data["same_carer"],
            by=request.user,
            expected_version=data["version"],
            **form.placement(),
        )

    return _versioned_action(
        request, child, period, form, action, "The placement was changed", "Move placement"
    )


@requires_role(REVIEW_ROLES)
@child_page("hold looked-after review")
def review_hold(request: HttpRequest, child: Person, pk: int) -> HttpResponse:
    period = _open_period(child, pk)
    form = ReviewForm(
        request.POST or None,
        chairs=selectors.iros(),
        initial={"version": period.version, "chair": request.user.pk},
    )

    def action(data):
        services.care_review_hold(
            period=period,
            review_date=data["review_date"],
            chair=data["chair"],
            participation=data["participation"],
            decisions=data["decisions"],
            by=request.user,
            expected_version=data["version"],
        )

    return _versioned_action(
        request, child, period, form, action, "The review was saved", "Hold a looked-after review"
    )


@requires_role(IRO_ROLES)
@child_page("assign IRO")
def iro_assign(request: HttpRequest, child: Person, pk: int) -> HttpResponse:
    period = _open_period(child, pk)
    form = IROForm(request.POST or None, iros=selectors.iros(), initial={"version": period.version})

    def action(data):
        services.iro_assign(
            period=period,
            iro=data["iro"],
            start_date=data["start_date"],
            by=request.user,
            expected_version=data["version"],
        )

    return _versioned_action(request, child, period, form, action, "The IRO was assigned", "Assign an IRO")


@requires_role(RECORD_ROLES)
@child_page("leave care")
def leave(request: HttpRequest, child: Person, pk: int) -> HttpResponse:
    period = _open_period(child, pk)
    form = EndForm(request.POST or None, initial={"version": period.version})

    def action(data):
        return services.period_of_care_end(
            period=period,
            end_date=data["end_date"],
            reason_ceased=data["reason_ceased"],
            by=request.user,
            expected_version=data["version"],
        )

    return _versioned_action(
        request, child, period, form, action, lambda ended: _ended(child, ended), "Leave care"
    )


@requires_role(RECORD_ROLES)
@child_page("record deprivation of liberty order")
def liberty_order_start(request: HttpRequest, child: Person, pk: int) -> HttpResponse:
    period = _open_period(child, pk)
    form = LibertyOrderStartForm(request.POST or None, initial={"version": period.version})

    def action(data):
        services.dolo_start(
            period=period, start_date=data["start_date"], by=request.user, expected_version=data["version"]
        )

    return _versioned_action(
        request,
        child,
        period,
        form,
        action,
        "The deprivation of liberty order was recorded",
        "Record a deprivation of liberty order",
    )


@requires_role(RECORD_ROLES)
@child_page("end deprivation of liberty order")
def liberty_order_end(request: HttpRequest, child: Person, pk: int, order_pk: int) -> HttpResponse:
    period = _open_period(child, pk)
    try:
        order = selectors.liberty_order_for_period(period, order_pk)
    except DeprivationOfLibertyOrder.DoesNotExist as missing:
        raise Http404("No such order") from missing
    form = LibertyOrderEndForm(request.POST or None, initial={"version": period.version})

    def action(data):
        services.dolo_end(
            order=order, end_date=data["end_date"], by=request.user, expected_version=data["version"]
        )

    return _versioned_action(
        request,
        child,
        period,
        form,
        action,
        "The deprivation of liberty order was ended",
        f"End the deprivation of liberty order made on {order.start_date:%-d %B %Y}",
    )
