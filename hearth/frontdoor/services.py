"""Writes at the front door: recording a contact, MASH checks, the decision and its sign-off.

A contact is decided within one working day of receipt (``contact.decision``). A team
manager's sign-off carries the decision out: a referral for each child the contact is about
(referral or strategy discussion), or an early help episode; all of it in one transaction.
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hearth.accounts.roles import Role
from hearth.childinneed import services as childinneed_services
from hearth.concurrency import ConcurrentEditError, save_if_unchanged
from hearth.earlyhelp import services as earlyhelp_services
from hearth.frontdoor.models import AgencyCheck, Contact, ContactPerson, Decision
from hearth.people.models import Person, PersonType
from hearth.timescales.working_days import add_working_days
from hearth.transactions import atomic_action

__all__ = [
    "ConcurrentEditError",
    "agency_check_add",
    "agency_check_respond",
    "contact_decide",
    "contact_hand_over",
    "contact_person_add",
    "contact_person_remove",
    "contact_rag_rate",
    "contact_record",
    "contact_sign_off",
    "contact_update",
]

# Decisions that open a referral for each child the contact is about, at sign-off.
REFERRAL_DECISIONS = frozenset({Decision.REFERRAL, Decision.STRATEGY_DISCUSSION})
NEEDS_A_CHILD = REFERRAL_DECISIONS | {Decision.EARLY_HELP}
CONTACT_DETAIL_FIELDS = (
    "received_at",
    "source",
    "contact_name",
    "contact_organisation",
    "contact_details",
    "concerns",
    "out_of_hours",
)


def _save(record, by) -> None:
    if by is not None:
        record._history_user = by
    record.save()


def _fmt(day: date) -> str:
    return f"{day:%-d %B %Y}"


def received_on(contact: Contact) -> date:
    """The day (in local time) the contact was received: the day its clocks start."""
    return timezone.localtime(contact.received_at).date()


def _check_open(contact: Contact) -> None:
    if contact.signed_off_at is not None:
        raise ValidationError({"__all__": "This contact has been signed off, so it can no longer be changed"})


def _check_received_at(received_at: datetime) -> dict:
    if received_at > timezone.now():
        return {"received_at": "The date and time received must be in the past"}
    return {}


@atomic_action
def contact_record(
    *,
    received_at: datetime,
    source: str,
    concerns: str,
    by,
    contact_name: str = "",
    contact_organisation: str = "",
    contact_details: str = "",
    out_of_hours: bool = False,
    people: Iterable[tuple[Person, str]] = (),
) -> Contact:
    """Record a contact, with the people it involves as (person, involvement) pairs."""
    errors = _check_received_at(received_at)
    contact = Contact(
        received_at=received_at,
        source=source,
        concerns=(concerns or "").strip(),
        contact_name=contact_name.strip(),
        contact_organisation=contact_organisation.strip(),
        contact_details=contact_details.strip(),
        out_of_hours=out_of_hours,
        created_by=by,
    )
    try:
        contact.full_clean()
    except ValidationError as invalid:
        for name, messages in invalid.message_dict.items():
            errors.setdefault(name, messages[0])
    if not contact.concerns:
        errors["concerns"] = "Enter the concerns: what the person making contact told you"
    if not source:
        errors["source"] = "Select who the contact came from"
    if errors:
        raise ValidationError(errors)
    _save(contact, by)
    # The contact is new in this transaction, so nobody else can have linked anyone to it yet:
    # only the list itself can name someone twice. That saves contact_person_add's query and
    # savepoint for each person (three round trips a contact at the front door).
    linked = set()
    for person, involvement in people:
        _check_person_link(person, involvement)
        if person.pk in linked:
            raise ValidationError({"person": f"{person.display_name} is already on this contact"})
        linked.add(person.pk)
        ContactPerson(contact=contact, person=person, involvement=involvement).save()
    return contact


@atomic_action
def contact_update(*, contact: Contact, by, expected_version: int, **changes) -> Contact:
    """Correct a contact's details before sign-off, refusing a save from a stale form."""
    unknown = set(changes) - set(CONTACT_DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Not contact details: {', '.join(sorted(unknown))}")
    _check_open(contact)
    for name, value in changes.items():
        setattr(contact, name, value.strip() if isinstance(value, str) else value)
    errors = _check_received_at(contact.received_at)
    try:
        contact.full_clean()
    except ValidationError as invalid:
        for name, messages in invalid.message_dict.items():
            errors.setdefault(name, messages[0])
    if errors:
        raise ValidationError(errors)
    if by is not None:
        contact._history_user = by
    save_if_unchanged(contact, expected_version=expected_version, fields=list(changes))
    return contact


def _check_person_link(person: Person, involvement: str) -> None:
    if person.merged_into_id:
        raise ValidationError(
            {"person": f"{person.display_name}'s record was merged into another: add that one"}
        )
    if involvement not in ContactPerson.Involvement.values:
        raise ValidationError({"involvement": "Select how they are involved"})
    children = {PersonType.CHILD, PersonType.UNBORN}
    if involvement != ContactPerson.Involvement.ADULT and person.person_type not in children:
        raise ValidationError(
            {"involvement": f"{person.display_name} is recorded as an adult: add them as an adult involved"}
        )


@atomic_action
def contact_person_add(*, contact: Contact, person: Person, involvement: str, by) -> ContactPerson:
    _check_open(contact)
    _check_person_link(person, involvement)
    if ContactPerson.objects.filter(contact=contact, person=person).exists():
        raise ValidationError({"person": f"{person.display_name} is already on this contact"})
    link = ContactPerson(contact=contact, person=person, involvement=involvement)
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError as clash:  # added by someone else a moment ago
        raise ValidationError({"person": f"{person.display_name} is already on this contact"}) from clash
    return link


@atomic_action
def contact_person_remove(*, link: ContactPerson, by) -> None:
    _check_open(link.contact)
    link.delete()


@atomic_action
def agency_check_add(
    *,
    contact: Contact,
    agency: str,
    requested_on: date,
    by,
    response: str = "",
    responded_on: date | None = None,
) -> AgencyCheck:
    """Record that a MASH partner was asked for what it knows (and its answer, if it came)."""
    _check_open(contact)
    check = AgencyCheck(
        contact=contact,
        agency=agency,
        requested_on=requested_on,
        response=(response or "").strip(),
        responded_on=responded_on,
        recorded_by=by,
    )
    errors = _check_check_dates(contact, check)
    try:
        check.full_clean()
    except ValidationError as invalid:
        for name, messages in invalid.message_dict.items():
            errors.setdefault(name, messages[0])
    if errors:
        raise ValidationError(errors)
    _save(check, by)
    return check


def _check_check_dates(contact: Contact, check: AgencyCheck) -> dict:
    errors = {}
    today = timezone.localdate()
    if check.requested_on and check.requested_on < received_on(contact):
        errors["requested_on"] = (
            f"The request date must be on or after the contact was received ({_fmt(received_on(contact))})"
        )
    elif check.requested_on and check.requested_on > today:
        errors["requested_on"] = "The request date must be today or in the past"
    if check.responded_on:
        if check.requested_on and check.responded_on < check.requested_on:
            errors["responded_on"] = "The response date must be on or after the request date"
        elif check.responded_on > today:
            errors["responded_on"] = "The response date must be today or in the past"
        if not check.response:
            errors["response"] = "Enter what the agency said"
    elif check.response:
        errors["responded_on"] = "Enter the date the agency responded"
    return errors


@atomic_action
def agency_check_respond(*, check: AgencyCheck, response: str, responded_on: date, by) -> AgencyCheck:
    contact = check.contact
    _check_open(contact)
    check.response = (response or "").strip()
    check.responded_on = responded_on
    errors = _check_check_dates(contact, check)
    if errors:
        raise ValidationError(errors)
    check.full_clean()
    _save(check, by)
    return check


@atomic_action
def contact_rag_rate(*, contact: Contact, rag: str, rationale: str, by, expected_version: int) -> Contact:
    _check_open(contact)
    contact.rag = rag
    contact.rag_rationale = (rationale or "").strip()
    errors = {}
    if not rag:
        errors["rag"] = "Select a RAG rating"
    if not contact.rag_rationale:
        errors["rag_rationale"] = "Enter why you gave this rating"
    if errors:
        raise ValidationError(errors)
    contact.full_clean()
    if by is not None:
        contact._history_user = by
    save_if_unchanged(contact, expected_version=expected_version, fields=["rag", "rag_rationale"])
    return contact


def _subject_children(contact: Contact) -> list[Person]:
    return [
        link.person
        for link in contact.involved.select_related("person").order_by("pk")
        if link.involvement == ContactPerson.Involvement.SUBJECT
    ]


@atomic_action
def contact_decide(*, contact: Contact, decision: str, reason: str, by, expected_version: int) -> Contact:
    """Record the front door's decision; it takes effect when a team manager signs it off."""
    _check_open(contact)
    errors = {}
    if decision not in Decision.values:
        errors["decision"] = "Select the decision"
    if not (reason or "").strip():
        errors["decision_reason"] = "Enter the reasons for the decision"
    if decision in NEEDS_A_CHILD and not _subject_children(contact):
        errors["decision"] = "Add the child the contact is about before deciding on a referral or early help"
    if errors:
        raise ValidationError(errors)
    contact.decision = decision
    contact.decision_reason = reason.strip()
    contact.decided_at = timezone.now()
    contact.decided_by = by
    if by is not None:
        contact._history_user = by
    save_if_unchanged(
        contact,
        expected_version=expected_version,
        fields=["decision", "decision_reason", "decided_at", "decided_by"],
    )
    return contact


@atomic_action
def contact_sign_off(*, contact: Contact, by, expected_version: int, primary_need: str = "") -> Contact:
    """A team manager agrees the decision and it is carried out, all in one transaction:
    a referral for each child the contact is about (dated the day the contact came in), or an
    early help episode for each from today. Any child who cannot be referred stops the lot."""
    if by is None or not by.has_role(Role.TEAM_MANAGER):
        raise PermissionDenied("Only a team manager can sign off a front door decision")
    _check_open(contact)
    if not contact.decision:
        raise ValidationError({"__all__": "Record the decision before it is signed off"})
    children = _subject_children(contact)
    errors: list[str] = []
    if contact.decision in REFERRAL_DECISIONS:
        for child in children:
            try:
                childinneed_services.referral_create(
                    child=child,
                    referral_date=received_on(contact),
                    source=contact.source,
                    contact=contact,
                    primary_need=primary_need,
                    by=by,
                )
            except ValidationError as refused:
                errors += [f"{child.display_name}: {message}" for message in refused.messages]
    elif contact.decision == Decision.EARLY_HELP:
        for child in children:
            try:
                earlyhelp_services.early_help_start(child=child, start_date=timezone.localdate(), by=by)
            except ValidationError as refused:
                errors += [f"{child.display_name}: {message}" for message in refused.messages]
    if errors:
        raise ValidationError({"__all__": errors})
    contact.signed_off_at = timezone.now()
    contact.signed_off_by = by
    if by is not None:
        contact._history_user = by
    save_if_unchanged(contact, expected_version=expected_version, fields=["signed_off_at", "signed_off_by"])
    if contact.decision in REFERRAL_DECISIONS:
        earlyhelp_services.step_up_referrals_link(contact=contact)
    return contact


def handover_day(contact: Contact) -> date:
    """The working day after an out-of-hours contact came in: when the day team takes it."""
    return add_working_days(received_on(contact), 1)


@atomic_action
def contact_hand_over(*, contact: Contact, by, expected_version: int) -> Contact:
    """Hand an out-of-hours contact to the day team on the next working day after receipt."""
    if not contact.out_of_hours:
        raise ValidationError({"__all__": "Only an out-of-hours contact is handed over to the day team"})
    if contact.handed_to_day_team_on is not None:
        raise ValidationError(
            {"__all__": f"This contact was handed to the day team on {_fmt(contact.handed_to_day_team_on)}"}
        )
    contact.handed_to_day_team_on = handover_day(contact)
    if by is not None:
        contact._history_user = by
    save_if_unchanged(contact, expected_version=expected_version, fields=["handed_to_day_team_on"])
    return contact
