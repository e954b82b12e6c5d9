"""Early help pages on the child's record: episodes, and stepping up and down."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import CASEWORK_ROLES, Role
from hearth.casework.forms import show_errors
from hearth.childinneed import selectors as childinneed_selectors
from hearth.concurrency import ConcurrentEditError
from hearth.earlyhelp import selectors, services
from hearth.earlyhelp.forms import EpisodeEditForm, EpisodeEndForm, EpisodeStartForm, StepDownForm, StepUpForm
from hearth.earlyhelp.models import EarlyHelpEpisode
from hearth.people.models import Person
from hearth.people.views.record import person_page, record_tabs

READ_ROLES = CASEWORK_ROLES | {Role.PERFORMANCE}
EDIT_ROLES = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.FRONT_DOOR})


def _render(request, template: str, child: Person, context: dict, *, status: int = 200) -> HttpResponse:
    context = {
        "child": child,
        "person": child,
        "record_tabs": record_tabs(child, "early_help", request.user),
        "may_edit": request.user.has_role(*EDIT_ROLES),
        **context,
    }
    return render(request, template, context, status=status)


def _episode(child: Person, episode_id: int) -> EarlyHelpEpisode:
    episode = EarlyHelpEpisode.objects.filter(pk=episode_id, child=child).first()
    if episode is None:
        raise Http404("No such early help episode")
    return episode


def _is_contact(made) -> bool:
    """A step up through the front door makes a contact; a direct one, a referral."""
    return hasattr(made, "received_at")


def _status(form, conflict=None) -> int:
    return 409 if conflict else 400 if form.errors else 200


@requires_role(READ_ROLES)
@person_page("early help")
def episodes(request: HttpRequest, child: Person) -> HttpResponse:
    found = selectors.episodes_for_child(child)
    return _render(
        request,
        "earlyhelp/episodes.html",
        child,
        {"episodes": found, "has_open": any(e.end_date is None for e in found)},
    )


@requires_role(EDIT_ROLES)
@person_page("start early help")
def episode_new(request: HttpRequest, child: Person) -> HttpResponse:
    form = EpisodeStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.early_help_start(child=child, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Early help was started")
            return redirect("earlyhelp:episodes", child.pk)
    return _render(
        request,
        "earlyhelp/form.html",
        child,
        {"form": form, "heading": "Start early help"},
        status=_status(form),
    )


def _versioned(request, child, episode_id, form_class, initial_for, save, heading, success, back=None):
    episode = _episode(child, episode_id)
    conflict = None
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                result = save(episode, form.cleaned_data)
            except ConcurrentEditError as error:
                conflict = error
                episode = _episode(child, episode_id)
                form = form_class(initial=initial_for(episode))
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, success(result) if callable(success) else success)
                return redirect(back(result) if back else "earlyhelp:episodes", child.pk)
    else:
        form = form_class(initial=initial_for(episode))
    return _render(
        request,
        "earlyhelp/form.html",
        child,
        {"form": form, "conflict": conflict, "episode": episode, "heading": heading},
        status=_status(form, conflict),
    )


@requires_role(EDIT_ROLES)
@person_page("change early help")
def episode_edit(request: HttpRequest, child: Person, episode_id: int) -> HttpResponse:
    def initial(episode):
        fields = ("lead_worker", "lead_agency", "plan", "assessment_started_on", "assessment_completed_on")
        return {"version": episode.version, **{name: getattr(episode, name) for name in fields}}

    def save(episode, data):
        return services.early_help_update(
            episode=episode, by=request.user, expected_version=data.pop("version"), **data
        )

    return _versioned(
        request,
        child,
        episode_id,
        EpisodeEditForm,
        initial,
        save,
        "Change early help",
        "Early help was saved",
    )


@requires_role(EDIT_ROLES)
@person_page("end early help")
def episode_end(request: HttpRequest, child: Person, episode_id: int) -> HttpResponse:
    def save(episode, data):
        return services.early_help_end(
            episode=episode,
            by=request.user,
            expected_version=data["version"],
            end_date=data["end_date"],
            outcome=data["outcome"],
            outcome_notes=data["outcome_notes"],
        )

    return _versioned(
        request,
        child,
        episode_id,
        EpisodeEndForm,
        lambda e: {"version": e.version},
        save,
        "End early help",
        "Early help was ended",
    )


@requires_role(EDIT_ROLES)
@person_page("step up")
def step_up(request: HttpRequest, child: Person, episode_id: int) -> HttpResponse:
    def save(episode, data):
        return services.early_help_step_up(
            episode=episode,
            on=data["on"],
            reason=data["reason"],
            by=request.user,
            expected_version=data["version"],
            through_front_door=data["route"] == "front_door",
        )

    def success(made) -> str:
        if _is_contact(made):
            return f"Early help ended and contact {made.pk} went to the front door for a decision"
        return "Early help ended and the referral to children's social care was recorded"

    def back(made) -> str:
        return "earlyhelp:episodes" if _is_contact(made) else "childinneed:episodes"

    return _versioned(
        request,
        child,
        episode_id,
        StepUpForm,
        lambda e: {"version": e.version, "route": "front_door"},
        save,
        "Step up to children's social care",
        success,
        back,
    )


@requires_role(frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER}))
@person_page("step down")
def step_down(request: HttpRequest, child: Person, referral_id: int) -> HttpResponse:
    try:
        referral = childinneed_selectors.referral_for_child(child, referral_id)
    except ObjectDoesNotExist as missing:
        raise Http404("No such referral") from missing
    conflict = None
    form = StepDownForm(request.POST or None, initial={"version": referral.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.early_help_step_down(
                referral=referral,
                on=data["on"],
                by=request.user,
                expected_version=data["version"],
                lead_worker=data["lead_worker"],
                lead_agency=data["lead_agency"],
                plan=data["plan"],
            )
        except ConcurrentEditError as error:
            conflict = error
            referral.refresh_from_db()
            form = StepDownForm(initial={"version": referral.version})
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "The case was closed and early help started")
            return redirect("earlyhelp:episodes", child.pk)
    return _render(
        request,
        "earlyhelp/form.html",
        child,
        {"form": form, "conflict": conflict, "heading": "Step down to early help", "referral": referral},
        status=_status(form, conflict),
    )
