"""Ofsted's ILACS Annex A lists for a chosen period, derived from the record.

One sheet per list the record supports: 1 contacts, 2 early help assessments, 3 referrals,
4 assessments, 5 section 47 enquiries and initial conferences, 6 children in need, 7 child
protection. Lists 8 to 11 (children in care, care leavers, adoption, adopters) follow with
the children-in-care work. Columns follow the template's headings (docs/returns.md); dates are
DD/MM/YYYY; each list reads its records in a fixed handful of queries whatever the period.

Activity lists (1-5) hold what happened in the period; status lists (6, 7) hold episodes and
plans open at any time in it. Ages are in whole years at the period's end, and the allocated
team and worker are those holding the case on that day.
"""

import io
import string
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Max, Q
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from hearth.allocation.models import Allocation
from hearth.assessment.models import Assessment
from hearth.casenotes.models import CaseNote
from hearth.childinneed.models import Referral
from hearth.childprotection.models import ChildProtectionPlan, Conference, Section47
from hearth.earlyhelp.models import EarlyHelpEpisode
from hearth.frontdoor.models import ContactPerson
from hearth.people.models import Person
from hearth.reference.code_lists import CODE_LISTS

COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
ALLOCATED = ["Allocated Team", "Allocated Worker"]
GENDER = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded", "": "c) Not stated/recorded"}
CATEGORY = {
    "NEG": "a) Neglect",
    "PHY": "b) Physical abuse",
    "SAB": "c) Sexual abuse",
    "EMO": "d) Emotional abuse",
    "MUL": "e) Multiple/not recommended",
}
YES, NO, UNKNOWN = "a) Yes", "b) No", "c) Unknown"
# Assessment outcomes that mean the child needs children's social care support.
NEEDS_SUPPORT = {"cin", "strategy", "looked_after"}


def _codes(name: str) -> list[tuple[str, str]]:
    return next(spec.codes for spec in CODE_LISTS if spec.name == name)


def _lettered(name: str, joiner: str) -> dict[str, str]:
    """Ofsted's "a) …, b) …" labels, lettered in the order of DfE's code list."""
    return {
        code: f"{letter}) {code}{joiner}{label}" if joiner else f"{letter}) {code}"
        for letter, (code, label) in zip(string.ascii_lowercase, _codes(name), strict=False)
    }


ETHNICITY = _lettered("ethnicity", "")
SOURCE = _lettered("referral_source", ": ")
PRIMARY_NEED = {code: f"{code} - {label}" for code, label in _codes("primary_need")}
CLOSURE_REASON = {code: f"{code} - {label}" for code, label in _codes("closure_reason")}


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: list[list]


def _d(day) -> str:
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = timezone.localtime(day).date()
    return day.strftime("%d/%m/%Y")


def _yes_no(value: bool | None) -> str:
    return UNKNOWN if value is None else YES if value else NO


def _disabled(person: Person) -> str:
    codes = list(person.disabilities or [])
    if not codes:
        return UNKNOWN
    return NO if codes == ["NONE"] else YES


def _age(born: date | None, on: date) -> int | str:
    if born is None or born > on:
        return ""
    return relativedelta(on, born).years


class _Period:
    def __init__(self, start: date, end: date):
        if end < start:
            raise ValueError("The period must end on or after the day it starts")
        self.start, self.end = start, end
        self.start_at = timezone.make_aware(datetime.combine(start, time.min))
        self.end_at = timezone.make_aware(datetime.combine(end, time.max))
        self._allocated: dict[int, tuple[str, str]] | None = None

    def common(self, person: Person) -> list:
        return [
            person.reference,
            GENDER.get(person.sex, GENDER[""]),
            ETHNICITY.get(person.ethnicity, ""),
            _d(person.date_of_birth),
            _age(person.date_of_birth, self.end),
        ]

    def allocated(self, child_id: int) -> list[str]:
        """Team and worker holding the case on the period's last day (one query for all)."""
        if self._allocated is None:
            self._allocated = {}
            rows = (
                Allocation.objects.filter(start_date__lte=self.end)
                .filter(Q(end_date__isnull=True) | Q(end_date__gte=self.end))
                .order_by("start_date", "pk")
                .values("child_id", "team__name", "worker__first_name", "worker__last_name")
            )
            for row in rows:
                worker = " ".join(p for p in (row["worker__first_name"], row["worker__last_name"]) if p)
                self._allocated[row["child_id"]] = (row["team__name"], worker)
        return list(self._allocated.get(child_id, ("", "")))


def contacts(period: _Period) -> Sheet:
    rows = (
        ContactPerson.objects.filter(
            involvement=ContactPerson.Involvement.SUBJECT,
            contact__received_at__gte=period.start_at,
            contact__received_at__lte=period.end_at,
        )
        .select_related("contact", "person")
        .order_by("contact__received_at", "pk")
    )
    return Sheet(
        "List 1 Contacts",
        COMMON + ["Date of Contact", "Contact Source"],
        [
            period.common(row.person) + [_d(row.contact.received_at), SOURCE.get(row.contact.source, "")]
            for row in rows
        ],
    )


def early_help(period: _Period) -> Sheet:
    episodes = (
        EarlyHelpEpisode.objects.filter(
            Q(assessment_started_on__range=(period.start, period.end))
            | Q(assessment_completed_on__range=(period.start, period.end))
        )
        .select_related("child")
        .order_by("assessment_started_on", "pk")
    )
    return Sheet(
        "List 2 Early help",
        COMMON
        + ["Assessment start date", "Assessment completion date", "Organisation completing assessment"]
        + ALLOCATED,
        [
            period.common(row.child)
            + [_d(row.assessment_started_on), _d(row.assessment_completed_on), row.lead_agency]
            + period.allocated(row.child_id)
            for row in episodes
        ],
    )


def _within_year_before(days: list[date], day: date) -> int:
    year_before = day - relativedelta(months=12)
    return sum(1 for other in days if year_before < other <= day)


def referrals(period: _Period) -> Sheet:
    rows = list(
        Referral.objects.filter(referral_date__range=(period.start, period.end))
        .select_related("child")
        .order_by("referral_date", "pk")
    )
    earlier = defaultdict(list)
    for child_id, day in Referral.objects.filter(
        child_id__in={row.child_id for row in rows}, referral_date__lte=period.end
    ).values_list("child_id", "referral_date"):
        earlier[child_id].append(day)
    return Sheet(
        "List 3 Referrals",
        COMMON
        + ["Date of referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months"]
        + ALLOCATED,
        [
            period.common(row.child)
            + [
                _d(row.referral_date),
                SOURCE.get(row.source, ""),
                _yes_no(row.no_further_action),
                _within_year_before(earlier[row.child_id], row.referral_date),
            ]
            + period.allocated(row.child_id)
            for row in rows
        ],
    )


def assessments(period: _Period) -> Sheet:
    rows = (
        Assessment.objects.filter(
            Q(start_date__range=(period.start, period.end))
            | Q(authorised_on__range=(period.start, period.end))
        )
        .select_related("referral__child")
        .order_by("start_date", "pk")
    )
    return Sheet(
        "List 4 Assessments",
        COMMON
        + [
            "Does the Child have a Disability",
            "Continuous Assessment Start Date",
            "Child Seen During Continuous Assessment",
            "Continuous Assessment Date of Authorisation",
            "Was the child assessed as requiring LA children's social care support?",
        ]
        + ALLOCATED,
        [
            period.common(row.referral.child)
            + [
                _disabled(row.referral.child),
                _d(row.start_date),
                _yes_no(row.child_seen_on is not None),
                _d(row.authorised_on if row.authorised_on and row.authorised_on <= period.end else None),
                _yes_no(row.outcome in NEEDS_SUPPORT) if row.outcome and row.authorised_on else "",
            ]
            + period.allocated(row.referral.child_id)
            for row in rows
        ],
    )


def section_47s(period: _Period) -> Sheet:
    rows = list(
        Section47.objects.filter(start_date__range=(period.start, period.end))
        .select_related("referral__child")
        .order_by("start_date", "pk")
    )
    child_ids = {row.referral.child_id for row in rows}
    enquiry_days, icpc_days = defaultdict(list), defaultdict(list)
    for child_id, day in Section47.objects.filter(referral__child_id__in=child_ids).values_list(
        "referral__child_id", "start_date"
    ):
        enquiry_days[child_id].append(day)
    icpcs: dict[int, tuple[date, str]] = {}
    for row in Conference.objects.filter(
        referral__child_id__in=child_ids, kind=Conference.Kind.INITIAL, held_on__lte=period.end
    ).values("referral__child_id", "section_47_id", "held_on", "outcome"):
        icpc_days[row["referral__child_id"]].append(row["held_on"])
        if row["section_47_id"]:
            icpcs[row["section_47_id"]] = (row["held_on"], row["outcome"])
    sheet_rows = []
    for row in rows:
        child_id = row.referral.child_id
        held_on, outcome = icpcs.get(row.pk, (None, ""))
        sheet_rows.append(
            period.common(row.referral.child)
            + [
                _disabled(row.referral.child),
                _d(row.start_date),
                _yes_no(row.conference_not_required) if row.completed_on else "",
                _d(held_on),
                _yes_no(outcome == Conference.Outcome.PLAN) if held_on else "",
                _within_year_before(enquiry_days[child_id], row.start_date),
                _within_year_before(icpc_days[child_id], held_on or period.end),
            ]
            + period.allocated(child_id)
        )
    return Sheet(
        "List 5 Section 47 and ICPC",
        COMMON
        + [
            "Does the Child have a Disability",
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            "Was an Initial Child Protection Conference deemed unnecessary?",
            "Date of Initial Child Protection Conference",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan",
            "Number of Section 47 Enquiries in the last 12 months",
            "Number of ICPCs in the last 12 months",
        ]
        + ALLOCATED,
        sheet_rows,
    )


def _last_visits(period: _Period, child_ids: set[int], kinds) -> dict[int, tuple[datetime, bool]]:
    """Each child's latest visit of these kinds by the period's end: (when, seen alone)."""
    Link = CaseNote.children.through
    latest: dict[int, tuple[datetime, bool]] = {}
    rows = (
        Link.objects.filter(
            person_id__in=child_ids,
            casenote__kind__in=kinds,
            casenote__is_draft=False,
            casenote__child_seen=True,
            casenote__occurred_at__lte=period.end_at,
        )
        .order_by("casenote__occurred_at")
        .values_list("person_id", "casenote__occurred_at", "casenote__child_seen_alone")
    )
    for person_id, occurred_at, alone in rows:
        latest[person_id] = (occurred_at, alone)
    return latest


def _looked_after_on(day: date, child_ids: set[int]) -> set[int]:
    try:
        from hearth.childrenincare.models import PeriodOfCare
    except ImportError:  # the children-in-care app is not installed
        return set()
    return set(
        PeriodOfCare.objects.filter(child_id__in=child_ids, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values_list("child_id", flat=True)
    )


def _protected_recently(period: _Period, child_ids: set[int]) -> set[int]:
    """Children under an emergency protection order (L2) or police protection (L1) at any time in
    the six months to the period's end, from their legal statuses in care."""
    try:
        from hearth.childrenincare.models import LegalStatus
    except ImportError:
        return set()
    since = period.end - relativedelta(months=6)
    return set(
        LegalStatus.objects.filter(
            period__child_id__in=child_ids, legal_status__in=["L1", "L2"], start_date__lte=period.end
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=since))
        .values_list("period__child_id", flat=True)
    )


def children_in_need(period: _Period) -> Sheet:
    rows = list(
        Referral.objects.filter(referral_date__lte=period.end, no_further_action=False)
        .filter(Q(closure_date__isnull=True) | Q(closure_date__gte=period.start))
        .select_related("child")
        .annotate(
            open_cp=Count(
                "cp_plans",
                filter=Q(cp_plans__start_date__lte=period.end)
                & (Q(cp_plans__end_date__isnull=True) | Q(cp_plans__end_date__gt=period.end)),
                distinct=True,
            ),
            open_cin=Count(
                "cin_plans",
                filter=Q(cin_plans__start_date__lte=period.end)
                & (Q(cin_plans__end_date__isnull=True) | Q(cin_plans__end_date__gt=period.end)),
                distinct=True,
            ),
        )
        .order_by("referral_date", "pk")
    )
    child_ids = {row.child_id for row in rows}
    seen = _last_visits(period, child_ids, CaseNote.VISIT_KINDS)
    in_care = _looked_after_on(period.end, child_ids)
    sheet_rows = []
    for row in rows:
        closed = row.closure_date if row.closure_date and row.closure_date <= period.end else None
        if closed:
            status = "e) Closed episode"
        elif row.child_id in in_care:
            status = "a) Looked after child"
        elif row.open_cp:
            status = "b) Child Protection plan"
        elif row.open_cin:
            status = "c) Child in need plan"
        else:
            status = "d) Open assessment"
        last_seen = seen.get(row.child_id)
        sheet_rows.append(
            period.common(row.child)
            + [
                _disabled(row.child),
                _d(row.referral_date),
                PRIMARY_NEED.get(row.primary_need, ""),
                _d(last_seen[0] if last_seen else None),
                _d(closed),
                CLOSURE_REASON.get(row.closure_reason, "") if closed else "",
                status,
            ]
            + period.allocated(row.child_id)
        )
    return Sheet(
        "List 6 Children in need",
        COMMON
        + [
            "Does the Child have a Disability",
            "CIN Start Date",
            "Primary Need Code",
            "Date Child Was Last Seen",
            "CIN Closure Date",
            "Reason for Closure",
            "Case Status",
        ]
        + ALLOCATED,
        sheet_rows,
    )


def child_protection(period: _Period) -> Sheet:
    plans = list(
        ChildProtectionPlan.objects.filter(start_date__lte=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .select_related("referral__child")
        .annotate(
            last_review=Max(
                "review_conferences__held_on", filter=Q(review_conferences__held_on__lte=period.end)
            )
        )
        .order_by("start_date", "pk")
    )
    child_ids = {plan.referral.child_id for plan in plans}
    starts = defaultdict(list)
    for child_id, day in ChildProtectionPlan.objects.filter(referral__child_id__in=child_ids).values_list(
        "referral__child_id", "start_date"
    ):
        starts[child_id].append(day)
    visits = _last_visits(period, child_ids, [CaseNote.Kind.CP_VISIT])
    protected = _protected_recently(period, child_ids)
    sheet_rows = []
    for plan in plans:
        child_id = plan.referral.child_id
        visit = visits.get(child_id)
        if visit and timezone.localtime(visit[0]).date() < plan.start_date:
            visit = None  # a visit before this plan is not a visit under it
        ended = plan.end_date if plan.end_date and plan.end_date <= period.end else None
        sheet_rows.append(
            period.common(plan.referral.child)
            + [
                _disabled(plan.referral.child),
                _d(plan.start_date),
                CATEGORY.get(plan.initial_category, ""),
                CATEGORY.get(plan.latest_category, ""),
                _d(visit[0] if visit else None),
                ("Y" if visit[1] else "N") if visit else "",
                _d(plan.last_review),
                _d(ended),
                "Y" if child_id in protected else "N",
                sum(1 for day in starts[child_id] if day < plan.start_date),
            ]
            + period.allocated(child_id)
        )
    return Sheet(
        "List 7 Child protection",
        COMMON
        + [
            "Does the Child have a Disability",
            "Child Protection Plan Start Date",
            "Initial Category of Abuse",
            "Latest Category of Abuse",
            "Date of the Last Statutory Visit",
            "Was the Child Seen Alone?",
            "Date of latest review conference",
            "Child Protection Plan End Date",
            "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
            "Number of Previous Child Protection Plans",
        ]
        + ALLOCATED,
        sheet_rows,
    )


LISTS = [contacts, early_help, referrals, assessments, section_47s, children_in_need, child_protection]


def annex_a_sheets(start: date, end: date) -> list[Sheet]:
    period = _Period(start, end)
    return [build(period) for build in LISTS]


def annex_a_workbook(start: date, end: date) -> bytes:
    """The lists as one xlsx workbook, a sheet per list."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for sheet in annex_a_sheets(start, end):
        worksheet = workbook.create_sheet(sheet.title[:31])
        worksheet.append(sheet.headers)
        for cell in worksheet[1]:
            cell.font = bold
        for row in sheet.rows:
            worksheet.append(row)
        worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
