"""The child's missing episodes: the list with each interview's 72-hour clock, recording an
episode, and changing one (the return, the interview). Children are opened through
``person_page``; writes go through the services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import CASEWORK_ROLES, Role
from hearth.concurrency import ConcurrentEditError
from hearth.missing import selectors, services
from hearth.missing.forms import MissingEpisodeForm
from hearth.missing.models import MissingEpisode
from hearth.people.models import Person
from hearth.people.views.record import person_page, record_tabs

READ_ROLES = CASEWORK_ROLES | {Role.PERFORMANCE}
EDIT_ROLES = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER})


def _render(request, template: str, child: Person, context: dict, *, status: int = 200) -> HttpResponse:
    context = {
        "child": child,
        "person": child,
        "record_tabs": record_tabs(child, "missing", request.user),
        "may_edit": request.user.has_role(*EDIT_ROLES),
        **context,
    }
    return render(request, template, context, status=status)


@requires_role(READ_ROLES)
@person_page("missing episodes")
def episodes(request: HttpRequest, child: Person) -> HttpResponse:
    return _render(request, "missing/episodes.html", child, {"missing": selectors.missing_for_child(child)})


@requires_role(EDIT_ROLES)
@person_page("record missing episode")
def episode_new(request: HttpRequest, child: Person) -> HttpResponse:
    form = MissingEpisodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.missing_episode_record(child=child, by=request.user, **form.service_arguments())
        except ValidationError as error:
            form.show_service_errors(error)
        else:
            messages.success(request, "The episode was recorded")
            return redirect("missing:episodes", child.pk)
    return _render(
        request,
        "missing/episode_form.html",
        child,
        {"form": form, "heading": "Record a missing episode"},
        status=400 if form.errors else 200,
    )


@requires_role(EDIT_ROLES)
@person_page("change missing episode")
def episode_edit(request: HttpRequest, child: Person, episode_id: int) -> HttpResponse:
    try:
        episode = selectors.missing_episode_for_child(child, episode_id)
    except MissingEpisode.DoesNotExist as missing:
        raise Http404("No such episode") from missing
    conflict = None
    if request.method == "POST":
        form = MissingEpisodeForm(request.POST, editing=True)
        if form.is_valid():
            try:
                services.missing_episode_update(
                    episode=episode,
                    expected_version=form.cleaned_data["version"] or 0,
                    by=request.user,
                    **form.service_arguments(),
                )
            except ConcurrentEditError as error:
                conflict = error
                episode = selectors.missing_episode_for_child(child, episode_id)
                form = MissingEpisodeForm(initial=MissingEpisodeForm.initial_for(episode), editing=True)
            except ValidationError as error:
                form.show_service_errors(error)
            else:
                messages.success(request, "The episode was saved")
                return redirect("missing:episodes", child.pk)
    else:
        form = MissingEpisodeForm(initial=MissingEpisodeForm.initial_for(episode), editing=True)
    due_at = selectors.rhi_due_at(episode)
    return _render(
        request,
        "missing/episode_form.html",
        child,
        {
            "form": form,
            "conflict": conflict,
            "heading": "Change the missing episode",
            "due_at": due_at,
            "now": timezone.now(),
        },
        status=409 if conflict else 400 if form.errors else 200,
    )
