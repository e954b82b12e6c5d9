"""The young person's Leaving care tab and its forms.

Every page opens the young person through ``open_person_record`` (logged; restricted records
refused). Views load, call a service and render; the rules live in services.py.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import CASEWORK_ROLES, Role
from hearth.audit.access import record_page
from hearth.casework.forms import show_errors
from hearth.leavingcare import forms, selectors, services
from hearth.leavingcare.models import BirthdayContact, PathwayPlan, StayingPut
from hearth.people.models import Person
from hearth.people.views.record import record_tabs

READ_ROLES = CASEWORK_ROLES | {Role.PERFORMANCE}
RECORD_ROLES = {Role.SOCIAL_WORKER, Role.TEAM_MANAGER}
ADVISER_ROLES = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER)
TAB = "leaving-care"


person_page = record_page  # opens the child, logs the view, handles restriction and merge


def _render(request, template: str, person: Person, context: dict, *, status: int = 200) -> HttpResponse:
    base = {
        "person": person,
        "child": person,
        "record_tabs": record_tabs(person, TAB, request.user),
        "may_record": request.user.has_role(*RECORD_ROLES),
    }
    return render(request, template, {**base, **context}, status=status)


def _post(request, person, form, action: Callable[[dict], object], done: str, title: str, intro: str = ""):
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
            return redirect("leavingcare:overview", person_id=person.pk)
    status = 409 if conflict else 400 if form.errors else 200
    context = {"title": title, "form": form, "conflict": conflict, "intro": intro}
    return _render(request, "leavingcare/form.html", person, context, status=status)


@requires_role(READ_ROLES)
@person_page("leaving care")
def overview(request: HttpRequest, person: Person) -> HttpResponse:
    record = selectors.care_leaver_record(person)
    return _render(request, "leavingcare/overview.html", person, {"record": record})


@requires_role(RECORD_ROLES)
@person_page("decide care leaver category")
def eligibility(request, person):
    suggested = selectors.suggested_category(person)
    form = forms.EligibilityForm(request.POST or None, initial={"category": suggested or None})
    intro = (
        f"From the care history, Hearth suggests: {dict(forms.Category.choices)[suggested]}."
        if suggested
        else "The care history does not suggest a category."
    )

    def action(data):
        services.eligibility_decide(young_person=person, by=request.user, **data)

    return _post(request, person, form, action, "The category was saved", "Care leaver category", intro)


@requires_role(RECORD_ROLES)
@person_page("assign personal adviser")
def adviser(request, person):
    advisers = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=ADVISER_ROLES)
        .distinct()
        .order_by("first_name", "last_name")
    )
    form = forms.AdviserForm(request.POST or None, advisers=advisers)

    def action(data):
        services.personal_adviser_assign(young_person=person, by=request.user, **data)

    return _post(request, person, form, action, "The personal adviser was assigned", "Personal adviser")


@requires_role(RECORD_ROLES)
@person_page("record personal adviser contact")
def adviser_contact(request, person):
    form = forms.AdviserContactForm(request.POST or None)

    def action(data):
        services.adviser_contact_record(young_person=person, by=request.user, **data)

    intro = "A visit where the young person was seen restarts the 2-month visit clock (Care Leavers Regulations 2010, reg 8)."
    return _post(request, person, form, action, "The contact was saved", "Personal adviser contact", intro)


@requires_role(RECORD_ROLES)
@person_page("record leaving care needs assessment")
def assessment(request, person):
    form = forms.AssessmentForm(request.POST or None)

    def action(data):
        services.needs_assessment_record(young_person=person, by=request.user, **data)

    return _post(request, person, form, action, "The needs assessment was saved", "Needs assessment")


@requires_role(RECORD_ROLES)
@person_page("record pathway plan")
def plan(request, person):
    form = forms.PlanForm(request.POST or None)

    def action(data):
        services.pathway_plan_record(young_person=person, by=request.user, **data)

    return _post(request, person, form, action, "The pathway plan was saved", "Pathway plan")


@requires_role(RECORD_ROLES)
@person_page("review pathway plan")
def plan_review(request, person, pk):
    try:
        pathway_plan = PathwayPlan.objects.get(pk=pk, young_person=person)
    except PathwayPlan.DoesNotExist as missing:
        raise Http404("No such pathway plan") from missing
    form = forms.PlanReviewForm(request.POST or None)

    def action(data):
        services.pathway_plan_review(plan=pathway_plan, by=request.user, **data)

    intro = f"Pathway plan agreed {pathway_plan.agreed_on:%-d %B %Y}."
    return _post(request, person, form, action, "The review was saved", "Review the pathway plan", intro)


@requires_role(RECORD_ROLES)
@person_page("start staying put")
def staying_put(request, person):
    form = forms.StayingPutForm(request.POST or None)

    def action(data):
        services.staying_put_start(young_person=person, by=request.user, **data)

    return _post(request, person, form, action, "Staying put was recorded", "Staying put")


@requires_role(RECORD_ROLES)
@person_page("end staying put")
def staying_put_end(request, person, pk):
    try:
        arrangement = StayingPut.objects.get(pk=pk, young_person=person)
    except StayingPut.DoesNotExist as missing:
        raise Http404("No such arrangement") from missing
    form = forms.StayingPutEndForm(request.POST or None, initial={"version": arrangement.version})

    def action(data):
        services.staying_put_end(
            arrangement=arrangement,
            end_date=data["end_date"],
            expected_version=data["version"],
            by=request.user,
        )

    intro = f"Staying put with {arrangement.carer_name} since {arrangement.start_date:%-d %B %Y}."
    return _post(request, person, form, action, "Staying put was ended", "End staying put", intro)


@requires_role(RECORD_ROLES)
@person_page("record support request")
def support_request(request, person):
    form = forms.SupportRequestForm(request.POST or None)

    def action(data):
        services.support_request_record(young_person=person, by=request.user, **data)

    return _post(
        request, person, form, action, "The request for support was saved", "Request for support (21 to 25)"
    )


@requires_role(RECORD_ROLES)
@person_page("record birthday contact")
def contact(request, person, age):
    existing = BirthdayContact.objects.filter(young_person=person, age=age).first()
    initial = {}
    if existing is not None:
        initial = {
            "version": existing.version,
            "contact_date": existing.contact_date,
            "in_touch": existing.in_touch,
            "activity": existing.activity,
            "accommodation": existing.accommodation,
        }
    form = forms.ContactForm(request.POST or None, initial=initial)
    window = selectors.contact_window(person, age)

    def action(data):
        codes = {name: data[name] for name in ("contact_date", "in_touch", "activity", "accommodation")}
        if existing is None:
            services.birthday_contact_record(young_person=person, age=age, by=request.user, **codes)
        else:
            services.birthday_contact_update(
                contact=existing,
                expected_version=data["version"] or existing.version,
                by=request.user,
                **codes,
            )

    intro = (
        f"The contact around the {age}th birthday, between {window[0]:%-d %B %Y} and {window[1]:%-d %B %Y}."
        if window
        else ""
    )
    return _post(
        request,
        person,
        form,
        action,
        "The birthday contact was saved",
        f"Contact for the {age}th birthday",
        intro,
    )
