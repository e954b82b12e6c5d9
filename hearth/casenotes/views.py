"""Notes and visits on a child's record: the list, recording (with drafts kept as the worker
types) and correcting a note.

Every page opens the child through the person record's door (``person_page``), which logs the
view and refuses a restricted record.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from hearth.accounts.permissions import requires_role
from hearth.accounts.roles import CASEWORK_ROLES, Role
from hearth.casenotes import selectors, services
from hearth.casenotes.forms import CaseNoteForm, KindFilterForm, draft_url_for, show_errors
from hearth.casenotes.models import CaseNote
from hearth.people.models import Person, PersonType
from hearth.people.views.record import person_page, record_tabs

READ_ROLES = CASEWORK_ROLES | {Role.PERFORMANCE}
EDIT_ROLES = CASEWORK_ROLES


def _child_only(person: Person) -> None:
    if person.person_type not in (PersonType.CHILD, PersonType.UNBORN):
        raise Http404("Notes and visits are kept on a child's record")


def _render(request: HttpRequest, template: str, person: Person, context: dict, status: int = 200):
    context = {
        "person": person,
        "child": person,
        "record_tabs": record_tabs(person, "notes", request.user),
        "may_record": request.user.has_role(*EDIT_ROLES),
        "visit_kinds": CaseNote.VISIT_KINDS,
        **context,
    }
    return render(request, template, context, status=status)


@requires_role(READ_ROLES)
@person_page("notes and visits")
def notes(request: HttpRequest, person: Person) -> HttpResponse:
    _child_only(person)
    filters = KindFilterForm(request.GET or None)
    kind = filters.cleaned_data["kind"] if filters.is_valid() else ""
    return _render(
        request,
        "casenotes/list.html",
        person,
        {
            "notes": selectors.notes_for_child(person, user=request.user, kind=kind or None),
            "filters": filters,
            "kind": kind,
        },
    )


def _children_for(person: Person, siblings: list[Person], form: CaseNoteForm) -> list[Person]:
    chosen = form.sibling_ids()
    return [person, *(sibling for sibling in siblings if sibling.pk in chosen)]


@requires_role(EDIT_ROLES)
@person_page("record a note")
def note_new(request: HttpRequest, person: Person) -> HttpResponse:
    _child_only(person)
    siblings = selectors.siblings_of(person)
    draft = None
    if request.method == "POST":
        form = CaseNoteForm(request.POST, siblings=siblings, draft_url=draft_url_for(person))
        if form.is_valid():
            children = _children_for(person, siblings, form)
            try:
                draft = _own_draft(person, form.cleaned_data.get("draft"), request.user)
                if draft is not None:
                    note = services.case_note_update(
                        note=draft,
                        by=request.user,
                        expected_version=form.cleaned_data.get("version") or draft.version,
                        children=children,
                        is_draft=False,
                        **form.note_fields(),
                    )
                else:
                    note = services.case_note_record(children=children, by=request.user, **form.note_fields())
            except services.ConcurrentEditError:
                form.add_error(None, "This draft was changed in another window: check it and save again")
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, f"{note.get_kind_display()} saved")
                return redirect("casenotes:list", pk=person.pk)
    else:
        draft = selectors.latest_draft(person, user=request.user)
        form = CaseNoteForm(
            initial=CaseNoteForm.initial_for(draft, child=person),
            siblings=siblings,
            draft_url=draft_url_for(person),
        )
    return _render(
        request,
        "casenotes/record.html",
        person,
        {"form": form, "draft": draft, "siblings": siblings},
        status=400 if form.errors else 200,
    )


def _own_draft(person: Person, pk: int | None, user) -> CaseNote | None:
    if not pk:
        return None
    try:
        note = selectors.note_for_child(person, pk, user=user)
    except CaseNote.DoesNotExist:
        return None
    return note if note.is_draft and note.created_by_id == user.pk else None


@requires_role(EDIT_ROLES)
@require_POST
@person_page("save a draft note")
def note_draft(request: HttpRequest, person: Person) -> HttpResponse:
    """Keep what the worker has typed so far as a draft (called by htmx as they type).

    Whatever is incomplete or not yet allowed is left out of the draft rather than refused, so
    the words are never lost; the final save applies every rule.
    """
    _child_only(person)
    siblings = selectors.siblings_of(person)
    form = CaseNoteForm(request.POST, siblings=siblings)
    form.is_valid()
    data = form.cleaned_data
    narrative, voice = data.get("narrative", ""), data.get("child_voice", "")
    if not (narrative.strip() or voice.strip()):
        return HttpResponse("")
    kind = data.get("kind") or CaseNote.Kind.NOTE
    occurred_at = form.occurred_at() if "occurred_on" in data and "occurred_time" in data else None
    if occurred_at is None or occurred_at > timezone.now():
        occurred_at = timezone.now()
    seen = bool(data.get("child_seen")) and kind in CaseNote.VISIT_KINDS
    fields = {
        "occurred_at": occurred_at,
        "kind": kind,
        "child_seen": seen,
        "child_seen_alone": seen and bool(data.get("child_seen_alone")),
        "narrative": narrative,
        "child_voice": voice,
    }
    children = _children_for(person, siblings, form) if "also_about" in data else [person]
    draft = _own_draft(person, data.get("draft"), request.user)
    try:
        if draft is not None:
            draft = services.case_note_update(
                note=draft,
                by=request.user,
                expected_version=data.get("version") or draft.version,
                children=children,
                is_draft=True,
                **fields,
            )
        else:
            draft = services.case_note_record(children=children, by=request.user, is_draft=True, **fields)
    except services.ConcurrentEditError:
        return HttpResponse(
            '<strong class="govuk-tag govuk-tag--red">Draft not saved: it was changed in another window</strong>'
        )
    except ValidationError as error:
        return HttpResponse(format_html("Draft not saved: {}", "; ".join(error.messages)))
    return HttpResponse(
        format_html(
            "Draft saved at {}"
            '<input type="hidden" name="draft" value="{}" id="id_draft" hx-swap-oob="true">'
            '<input type="hidden" name="version" value="{}" id="id_version" hx-swap-oob="true">',
            timezone.localtime().strftime("%H:%M"),
            draft.pk,
            draft.version,
        )
    )


def _may_change(user, note: CaseNote) -> bool:
    return note.created_by_id == user.pk or user.has_role(Role.TEAM_MANAGER)


@requires_role(EDIT_ROLES)
@person_page("correct a note")
def note_edit(request: HttpRequest, person: Person, note_pk: int) -> HttpResponse:
    _child_only(person)
    try:
        note = selectors.note_for_child(person, note_pk, user=request.user)
    except CaseNote.DoesNotExist as missing:
        raise Http404("No such note") from missing
    if not _may_change(request.user, note):
        raise PermissionDenied("Only the worker who recorded a note, or a manager, may correct it.")
    siblings = selectors.siblings_of(person)
    conflict = False
    if request.method == "POST":
        form = CaseNoteForm(request.POST, siblings=siblings, button="Save changes")
        if form.is_valid():
            try:
                services.case_note_update(
                    note=note,
                    by=request.user,
                    expected_version=form.cleaned_data.get("version") or 0,
                    children=_children_for(person, siblings, form),
                    is_draft=False,
                    **form.note_fields(),
                )
            except services.ConcurrentEditError:
                conflict = True
                note = selectors.note_for_child(person, note_pk, user=request.user)
                form = CaseNoteForm(
                    initial=CaseNoteForm.initial_for(note, child=person),
                    siblings=siblings,
                    button="Save changes",
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, f"{note.get_kind_display()} updated")
                return redirect("casenotes:list", pk=person.pk)
    else:
        form = CaseNoteForm(
            initial=CaseNoteForm.initial_for(note, child=person), siblings=siblings, button="Save changes"
        )
    status = 409 if conflict else 400 if form.errors else 200
    return _render(
        request,
        "casenotes/edit.html",
        person,
        {"form": form, "note": note, "conflict": conflict},
        status=status,
    )
