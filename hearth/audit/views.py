"""Pages of the access log and restricted records.

Opening a restricted record without being named on it, the access log of a record, and the
overrides flagged to managers. The pages that manage restriction show a record's Hearth ID
and name only: they are for deciding who may see the record, not for reading it.
"""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from hearth.accounts.permissions import requires_role
from hearth.audit import selectors, services
from hearth.audit.access import (
    MergedRecord,
    RestrictedRecord,
    may_open,
    open_person_record,
    override_reason_for,
    session_override_grant,
)
from hearth.audit.forms import NamedUserAddForm, OverrideReasonForm, RestrictForm, UnrestrictForm
from hearth.audit.models import RestrictedAccessOverride
from hearth.audit.services import RESTRICTION_MANAGERS
from hearth.people.models import Person

# The record's sub-navigation is offered by the people app for other apps to share and extend.
from hearth.people.views.record import READ_ROLES, record_tabs

security_log = logging.getLogger("hearth.security")

# Anyone whose role lets them read records (or who manages them) may ask to open a restricted one.
RECORD_ROLES = READ_ROLES | RESTRICTION_MANAGERS


def _summary_url(person: Person) -> str:
    return reverse("people:summary", args=[person.pk])


def _after_override_url(request: HttpRequest, person: Person) -> str:
    """Where to go once in: back to the record page they asked for, else the summary."""
    wanted = request.GET.get("next", "")
    record_pages = (f"/people/{person.pk}/", f"/audit/people/{person.pk}/")
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts=None) and wanted.startswith(record_pages):
        return wanted
    return _summary_url(person)


@requires_role(RECORD_ROLES)
def restricted(request: HttpRequest, pk: int) -> HttpResponse:
    """A restricted record the user is not named on: say it exists, show nothing of it, and
    let them open it by giving a reason, which is logged and flagged to a manager."""
    person = get_object_or_404(Person.objects.only("pk", "is_restricted", "merged_into"), pk=pk)
    if may_open(request.user, person) or override_reason_for(request, person):
        return redirect(_after_override_url(request, person))
    form = OverrideReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        services.restricted_access_override_add(user=request.user, person=person, reason=reason)
        session_override_grant(request, person, reason)
        security_log.warning(
            "restricted record opened with a reason user=%s person=%s", request.user.pk, person.pk
        )
        return redirect(_after_override_url(request, person))
    if request.method == "GET":
        security_log.info("restricted record refused user=%s person=%s", request.user.pk, person.pk)
    return render(request, "audit/restricted.html", {"reference": person.reference, "form": form})


@requires_role(RESTRICTION_MANAGERS)
def person_views(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has viewed this record: a page of the record, so opening it is logged too."""
    try:
        person = open_person_record(request, pk, page="Who has viewed")
    except RestrictedRecord:
        return redirect(f"{reverse('audit:restricted', args=[pk])}?{urlencode({'next': request.path})}")
    except MergedRecord as merged:
        return redirect("audit:person-views", pk=merged.person.merged_into_id)
    return render(
        request,
        "audit/person_views.html",
        {
            "child": person,
            "record_tabs": record_tabs(person, "views", request.user),
            "entries": selectors.access_log_for_person(person),
            "limit": selectors.ACCESS_LOG_PAGE_SIZE,
        },
    )


def _restriction_change(request: HttpRequest, person: Person, action: str, form) -> bool:
    """Apply one restriction form; False (with the error on the form) if it is refused."""
    if not form.is_valid():
        return False
    try:
        if action == "restrict":
            services.person_restrict(
                person=person, by=request.user, named_users=[], reason=form.cleaned_data["reason"]
            )
            messages.success(request, "The record is restricted. Add the people who may open it.")
        elif action == "unrestrict":
            services.person_unrestrict(person=person, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, "The restriction has been removed. Anyone may open the record.")
        else:
            user = form.cleaned_data["user"]
            services.restricted_grant_add(person=person, user=user, by=request.user)
            messages.success(request, f"{user} may now open the record.")
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return False
    return True


@requires_role(RESTRICTION_MANAGERS)
def person_restriction(request: HttpRequest, pk: int) -> HttpResponse:
    """Restrict a record, name who may open it, or lift the restriction."""
    person = get_object_or_404(Person.objects.filter(merged_into__isnull=True), pk=pk)
    staff = selectors.staff_who_may_be_named(person)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    bound = {"restrict": RestrictForm, "unrestrict": UnrestrictForm, "add": NamedUserAddForm}
    if request.method == "POST" and action not in bound and action != "remove":
        return redirect("audit:restriction", pk=pk)

    if action == "remove":
        named = selectors.restricted_grants_for_person(person)
        grant = next((g for g in named if str(g.user_id) == request.POST.get("user")), None)
        if grant is None:
            raise Http404("That person is not named on this record")
        services.restricted_grant_remove(person=person, user=grant.user, by=request.user)
        messages.success(request, f"{grant.user} can no longer open the record without giving a reason.")
        return redirect("audit:restriction", pk=pk)

    forms = {
        "restrict": RestrictForm(request.POST if action == "restrict" else None),
        "unrestrict": UnrestrictForm(request.POST if action == "unrestrict" else None),
        "add": NamedUserAddForm(request.POST if action == "add" else None, staff=staff),
    }
    if action and _restriction_change(request, person, action, forms[action]):
        return redirect("audit:restriction", pk=pk)

    if request.method == "GET":
        services.access_log_entry_add(
            user=request.user, person=person, page="Restriction settings", path=request.path
        )
    return render(
        request,
        "audit/restriction.html",
        {
            "person": person,
            "named": selectors.restricted_grants_for_person(person),
            "forms": forms,
            "has_errors": any(form.errors for form in forms.values()),
        },
    )


@requires_role(RESTRICTION_MANAGERS)
def overrides(request: HttpRequest) -> HttpResponse:
    """Restricted records opened by people not named on them, waiting for a manager's review."""
    return render(request, "audit/overrides.html", {"overrides": selectors.overrides_to_review(request.user)})


@requires_role(RESTRICTION_MANAGERS)
@require_POST
def override_review(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        override = selectors.override_to_review_get(request.user, pk)
    except RestrictedAccessOverride.DoesNotExist as missing:
        raise Http404("No such override waiting for your review") from missing
    services.restricted_access_override_review(override=override, by=request.user)
    messages.success(
        request, f"Marked as reviewed: {override.user} opening record {override.person.reference}."
    )
    return redirect("audit:overrides")
