"""Opening a person's record: the one door every person page goes through.

``open_person_record`` loads the person, follows a merge to the surviving record, refuses a
restricted record to anyone not named on it (unless they gave a reason this session), and
writes the access-log entry. Views call it instead of ``get_object_or_404``.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from hearth.audit.models import RestrictedRecordGrant
from hearth.audit.services import access_log_entry_add
from hearth.people.models import Person

SESSION_OVERRIDES = "restricted_overrides"


class RestrictedRecord(Exception):
    """The user may see that the record exists, but not open it without giving a reason."""

    def __init__(self, person: Person):
        super().__init__(f"Person {person.pk} is restricted")
        self.person = person


class MergedRecord(Exception):
    def __init__(self, person: Person):
        super().__init__(f"Person {person.pk} was merged")
        self.person = person


def may_open(user, person: Person) -> bool:
    if not person.is_restricted:
        return True
    return RestrictedRecordGrant.objects.filter(person=person, user=user).exists()


def override_reason_for(request: HttpRequest, person: Person) -> str | None:
    return request.session.get(SESSION_OVERRIDES, {}).get(str(person.pk))


def session_override_grant(request: HttpRequest, person: Person, reason: str) -> None:
    """Let this session open ``person``'s restricted record; each view logs ``reason``.

    The override ends when the session does (sign-out or timeout), so the reason is asked again.
    """
    overrides = dict(request.session.get(SESSION_OVERRIDES, {}))
    overrides[str(person.pk)] = reason
    request.session[SESSION_OVERRIDES] = overrides


def open_person_record(request: HttpRequest, person_id: int, *, page: str, queryset=None) -> Person:
    queryset = queryset if queryset is not None else Person.objects.all()
    try:
        person = queryset.get(pk=person_id)
    except Person.DoesNotExist as missing:
        raise Http404("No such person") from missing
    if person.merged_into_id:
        raise MergedRecord(person)
    reason = ""
    if not may_open(request.user, person):
        reason = override_reason_for(request, person)
        if not reason:
            raise RestrictedRecord(person)
    access_log_entry_add(
        user=request.user, person=person, page=page, path=request.path, override_reason=reason
    )
    return person


def record_page(page: str, *, id_kwarg: str = "person_id") -> Callable:
    """Decorate a view of one person's record: open the person named in the URL through
    ``open_person_record`` (so the view is logged and restrictions hold) and pass them to the
    view. A restricted record goes to the page that explains it; a merged one to the same page
    of the record it was merged into."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            person_id = kwargs.pop(id_kwarg)
            try:
                person = open_person_record(request, person_id, page=page)
            except RestrictedRecord:
                return redirect("audit:restricted", person_id)
            except MergedRecord as merged:
                survivor = merged.person.merged_into
                messages.info(
                    request,
                    f"Hearth ID {merged.person.reference} was merged into Hearth ID {survivor.reference}. "
                    "You are looking at the record it was merged into.",
                )
                return redirect(request.path.replace(f"/{person_id}/", f"/{survivor.pk}/", 1))
            return view(request, person, *args, **kwargs)

        return wrapped

    return decorator
