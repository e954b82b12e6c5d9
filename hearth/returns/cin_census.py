"""The CIN census, derived from the record whenever it is asked for (never stored).

``census_children(year)`` reads the whole authority in a fixed number of queries (one per
kind of record, however many children) and returns plain dataclasses in the shape of DfE's
message; ``census_xml(year)`` writes them as the XML the DfE's COLLECT system takes, with the
elements in the order the specification sets (docs/returns.md).

Who is in the return (DfE's scope): every episode of need (``childinneed.Referral``) referred
in the year, no-further-action referrals included, and every episode open at any time in the
year. For an episode open on 1 April from an earlier year, what was finished before 1 April
is left out: assessments authorised, CIN and CP plans ended, section 47 enquiries resolved
before the year began. Anything dated after the census reference date has not happened yet as
far as that census is concerned, so an earlier year's return can be produced at any time.

PreProceedingsandFGDM (new in 2026-27, from DfE's draft specification) is sent for each
pre-proceedings of the episode in progress at any time in the year: left out once its decision
to step up or down and every step after it came before 1 April. ReviewMeetingsCount counts the
review meetings recorded up to the reference date, and is given once the initial meeting is.
"""

import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from hearth.assessment.models import Assessment
from hearth.childinneed.models import CINPlan, Referral
from hearth.childprotection.models import ChildProtectionPlan, Conference, Section47
from hearth.people.models import Person, PersonType
from hearth.preproceedings.models import PreProceedings
from hearth.returns.periods import CollectionYear
from hearth.timescales.clocks import due_date

SOFTWARE_CODE = "Hearth"
RELEASE = "1"


@dataclass
class CensusAssessment:
    start: date
    authorised: date | None
    factors: list[str]


@dataclass
class CensusSection47:
    start: date
    icpc_target: date | None
    icpc: date | None
    icpc_not_required: bool


@dataclass
class CensusPlan:
    start: date
    end: date | None


@dataclass
class CensusCPPlan:
    start: date
    end: date | None
    initial_category: str
    latest_category: str
    previous_plans: int
    reviews: list[date]


@dataclass
class CensusPreProceedings:
    start: date
    letter_sent: date | None = None
    fgdm_offered: bool | None = None
    fgdm_facilitated: bool | None = None
    initial_meeting: date | None = None
    review_meetings: int | None = None  # given once the initial meeting is (9015Q)
    step_decision: date | None = None
    outcome: str = ""
    court_application: date | None = None
    proceedings_letter: date | None = None


@dataclass
class CensusEpisode:
    referral_id: int
    referral_date: date
    source: str
    primary_need: str
    closure_date: date | None
    closure_reason: str
    transfer_in_icpc: date | None
    no_further_action: bool
    assessments: list[CensusAssessment] = field(default_factory=list)
    cin_plans: list[CensusPlan] = field(default_factory=list)
    section_47s: list[CensusSection47] = field(default_factory=list)
    cp_plans: list[CensusCPPlan] = field(default_factory=list)
    pre_proceedings: list[CensusPreProceedings] = field(default_factory=list)


@dataclass
class CensusChild:
    person_id: int
    la_child_id: str
    upn: str
    former_upn: str
    upn_unknown: str
    birth_date: date | None
    expected_birth_date: date | None
    sex: str
    death_date: date | None
    ethnicity: str
    disabilities: list[str]
    episodes: list[CensusEpisode] = field(default_factory=list)


def _by_end(day: date | None, end: date) -> date | None:
    """A date after the reference date has not happened yet for this census."""
    return day if day is not None and day <= end else None


def referrals_in_scope(year: CollectionYear) -> QuerySet[Referral]:
    """Episodes referred in the year or open at any time in it, on records not merged away."""
    return Referral.objects.filter(
        Q(closure_date__isnull=True) | Q(closure_date__gte=year.start),
        referral_date__lte=year.end,
        child__merged_into__isnull=True,
    )


def census_children(year: CollectionYear) -> list[CensusChild]:
    """Every child in the census with their episodes, in ten queries for the whole authority."""
    start, end = year.start, year.end
    referrals = list(
        referrals_in_scope(year).select_related("child").order_by("child_id", "referral_date", "pk")
    )
    in_scope = referrals_in_scope(year).values("pk")
    children_in_scope = referrals_in_scope(year).values("child_id")

    assessments = defaultdict(list)
    for row in Assessment.objects.filter(referral__in=in_scope, start_date__lte=end).order_by(
        "start_date", "pk"
    ):
        authorised = _by_end(row.authorised_on, end)
        if authorised is not None and authorised < start:
            continue  # finished before the year began
        factors = list(dict.fromkeys(row.factors or [])) if authorised else []
        assessments[row.referral_id].append(CensusAssessment(row.start_date, authorised, factors))

    cin_plans = defaultdict(list)
    for row in CINPlan.objects.filter(referral__in=in_scope, start_date__lte=end).order_by(
        "start_date", "pk"
    ):
        ended = _by_end(row.end_date, end)
        if ended is not None and ended < start:
            continue
        cin_plans[row.referral_id].append(CensusPlan(row.start_date, ended))

    initial_icpc: dict[int, date] = {}
    transfer_in: dict[int, date] = {}
    conferences = Conference.objects.filter(
        referral__in=in_scope,
        kind__in=[Conference.Kind.INITIAL, Conference.Kind.TRANSFER_IN],
        held_on__lte=end,
    ).order_by("held_on", "pk")
    for row in conferences.values("kind", "section_47_id", "referral_id", "held_on"):
        if row["kind"] == Conference.Kind.INITIAL and row["section_47_id"]:
            initial_icpc.setdefault(row["section_47_id"], row["held_on"])
        elif row["kind"] == Conference.Kind.TRANSFER_IN and row["held_on"] >= start:
            transfer_in.setdefault(row["referral_id"], row["held_on"])

    section_47s = defaultdict(list)
    enquiries = (
        Section47.objects.filter(referral__in=in_scope, start_date__lte=end)
        .select_related("strategy_discussion")
        .order_by("start_date", "pk")
    )
    for row in enquiries:
        icpc = initial_icpc.get(row.pk)
        completed = _by_end(row.completed_on, end)
        not_required = bool(row.conference_not_required and completed and not icpc)
        resolved_on = icpc or (completed if not_required else None)
        if resolved_on is not None and resolved_on < start:
            continue  # resolved before the year began
        section_47s[row.referral_id].append(
            CensusSection47(
                start=row.start_date,
                icpc_target=due_date("icpc.held", row.strategy_discussion.held_on),
                icpc=icpc,
                icpc_not_required=not_required,
            )
        )

    # Plans started before each plan, from every episode the child has had (NumberOfPreviousCPP).
    plan_starts = defaultdict(list)
    for child_id, started in ChildProtectionPlan.objects.filter(
        referral__child_id__in=children_in_scope
    ).values_list("referral__child_id", "start_date"):
        plan_starts[child_id].append(started)

    reviews = defaultdict(list)
    for plan_id, held_on in (
        Conference.objects.filter(
            plan__referral__in=in_scope, kind=Conference.Kind.REVIEW, held_on__gte=start, held_on__lte=end
        )
        .order_by("held_on", "pk")
        .values_list("plan_id", "held_on")
    ):
        reviews[plan_id].append(held_on)

    cp_plans = defaultdict(list)
    plans = ChildProtectionPlan.objects.filter(referral__in=in_scope, start_date__lte=end).select_related(
        "referral"
    )
    for row in plans.order_by("start_date", "pk"):
        ended = _by_end(row.end_date, end)
        if ended is not None and ended < start:
            continue
        previous = row.earlier_plans_elsewhere + sum(
            1 for started in plan_starts[row.referral.child_id] if started < row.start_date
        )
        cp_plans[row.referral_id].append(
            CensusCPPlan(
                start=row.start_date,
                end=ended,
                initial_category=row.initial_category,
                latest_category=row.latest_category,
                previous_plans=previous,
                reviews=[day for day in reviews[row.pk] if day > row.start_date],
            )
        )

    pre_proceedings = defaultdict(list)
    records = (
        PreProceedings.objects.filter(referral__in=in_scope, decided_on__lte=end)
        .annotate(reviews_held=Count("review_meetings", filter=Q(review_meetings__held_on__lte=end)))
        .order_by("decided_on", "pk")
    )
    for row in records:
        item = CensusPreProceedings(
            start=row.decided_on,
            letter_sent=_by_end(row.letter_sent_on, end),
            fgdm_offered=row.fgdm_offered if _by_end(row.letter_sent_on, end) else None,
            fgdm_facilitated=row.fgdm_facilitated,
            initial_meeting=_by_end(row.initial_meeting_on, end),
            step_decision=_by_end(row.step_decision_on, end),
            court_application=_by_end(row.court_application_on, end),
            proceedings_letter=_by_end(row.proceedings_letter_on, end),
        )
        item.outcome = row.outcome if item.step_decision else ""
        item.review_meetings = row.reviews_held if item.initial_meeting else None
        last_step = max(
            day
            for day in (
                item.start,
                item.letter_sent,
                item.initial_meeting,
                item.court_application,
                item.proceedings_letter,
            )
            if day
        )
        if item.step_decision and max(item.step_decision, last_step) < start:
            continue  # decided, and every step after it taken, before the year began
        pre_proceedings[row.referral_id].append(item)

    children: dict[int, CensusChild] = {}
    for referral in referrals:
        child = children.get(referral.child_id)
        if child is None:
            child = children[referral.child_id] = _census_child(referral.child)
        closed = _by_end(referral.closure_date, end)
        child.episodes.append(
            CensusEpisode(
                referral_id=referral.pk,
                referral_date=referral.referral_date,
                source=referral.source,
                primary_need=referral.primary_need,
                closure_date=closed,
                closure_reason=referral.closure_reason if closed else "",
                transfer_in_icpc=transfer_in.get(referral.pk),
                no_further_action=referral.no_further_action,
                assessments=assessments[referral.pk],
                cin_plans=cin_plans[referral.pk],
                section_47s=section_47s[referral.pk],
                cp_plans=cp_plans[referral.pk],
                pre_proceedings=pre_proceedings[referral.pk],
            )
        )
    return sorted(children.values(), key=lambda child: child.la_child_id)


def _census_child(person: Person) -> CensusChild:
    unborn = person.person_type == PersonType.UNBORN or (
        person.date_of_birth is None and person.expected_date_of_birth is not None
    )
    return CensusChild(
        person_id=person.pk,
        la_child_id=person.return_id,
        upn=person.upn,
        former_upn=person.former_upn,
        upn_unknown="" if person.upn else person.upn_unknown_reason,
        birth_date=None if unborn else person.date_of_birth,
        expected_birth_date=person.expected_date_of_birth if unborn else None,
        # DfE 8750: an unborn child's sex is U.
        sex="U" if unborn else person.sex,
        death_date=person.date_of_death,
        ethnicity=person.ethnicity,
        disabilities=list(person.disabilities or []),
    )


# --- the XML message ----------------------------------------------------------------------------


def _add(parent: ET.Element, tag: str, value=None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if value is not None:
        element.text = value.isoformat() if isinstance(value, date) else str(value)
    return element


def _maybe(parent: ET.Element, tag: str, value) -> None:
    """DfE's message leaves an unknown item out rather than sending it empty."""
    if value not in (None, ""):
        _add(parent, tag, value)


def _flag(value: bool) -> str:
    return "1" if value else "0"


def census_message(
    year: CollectionYear, children: list[CensusChild], *, generated_at: datetime | None = None
) -> ET.Element:
    generated_at = generated_at or timezone.now()
    message = ET.Element("Message")
    header = _add(message, "Header")
    details = _add(header, "CollectionDetails")
    _add(details, "Collection", "CIN")
    _add(details, "Year", year.ending)
    _add(details, "ReferenceDate", year.end)
    source = _add(header, "Source")
    _add(source, "SourceLevel", "L")
    _add(source, "LEA", settings.HEARTH_LA_CODE)
    _add(source, "SoftwareCode", SOFTWARE_CODE)
    _add(source, "Release", RELEASE)
    _add(source, "SerialNo", "001")
    _add(source, "DateTime", timezone.localtime(generated_at).replace(microsecond=0, tzinfo=None).isoformat())
    children_element = _add(message, "Children")
    for child in children:
        _child_element(children_element, child)
    return message


def _child_element(parent: ET.Element, child: CensusChild) -> None:
    element = _add(parent, "Child")
    identifiers = _add(element, "ChildIdentifiers")
    _add(identifiers, "LAchildID", child.la_child_id)
    _maybe(identifiers, "UPN", child.upn)
    _maybe(identifiers, "FormerUPN", child.former_upn)
    _maybe(identifiers, "UPNunknown", child.upn_unknown)
    _maybe(identifiers, "PersonBirthDate", child.birth_date)
    _maybe(identifiers, "ExpectedPersonBirthDate", child.expected_birth_date)
    _maybe(identifiers, "Sex", child.sex)
    _maybe(identifiers, "PersonDeathDate", child.death_date)
    characteristics = _add(element, "ChildCharacteristics")
    _maybe(characteristics, "Ethnicity", child.ethnicity)
    if child.disabilities:
        disabilities = _add(characteristics, "Disabilities")
        for code in child.disabilities:
            _add(disabilities, "Disability", code)
    for episode in child.episodes:
        _episode_element(element, episode)


def _episode_element(parent: ET.Element, episode: CensusEpisode) -> None:
    element = _add(parent, "CINdetails")
    _add(element, "CINreferralDate", episode.referral_date)
    _maybe(element, "ReferralSource", episode.source)
    _maybe(element, "PrimaryNeedCode", episode.primary_need)
    _maybe(element, "CINclosureDate", episode.closure_date)
    _maybe(element, "ReasonForClosure", episode.closure_reason)
    _maybe(element, "DateOfInitialCPC", episode.transfer_in_icpc)
    for assessment in episode.assessments:
        item = _add(element, "Assessments")
        _add(item, "AssessmentActualStartDate", assessment.start)
        _maybe(item, "AssessmentAuthorisationDate", assessment.authorised)
        if assessment.factors:
            factors = _add(item, "FactorsIdentifiedAtAssessment")
            for code in assessment.factors:
                _add(factors, "AssessmentFactors", code)
    for plan in episode.cin_plans:
        item = _add(element, "CINPlanDates")
        _add(item, "CINPlanStartDate", plan.start)
        _maybe(item, "CINPlanEndDate", plan.end)
    for enquiry in episode.section_47s:
        item = _add(element, "Section47")
        _add(item, "S47ActualStartDate", enquiry.start)
        _maybe(item, "InitialCPCtarget", enquiry.icpc_target)
        _maybe(item, "DateOfInitialCPC", enquiry.icpc)
        _add(item, "ICPCnotRequired", _flag(enquiry.icpc_not_required))
    _add(element, "ReferralNFA", _flag(episode.no_further_action))
    for plan in episode.cp_plans:
        item = _add(element, "ChildProtectionPlans")
        _add(item, "CPPstartDate", plan.start)
        _maybe(item, "CPPendDate", plan.end)
        _add(item, "InitialCategoryOfAbuse", plan.initial_category)
        _add(item, "LatestCategoryOfAbuse", plan.latest_category)
        _add(item, "NumberOfPreviousCPP", plan.previous_plans)
        if plan.reviews:
            reviews = _add(item, "Reviews")
            for day in plan.reviews:
                _add(reviews, "CPPreviewDate", day)
    for record in episode.pre_proceedings:
        item = _add(element, "PreProceedingsandFGDM")
        _add(item, "PPStartDate", record.start)
        _maybe(item, "LBPSentDate", record.letter_sent)
        if record.fgdm_offered is not None:
            _add(item, "FGDMMeetingOffer", _flag(record.fgdm_offered))
        if record.fgdm_facilitated is not None:
            _add(item, "FGDMMeetingFac", _flag(record.fgdm_facilitated))
        _maybe(item, "InitialPPMeetingDate", record.initial_meeting)
        _maybe(item, "ReviewMeetingsCount", record.review_meetings)
        _maybe(item, "StepDecisionDate", record.step_decision)
        _maybe(item, "PPOutcome", record.outcome)
        _maybe(item, "CourtAppDate", record.court_application)
        _maybe(item, "LetterInitCPDate", record.proceedings_letter)


def census_xml(year: CollectionYear, *, generated_at: datetime | None = None) -> bytes:
    """The census message for ``year`` as UTF-8 XML, ready to upload."""
    message = census_message(year, census_children(year), generated_at=generated_at)
    ET.indent(message)
    return ET.tostring(message, encoding="utf-8", xml_declaration=True) + b"\n"
