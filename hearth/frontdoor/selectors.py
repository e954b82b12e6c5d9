"""Reads at the front door: the queue with its clocks, one contact, and contacts for Annex A."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from hearth.frontdoor.models import AgencyCheck, Contact, ContactPerson
from hearth.people.models import Person
from hearth.timescales.clocks import due_date


def decision_due(contact: Contact) -> date:
    """One working day after the day the contact came in (``contact.decision``)."""
    return due_date("contact.decision", timezone.localtime(contact.received_at).date())


def _with_clock(contact: Contact, today: date) -> Contact:
    contact.decision_due = decision_due(contact)
    contact.is_overdue = not contact.decision and today > contact.decision_due
    contact.subjects = [
        link for link in contact.involved.all() if link.involvement == ContactPerson.Involvement.SUBJECT
    ]
    return contact


def _involved() -> Prefetch:
    return Prefetch(
        "involved", queryset=ContactPerson.objects.select_related("person").order_by("involvement", "pk")
    )


@dataclass
class FrontDoorQueue:
    awaiting_decision: list[Contact]
    awaiting_sign_off: list[Contact]
    # Out-of-hours contacts not yet handed to the day team.
    out_of_hours: list[Contact]


def front_door_queue() -> FrontDoorQueue:
    """Every contact not yet signed off, oldest first, with the people involved and each one's
    decision clock (``decision_due``, ``is_overdue``). Two queries however many there are."""
    today = timezone.localdate()
    contacts = [
        _with_clock(contact, today)
        for contact in Contact.objects.filter(signed_off_at__isnull=True)
        .select_related("decided_by")
        .prefetch_related(_involved())
        .order_by("received_at", "pk")
    ]
    return FrontDoorQueue(
        awaiting_decision=[c for c in contacts if not c.decision],
        awaiting_sign_off=[c for c in contacts if c.decision],
        out_of_hours=[c for c in contacts if c.out_of_hours and c.handed_to_day_team_on is None],
    )


def contact_detail(pk: int) -> Contact:
    """One contact with its people, agency checks and the referrals it made (four queries)."""
    contact = (
        Contact.objects.select_related("decided_by", "signed_off_by", "created_by")
        .prefetch_related(
            _involved(),
            Prefetch(
                "agency_checks",
                queryset=AgencyCheck.objects.select_related("recorded_by").order_by("requested_on", "pk"),
            ),
            "referrals__child",
        )
        .get(pk=pk)
    )
    return _with_clock(contact, timezone.localdate())


def contacts_about(child: Person) -> list[Contact]:
    """Contacts naming the child, newest first (one query)."""
    return list(Contact.objects.filter(involved__person=child).order_by("-received_at", "-pk").distinct())


@dataclass(frozen=True)
class ContactRow:
    """One row of Ofsted's Annex A list 1: a child named on a contact."""

    child: Person
    contact_date: date
    source: str


def contacts_for_annex_a(*, start: date, end: date) -> list[ContactRow]:
    """Every child a contact was about, received between ``start`` and ``end`` inclusive (one query)."""
    links = (
        ContactPerson.objects.filter(
            involvement=ContactPerson.Involvement.SUBJECT,
            contact__received_at__date__gte=start,
            contact__received_at__date__lte=end,
        )
        .select_related("person", "contact")
        .order_by("contact__received_at", "pk")
    )
    return [
        ContactRow(link.person, timezone.localtime(link.contact.received_at).date(), link.contact.source)
        for link in links
    ]
