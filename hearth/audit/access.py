"""Opening a person's record: the one door every person page goes through.

``open_person_record`` loads the person, follows a merge to the surviving record, refuses a
restricted record to anyone not named on it (unless they gave a reason this session), and
writes the access-log entry. Views call it instead of ``get_object_or_404``.
"""

from django.http import Http404, HttpRequest

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
