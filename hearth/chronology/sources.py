"""The chronology's sources: one function per kind of record, one query each.

Each reads the journey apps' records in bulk for all the children asked for. The chronology is
a read across the whole journey, so it reads those models directly (a per-child selector
would cost a query per child); it never writes.
"""

from datetime import date

from django.db.models import Q

from hearth.allocation.models import Allocation
from hearth.assessment.models import Assessment
from hearth.casenotes.models import CaseNote
from hearth.childinneed.models import CINPlan, CINPlanReview, Referral
from hearth.childprotection.models import (
    ChildProtectionPlan,
    Conference,
    CoreGroup,
    Section47,
    StrategyDiscussion,
)
from hearth.chronology.registry import ChronologyEntry, in_range, link, on_and_at, source
from hearth.earlyhelp.models import EarlyHelpEpisode
from hearth.frontdoor.models import ContactPerson
from hearth.people.models import Address, Relationship
from hearth.people.relationship_kinds import RELATIONSHIP_KINDS, inverse_of, label_of
from hearth.reference.selectors import code_label


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _named(first_name: str | None, last_name: str | None, username: str | None) -> str:
    """``_name`` from a user's columns read with ``values_list`` (all None for no user)."""
    if username is None:
        return ""
    return f"{first_name} {last_name}".strip() or username


# The sources of the longest lists (allocations, visits, plan reviews) read only the columns
# they show, as tuples: building a model for every row and its joined rows was most of their cost.
USER_COLUMNS = ("first_name", "last_name", "username")


def _user_columns(path: str) -> list[str]:
    return [f"{path}__{column}" for column in USER_COLUMNS]


def _dated(q_start: str, q_end: str | None, start: date | None, end: date | None) -> Q:
    """A rough filter to the date range on a row's first and last dates (the registry trims
    each entry exactly)."""
    condition = Q()
    if end is not None:
        condition &= Q(**{f"{q_start}__lte": end})
    if start is not None and q_end is not None:
        condition &= Q(**{f"{q_end}__gte": start}) | Q(**{f"{q_end}__isnull": True})
    elif start is not None:
        condition &= Q(**{f"{q_start}__gte": start})
    return condition


def _truncate(text: str, length: int = 240) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# --- front door -------------------------------------------------------------------------------


@source("front_door", reads=(ContactPerson, "person"))
def contacts(child_ids, start, end):
    rows = ContactPerson.objects.filter(person_id__in=child_ids).select_related(
        "contact__decided_by", "contact__signed_off_by"
    )
    entries = []
    seen: set[int] = set()
    for row in rows:
        contact = row.contact
        if contact.pk in seen:
            continue
        seen.add(contact.pk)
        href = link("frontdoor:contact", contact.pk)
        on, at = on_and_at(contact.received_at)
        who = ", ".join(part for part in (contact.contact_name, contact.contact_organisation) if part)
        detail = f"From {code_label('referral_source', contact.source)}" + (f" ({who})" if who else "")
        if contact.out_of_hours:
            detail += ", out of hours"
        entries.append(
            ChronologyEntry(
                on,
                "front_door",
                "Contact received",
                f"{detail}. {_truncate(contact.concerns)}",
                href,
                at,
                row.person_id,
            )
        )
        if contact.decision and contact.decided_at:
            on, at = on_and_at(contact.decided_at)
            entries.append(
                ChronologyEntry(
                    on,
                    "front_door",
                    f"Contact decision: {contact.get_decision_display()}",
                    _truncate(contact.decision_reason),
                    href,
                    at,
                    row.person_id,
                )
            )
        if contact.signed_off_at:
            on, at = on_and_at(contact.signed_off_at)
            entries.append(
                ChronologyEntry(
                    on,
                    "front_door",
                    "Contact decision signed off",
                    f"By {_name(contact.signed_off_by)}",
                    href,
                    at,
                    row.person_id,
                )
            )
    return entries


# --- referrals and closure --------------------------------------------------------------------


@source("referral", reads=(Referral, "child"))
def referrals(child_ids, start, end):
    rows = Referral.objects.filter(child_id__in=child_ids).filter(
        _dated("referral_date", "closure_date", start, end)
    )
    entries = []
    for referral in rows:
        href = link("childinneed:referral", referral.child_id, referral.pk)
        need = code_label("primary_need", referral.primary_need) if referral.primary_need else ""
        detail = f"Source: {code_label('referral_source', referral.source)}" + (
            f". Primary need: {need}" if need else ""
        )
        if referral.no_further_action:
            detail += ". No further action"
        entries.append(
            ChronologyEntry(
                referral.referral_date, "referral", "Referral", detail, href, None, referral.child_id
            )
        )
        if referral.closure_date:
            entries.append(
                ChronologyEntry(
                    referral.closure_date,
                    "referral",
                    "Case closed",
                    code_label("closure_reason", referral.closure_reason) if referral.closure_reason else "",
                    href,
                    None,
                    referral.child_id,
                )
            )
    return entries


# --- allocation -------------------------------------------------------------------------------


@source("allocation", reads=(Allocation, "child"))
def allocations(child_ids, start, end):
    rows = (
        Allocation.objects.filter(child_id__in=child_ids)
        .filter(_dated("start_date", "end_date", start, end))
        .values_list("child_id", "start_date", "end_date", "reason", "team__name", *_user_columns("worker"))
    )
    entries = []
    for child_id, start_date, end_date, reason, team, *worker in rows:
        holder = f"{_named(*worker)}, {team}" if worker[-1] is not None else team
        href = link("allocation:history", child_id)
        entries.append(
            ChronologyEntry(start_date, "allocation", f"Allocated to {holder}", reason, href, None, child_id)
        )
        if end_date:
            entries.append(
                ChronologyEntry(
                    end_date, "allocation", f"No longer allocated to {holder}", "", href, None, child_id
                )
            )
    return entries


# --- early help -------------------------------------------------------------------------------


@source("early_help", reads=(EarlyHelpEpisode, "child"))
def early_help(child_ids, start, end):
    rows = (
        EarlyHelpEpisode.objects.filter(child_id__in=child_ids)
        .filter(_dated("start_date", "end_date", start, end))
        .select_related("lead_worker")
    )
    entries = []
    for episode in rows:
        href = link("earlyhelp:episodes", episode.child_id)
        lead = episode.lead_agency or _name(episode.lead_worker)
        entries.append(
            ChronologyEntry(
                episode.start_date,
                "early_help",
                "Early help started",
                f"Led by {lead}" if lead else "",
                href,
                None,
                episode.child_id,
            )
        )
        if episode.end_date:
            entries.append(
                ChronologyEntry(
                    episode.end_date,
                    "early_help",
                    "Early help ended",
                    episode.get_outcome_display() if episode.outcome else "",
                    href,
                    None,
                    episode.child_id,
                )
            )
    return entries


# --- assessment -------------------------------------------------------------------------------


@source("assessment", reads=(Assessment, "referral__child"))
def assessments(child_ids, start, end):
    rows = (
        Assessment.objects.filter(referral__child_id__in=child_ids)
        .filter(_dated("start_date", "authorised_on", start, end))
        .select_related("referral", "authorised_by")
    )
    entries = []
    for assessment in rows:
        child_id = assessment.referral.child_id
        href = link("assessment:detail", child_id, assessment.pk)
        entries.append(
            ChronologyEntry(
                assessment.start_date, "assessment", "Assessment started", "", href, None, child_id
            )
        )
        if assessment.child_seen_on:
            entries.append(
                ChronologyEntry(
                    assessment.child_seen_on,
                    "assessment",
                    "Child seen for the assessment",
                    "Seen alone" if assessment.child_seen_alone else "Seen",
                    href,
                    None,
                    child_id,
                )
            )
        if assessment.completed_on:
            factors = ", ".join(code_label("assessment_factor", code) for code in assessment.factors or [])
            detail = assessment.get_outcome_display() if assessment.outcome else ""
            if factors:
                detail = f"{detail}. Factors: {factors}" if detail else f"Factors: {factors}"
            entries.append(
                ChronologyEntry(
                    assessment.completed_on,
                    "assessment",
                    "Assessment completed",
                    detail,
                    href,
                    None,
                    child_id,
                )
            )
        if assessment.authorised_on:
            entries.append(
                ChronologyEntry(
                    assessment.authorised_on,
                    "assessment",
                    "Assessment authorised",
                    f"By {_name(assessment.authorised_by)}",
                    href,
                    None,
                    child_id,
                )
            )
    return entries


# --- child in need plans ----------------------------------------------------------------------


@source("cin", reads=(CINPlan, "referral__child"))
def cin_plans(child_ids, start, end):
    rows = (
        CINPlan.objects.filter(referral__child_id__in=child_ids)
        .filter(_dated("start_date", "end_date", start, end))
        .select_related("referral")
    )
    entries = []
    for plan in rows:
        child_id = plan.referral.child_id
        href = link("childinneed:referral", child_id, plan.referral_id)
        entries.append(
            ChronologyEntry(plan.start_date, "cin", "Child in need plan started", "", href, None, child_id)
        )
        if plan.end_date:
            entries.append(
                ChronologyEntry(plan.end_date, "cin", "Child in need plan ended", "", href, None, child_id)
            )
    return entries


@source("cin", reads=(CINPlanReview, "plan__referral__child"))
def cin_plan_reviews(child_ids, start, end):
    rows = (
        CINPlanReview.objects.filter(plan__referral__child_id__in=child_ids)
        .filter(_dated("review_date", None, start, end))
        .values_list("review_date", "notes", "plan__referral_id", "plan__referral__child_id")
    )
    return [
        ChronologyEntry(
            review_date,
            "cin",
            "Child in need plan reviewed",
            _truncate(notes),
            link("childinneed:referral", child_id, referral_id),
            None,
            child_id,
        )
        for review_date, notes, referral_id, child_id in rows
    ]


# --- child protection -------------------------------------------------------------------------


@source("child_protection", reads=(StrategyDiscussion, "referral__child"))
def strategy_discussions(child_ids, start, end):
    rows = (
        StrategyDiscussion.objects.filter(referral__child_id__in=child_ids)
        .filter(_dated("held_on", None, start, end))
        .select_related("referral")
    )
    entries = []
    for discussion in rows:
        agencies = sorted(
            {
                str(person.get("agency", "")).replace("_", " ")
                for person in discussion.attendees or []
                if isinstance(person, dict)
            }
            - {""}
        )
        detail = "Section 47 enquiry to start" if discussion.section_47_initiated else "No section 47 enquiry"
        if agencies:
            detail += f". Agencies: {', '.join(agencies)}"
        entries.append(
            ChronologyEntry(
                discussion.held_on,
                "child_protection",
                "Strategy discussion",
                detail,
                link("childprotection:overview", discussion.referral.child_id),
                None,
                discussion.referral.child_id,
            )
        )
    return entries


@source("child_protection", reads=(Section47, "referral__child"))
def section_47s(child_ids, start, end):
    rows = (
        Section47.objects.filter(referral__child_id__in=child_ids)
        .filter(_dated("start_date", "completed_on", start, end))
        .select_related("referral")
    )
    entries = []
    for enquiry in rows:
        child_id = enquiry.referral.child_id
        href = link("childprotection:overview", child_id)
        entries.append(
            ChronologyEntry(
                enquiry.start_date, "child_protection", "Section 47 enquiry started", "", href, None, child_id
            )
        )
        if enquiry.completed_on:
            entries.append(
                ChronologyEntry(
                    enquiry.completed_on,
                    "child_protection",
                    "Section 47 enquiry concluded",
                    enquiry.get_outcome_display() if enquiry.outcome else "",
                    href,
                    None,
                    child_id,
                )
            )
    return entries


@source("child_protection", reads=(Conference, "referral__child"))
def conferences(child_ids, start, end):
    rows = (
        Conference.objects.filter(referral__child_id__in=child_ids)
        .filter(_dated("held_on", None, start, end))
        .select_related("referral", "chair")
    )
    entries = []
    for conference in rows:
        detail = conference.get_outcome_display()
        if conference.category:
            detail += f" ({code_label('abuse_category', conference.category)})"
        detail += f". Chaired by {_name(conference.chair)}"
        entries.append(
            ChronologyEntry(
                conference.held_on,
                "child_protection",
                conference.get_kind_display(),
                detail,
                link("childprotection:overview", conference.referral.child_id),
                None,
                conference.referral.child_id,
            )
        )
    return entries


@source("child_protection", reads=(ChildProtectionPlan, "referral__child"))
def cp_plans(child_ids, start, end):
    rows = (
        ChildProtectionPlan.objects.filter(referral__child_id__in=child_ids)
        .filter(_dated("start_date", "end_date", start, end))
        .select_related("referral")
    )
    entries = []
    for plan in rows:
        child_id = plan.referral.child_id
        href = link("childprotection:overview", child_id)
        entries.append(
            ChronologyEntry(
                plan.start_date,
                "child_protection",
                "Child protection plan started",
                f"Category: {code_label('abuse_category', plan.initial_category)}",
                href,
                None,
                child_id,
            )
        )
        if plan.end_date:
            entries.append(
                ChronologyEntry(
                    plan.end_date,
                    "child_protection",
                    "Child protection plan ended",
                    plan.end_reason,
                    href,
                    None,
                    child_id,
                )
            )
    return entries


@source("child_protection", reads=(CoreGroup, "plan__referral__child"))
def core_groups(child_ids, start, end):
    rows = (
        CoreGroup.objects.filter(plan__referral__child_id__in=child_ids)
        .filter(_dated("held_on", None, start, end))
        .select_related("plan__referral")
    )
    return [
        ChronologyEntry(
            meeting.held_on,
            "child_protection",
            "Core group meeting",
            _truncate(meeting.notes),
            link("childprotection:overview", meeting.plan.referral.child_id),
            None,
            meeting.plan.referral.child_id,
        )
        for meeting in rows
    ]


# --- visits -----------------------------------------------------------------------------------


@source("visits", reads=(CaseNote.children.through, "person"))
def visits(child_ids, start, end):
    Link = CaseNote.children.through
    rows = Link.objects.filter(
        person_id__in=child_ids, casenote__kind__in=CaseNote.VISIT_KINDS, casenote__is_draft=False
    ).order_by("casenote__occurred_at", "casenote_id")
    if start is not None:
        rows = rows.filter(casenote__occurred_at__date__gte=start)
    if end is not None:
        rows = rows.filter(casenote__occurred_at__date__lte=end)
    kinds = dict(CaseNote._meta.get_field("kind").flatchoices)
    entries = []
    seen: set[int] = set()
    for note_id, child_id, occurred_at, kind, child_seen, child_seen_alone, *author in rows.values_list(
        "casenote_id",
        "person_id",
        "casenote__occurred_at",
        "casenote__kind",
        "casenote__child_seen",
        "casenote__child_seen_alone",
        *_user_columns("casenote__created_by"),
    ):
        if note_id in seen:
            continue
        seen.add(note_id)
        on, at = on_and_at(occurred_at)
        seen_text = (
            "Child seen alone" if child_seen_alone else "Child seen" if child_seen else "Child not seen"
        )
        entries.append(
            ChronologyEntry(
                on,
                "visits",
                str(kinds.get(kind, kind)),  # as get_kind_display() gives it
                f"{seen_text}. By {_named(*author)}",
                link("casenotes:list", child_id),
                at,
                child_id,
            )
        )
    return entries


# --- addresses and family ---------------------------------------------------------------------


@source("family", reads=(Address, "person"))
def addresses(child_ids, start, end):
    rows = Address.objects.filter(person_id__in=child_ids).filter(
        _dated("start_date", "end_date", start, end)
    )
    return [
        ChronologyEntry(
            address.start_date,
            "family",
            "Moved to a new address",
            str(address),
            link("people:addresses", address.person_id),
            None,
            address.person_id,
        )
        for address in rows
    ]


@source("family", reads=(Relationship, "person", "relative"))
def relationships(child_ids, start, end):
    rows = (
        Relationship.objects.filter(Q(person_id__in=child_ids) | Q(relative_id__in=child_ids))
        .filter(Q(start_date__isnull=False) | Q(end_date__isnull=False))
        .select_related("person", "relative")
    )
    wanted = set(child_ids)
    entries = []
    for row in rows:
        if row.person_id in wanted:
            child_id, other, kind = row.person_id, row.relative, row.kind
        else:
            child_id, other = row.relative_id, row.person
            kind = inverse_of(row.kind) if row.kind in RELATIONSHIP_KINDS else row.kind
        label = label_of(kind) if kind in RELATIONSHIP_KINDS else kind
        href = link("people:network", child_id)
        if in_range(row.start_date, start, end):
            entries.append(
                ChronologyEntry(
                    row.start_date,
                    "family",
                    f"{label}: {other.display_name}",
                    "Relationship began",
                    href,
                    None,
                    child_id,
                )
            )
        if in_range(row.end_date, start, end):
            entries.append(
                ChronologyEntry(
                    row.end_date,
                    "family",
                    f"{label}: {other.display_name}",
                    "Relationship ended",
                    href,
                    None,
                    child_id,
                )
            )
    return entries
