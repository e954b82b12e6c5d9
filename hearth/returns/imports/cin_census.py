"""Load a CIN census message from an authority's previous system into the record.

``import_cin_census(path)`` reads and checks the whole file first (``cin_census_message``); a
file that fails saves nothing. Then, in one transaction, each child is carried into the record
through the services workers' pages call, each step with the clock set to its own date
(``common.recorded_at``): the child (``person_create``, or the child already holding the
LAchildID as ``legacy_id``), each episode (``referral_create``, ``referral_close``), its
assessments, CIN plans, strategy discussions and section 47 enquiries, conferences and CP plans,
and its pre-proceedings (``pre_proceedings_start``, then each dated step on its own day).
A child a service refuses is rolled back alone and listed with the service's reason.

Loaded after an SSDA903, the census's episodes take the place of those the periods of care opened
by themselves (``childinneed.referral_open_for_care``): each that stands where the census's go is
removed first (``referral_opened_for_care_remove``), and once the census's are in, the care's
starts and endings open and close episodes of need as they do when the SSDA903 is loaded after the
census, so the two returns give the same record in either order (``give_way``, ``care_again``).

What the census does not carry is inferred, and said so where it is a guess (docs/returns.md):
an assessment is completed on the day it was authorised; a strategy discussion is dated so that
15 working days from it is the InitialCPCtarget; a plan that began before the census year gets
the enquiry and conference that started it on its start date, marked as imported; the census
counts pre-proceedings review meetings without their dates, so they are dated evenly between the
initial meeting and the decision (or the reference date). Steps already
in the record (the same census imported twice, or next year's census repeating an open episode)
are counted as held and not done again.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hearth.assessment.services import assessment_authorise, assessment_complete, assessment_start
from hearth.childinneed.models import Referral
from hearth.childinneed.services import (
    AFTER_ASSESSMENT_REASONS,
    NFA_CLOSURE_REASON,
    cin_plan_end,
    cin_plan_start,
    recorded_on,
    referral_close,
    referral_close_for_care,
    referral_create,
    referral_open_for_care,
    referral_opened_for_care_remove,
)
from hearth.childprotection.models import ChildProtectionPlan, Conference, Section47
from hearth.childprotection.services import (
    conference_hold,
    cp_plan_carry_over,
    cp_plan_end,
    section_47_conclude,
    section_47_start,
    strategy_discussion_record,
)
from hearth.childrenincare.models import PeriodOfCare
from hearth.childrenincare.services import CARE_REFERRAL_SOURCE, EPISODE_CLOSED_BY_CARE_ENDING
from hearth.people.models import Person, PersonType
from hearth.people.services import person_create, person_update
from hearth.preproceedings.models import PreProceedings
from hearth.preproceedings.services import (
    pre_proceedings_review_meeting_record,
    pre_proceedings_start,
    pre_proceedings_update,
)
from hearth.returns.cin_census import (
    CensusChild,
    CensusCPPlan,
    CensusEpisode,
    CensusPreProceedings,
    CensusSection47,
)
from hearth.returns.imports.cin_census_message import CensusFile, read_census
from hearth.returns.imports.common import ImportReport, Problem, importing_user, messages_of, recorded_at
from hearth.returns.periods import CollectionYear, collection_year
from hearth.timescales.clocks import due_date

# Within a day: the child, the referral, what ends, what starts, what starts on top of that
# (a CIN plan after a CP plan ended, a conference after the CIN plan it replaces ended), an
# end on the day its item started, the closure, a death.
BIRTH, REFERRAL, ENDS, STARTS, LATE_STARTS, SAME_DAY_ENDS, CLOSE, DEATH = range(8)
ATTENDEES = [{"agency": "Previous system", "name": "Not recorded in the CIN census"}]
IMPORTED = "Recorded by the CIN census import from the previous system."
BEFORE_THE_YEAR = (
    "Recorded by the CIN census import: the plan began before the census year, and the return does "
    "not show the enquiry and conference that started it, so they are dated the day the plan started."
)
ENDED_ELSEWHERE = "Ended in the previous system (CIN census import)"
GAVE_WAY = "Gave way to the CIN census import's episode of need"
LOADED, HELD = "loaded", "held"


class ChildRefused(Exception):
    def __init__(self, where: str, messages: list[tuple[str, str]]):
        super().__init__(where)
        self.where = where
        self.messages = messages


@dataclass(order=True)
class Step:
    day: date
    phase: int
    seq: int
    item: tuple[str, str] = field(compare=False)  # (element, where): what the report counts
    run: Callable[[], str] = field(compare=False)


@dataclass
class EpisodeState:
    referral: Referral | None = None
    strategies: dict[int, object] = field(default_factory=dict)
    new_plans: set[date] = field(default_factory=set)  # start days of plans this import began


def strategy_day(enquiry: CensusSection47, earliest: date) -> tuple[date, bool]:
    """The strategy discussion's day: the latest on or before the enquiry's start from which the
    ICPC clock (``icpc.held``) gives the InitialCPCtarget; the start itself when none does."""
    if enquiry.icpc_target is None:
        return enquiry.start, True
    day = enquiry.start
    while day >= max(earliest, enquiry.start - timedelta(days=60)):
        if due_date("icpc.held", day) == enquiry.icpc_target:
            return day, True
        day -= timedelta(days=1)
    return enquiry.start, False


def assessment_outcome(episode: CensusEpisode) -> str:
    """The census gives no outcome; the episode's next step shows it."""
    if episode.section_47s or episode.cp_plans:
        return "strategy"
    if episode.cin_plans:
        return "cin"
    return {"RC8": "nfa", "RC9": "early_help"}.get(episode.closure_reason, "other")


def carries_work(episode: CensusEpisode) -> bool:
    return bool(
        episode.assessments
        or episode.cin_plans
        or episode.section_47s
        or episode.cp_plans
        or episode.pre_proceedings
        or episode.transfer_in_icpc
    )


def fits(referral: Referral, episode: CensusEpisode, reference_date: date) -> bool:
    """The census's episode is this referral as it stands, or as it stood on the census's
    reference date (open then, closed since: an earlier year's census), so long as the census's
    work on it can still be found or recorded there (a closed episode takes no new work)."""
    held_as = (referral.referral_date, referral.source, referral.primary_need)
    if episode.no_further_action or held_as != (episode.referral_date, episode.source, episode.primary_need):
        return False
    if referral.closure_date is None:
        return True
    if (referral.closure_date, referral.closure_reason) == (episode.closure_date, episode.closure_reason):
        return True
    return (
        episode.closure_date is None
        and referral.closure_date > reference_date
        and (not carries_work(episode) or bool(recorded_on(referral)))
    )


def in_the_way(
    referral: Referral, episode: CensusEpisode, referrals: list[Referral], *, listed: bool
) -> bool:
    """Whether an episode of need opened for care stands where the census's ``episode`` goes,
    the census not holding it as it is: the census's would be held on it (the same day); it would
    refuse the census's (still open, or closing after the census's begins) when that one is not in
    the record already; or, when no census episode is this one (not ``listed``), the census's
    covers the day care began, so that, loaded first, it would have left the care to open none."""
    if referral.referral_date == episode.referral_date and not episode.no_further_action:
        return True
    if not listed and (episode.closure_date is None or episode.closure_date > referral.referral_date):
        return True
    held = any(
        (other.referral_date, other.no_further_action) == (episode.referral_date, episode.no_further_action)
        for other in referrals
        if other.pk != referral.pk
    )
    return not held and (referral.closure_date is None or referral.closure_date > episode.referral_date)


class CensusImport:
    def __init__(self, census: CensusFile, report: ImportReport):
        self.census = census
        self.year: CollectionYear = census.year
        self.report = report
        self.user = importing_user()
        self.seq = 0
        # The legacy IDs of children with a period of care in the record (an SSDA903 loaded
        # first), whose care may have opened episodes of need the census's take the place of.
        self.in_care: set[str] = set()

    def run(self) -> None:
        for problem in self.census.skipped:
            self.report.refuse(problem.field.rsplit("/", 1)[-1], problem)
        self.in_care = set(
            PeriodOfCare.objects.exclude(child__legacy_id="")
            .filter(child__merged_into__isnull=True)
            .values_list("child__legacy_id", flat=True)
        )
        for child in self.census.children:
            self.load(child)

    # --- one child, all or nothing -----------------------------------------------------------

    def load(self, child: CensusChild) -> None:
        steps: list[Step] = []
        person = Person.objects.filter(legacy_id=child.la_child_id, merged_into__isnull=True).first()
        state = {"person": person}
        self.person_steps(child, state, steps)
        for number, episode in enumerate(child.episodes, start=1):
            self.episode_steps(child, episode, f"CINdetails {number}", state, steps)
        items = list(dict.fromkeys(step.item for step in steps))
        for element, _ in items:
            self.report.count(element, "read")
        outcomes: dict[tuple[str, str], str] = {}
        notes: list[str] = []
        try:
            with transaction.atomic():
                gave_way = []
                if person is not None and child.la_child_id in self.in_care:
                    gave_way = self.give_way(child, person, notes)
                for step in sorted(steps):
                    outcome = self.do(step)
                    if outcomes.get(step.item) != LOADED:
                        outcomes[step.item] = outcome
                if gave_way:
                    self.care_again(child, person, gave_way, notes)
        except ChildRefused as refused:
            for name, message in refused.messages:
                where = ", ".join(p for p in (f"LAchildID {child.la_child_id}", refused.where, name) if p)
                self.report.refused.append(Problem(self.census.name, None, where, message))
            for element, _ in items:
                self.report.count(element, "refused")
            return
        for (element, _), outcome in outcomes.items():
            self.report.count(element, outcome)
        self.report.notes.extend(notes)

    def do(self, step: Step) -> str:
        try:
            with recorded_at(step.day):
                return step.run()
        except ValidationError as error:
            raise ChildRefused(step.item[1], messages_of(error)) from error
        except IntegrityError as error:
            raise ChildRefused(step.item[1], [("", f"refused by the database: {error}")]) from error

    def add(
        self, steps: list[Step], day: date, phase: int, item: tuple[str, str], run, *, floor: date = date.min
    ) -> None:
        """Queue ``run`` for ``day``; a step dated before its episode's referral (which its service
        will refuse) still runs after the referral exists, so the refusal names it."""
        self.seq += 1
        steps.append(Step(max(day, floor), phase, self.seq, item, run))

    def note(self, child: CensusChild, where: str, message: str) -> None:
        self.report.notes.append(f"{self.census.name}, LAchildID {child.la_child_id}, {where}: {message}")

    # --- episodes of need opened for care ---------------------------------------------------------
    #
    # A child looked after is a child in need: a period of care that starts with no episode open
    # opens one (``childinneed.referral_open_for_care``), and some endings close it. An SSDA903
    # loaded before the census has done that with only the care to go on; the census's episodes
    # are the authority's own record of the need, so they take those episodes' place. Each one the
    # census's episodes stand on is removed before they load, and afterwards the care's starts and
    # endings open and close episodes of need again exactly as they do when the census is loaded
    # first (only where no census episode covers the care), so either order gives the same record.

    def give_way(self, child: CensusChild, person: Person, notes: list[str]) -> list[Referral]:
        """Remove the child's episodes of need opened for care (dated the day a period of care
        began, from no contact) that stand where the census's go (``in_the_way``); those removed.
        One the census holds as it is (``fits``) stays, unless it would refuse an earlier one."""
        starts = set(person.periods_of_care.values_list("start_date", flat=True))
        referrals = list(Referral.objects.filter(child=person).order_by("referral_date", "pk"))
        removed = []
        for referral in referrals:
            if referral.referral_date not in starts or referral.contact_id or referral.no_further_action:
                continue
            listed = any(fits(referral, episode, self.year.end) for episode in child.episodes)
            if not any(
                in_the_way(referral, episode, [r for r in referrals if r not in removed], listed=listed)
                for episode in child.episodes
                if not fits(referral, episode, self.year.end)
            ):
                continue
            where = f"episode of need opened for care on {referral.referral_date}"
            with recorded_at(max(referral.referral_date, referral.closure_date or referral.referral_date)):
                self.guard(
                    where,
                    lambda r=referral: referral_opened_for_care_remove(
                        referral=r, by=self.user, reason=GAVE_WAY
                    ),
                )
            removed.append(referral)
            closed = (
                f", closed {referral.closure_date} {referral.closure_reason}" if referral.closure_date else ""
            )
            notes.append(
                f"{self.census.name}, LAchildID {child.la_child_id}: the {where} (source "
                f"{referral.source}, primary need {referral.primary_need}{closed}) gave way to the census's "
                "episodes of need"
            )
        return removed

    def care_again(
        self, child: CensusChild, person: Person, removed: list[Referral], notes: list[str]
    ) -> None:
        """The care's starts and endings, in order, open and close episodes of need as they do
        when an SSDA903 is loaded after the census: one opens only where no episode covers the
        day care began, and an ending that ends the need closes the open one when nothing else
        keeps it open (``referral_open_for_care``, ``referral_close_for_care``)."""
        sources = {referral.referral_date: referral.source for referral in removed}
        events = []
        for period in person.periods_of_care.order_by("start_date"):
            events.append((period.start_date, 0, period))
            if period.end_date and period.reason_ceased in EPISODE_CLOSED_BY_CARE_ENDING:
                events.append((period.end_date, 1, period))
        for day, ending, period in sorted(events, key=lambda event: event[:2]):
            where = f"period of care from {period.start_date}"
            with recorded_at(day):
                if ending:
                    self.guard(
                        where,
                        lambda p=period: referral_close_for_care(
                            child=person,
                            on=p.end_date,
                            closure_reason=EPISODE_CLOSED_BY_CARE_ENDING[p.reason_ceased],
                            by=self.user,
                        ),
                    )
                    continue
                opened = self.guard(
                    where,
                    lambda p=period: referral_open_for_care(
                        child=person,
                        on=p.start_date,
                        primary_need=p.category_of_need,
                        source=sources.get(p.start_date, CARE_REFERRAL_SOURCE),
                        by=self.user,
                    ),
                )
            if opened is not None:
                notes.append(
                    f"{self.census.name}, LAchildID {child.la_child_id}: no census episode covers the {where}, "
                    "so the care opens its own episode of need that day, as when the census loads first"
                )

    def guard(self, where: str, run):
        """Run a service, a refusal refusing the child as a step's does."""
        try:
            return run()
        except ValidationError as error:
            raise ChildRefused(where, messages_of(error)) from error
        except IntegrityError as error:
            raise ChildRefused(where, [("", f"refused by the database: {error}")]) from error

    # --- the child ---------------------------------------------------------------------------

    def person_steps(self, child: CensusChild, state: dict, steps: list[Step]) -> None:
        first = min(episode.referral_date for episode in child.episodes)
        born = child.birth_date
        item = ("Child", "ChildIdentifiers")
        self.add(steps, first, BIRTH, item, lambda: self.person_as_at(child, state, first))
        # An earlier year's census made later may show a birth or death after its reference
        # date; that belongs to the next year, whose import applies it in its place among the
        # episode's steps (an assessment started before birth is completed while unborn).
        if born and born > self.year.end:
            self.note(child, "PersonBirthDate", f"born after {self.year.end}: left to the next year's census")
            born = None
        died = child.death_date if child.death_date and child.death_date <= self.year.end else None
        if born and born > first:
            # Referred before birth: the child is unborn until the day they were born.
            self.add(
                steps,
                born,
                BIRTH,
                item,
                lambda: self.person_change(
                    state, person_type=PersonType.CHILD, date_of_birth=born, sex=child.sex
                ),
            )
        if died and died > first:
            self.add(steps, died, DEATH, item, lambda: self.person_change(state, date_of_death=died))

    def person_as_at(self, child: CensusChild, state: dict, day: date) -> str:
        details = {
            "ethnicity": child.ethnicity,
            "disabilities": list(child.disabilities),
            "upn": child.upn,
            "former_upn": child.former_upn,
            "upn_unknown_reason": "" if child.upn else child.upn_unknown,
            "sex": child.sex,
        }
        if child.death_date and child.death_date <= day:
            details["date_of_death"] = child.death_date
        person = state["person"]
        if child.birth_date and child.birth_date <= min(day, self.year.end):
            details |= {"person_type": PersonType.CHILD, "date_of_birth": child.birth_date}
        elif child.birth_date or child.expected_birth_date:
            # Unborn at the first referral; the census sends sex U for an unborn child.
            expected = child.expected_birth_date or child.birth_date
            if person is None or person.date_of_birth is None:
                details |= {"person_type": PersonType.UNBORN, "expected_date_of_birth": expected, "sex": ""}
            else:
                details.pop("sex")  # a child already born in the record stays born
        if person is None:
            state["person"] = person_create(
                by=self.user, legacy_id=child.la_child_id, **{"person_type": PersonType.CHILD} | details
            )
            return LOADED
        return self.person_change(state, **details)

    def person_change(self, state: dict, **details) -> str:
        person = Person.objects.get(pk=state["person"].pk)
        changed = {name: value for name, value in details.items() if getattr(person, name) != value}
        if not changed:
            return HELD
        state["person"] = person_update(
            person=person, by=self.user, expected_version=person.version, **changed
        )
        return LOADED

    # --- an episode ------------------------------------------------------------------------------

    def episode_steps(
        self, child: CensusChild, episode: CensusEpisode, where: str, state: dict, steps: list[Step]
    ) -> None:
        ep = EpisodeState()

        def add(*args) -> None:
            self.add(*args, floor=episode.referral_date)

        item = ("CINdetails", where)
        add(
            steps, episode.referral_date, REFERRAL, item, lambda: self.refer(child, episode, where, state, ep)
        )
        for number, assessment in enumerate(episode.assessments, start=1):
            here = ("Assessments", f"{where}, Assessments {number}")
            add(steps, assessment.start, STARTS, here, lambda a=assessment: self.assess(ep, a))
            if assessment.authorised:
                phase = SAME_DAY_ENDS if assessment.authorised == assessment.start else ENDS
                add(
                    steps,
                    assessment.authorised,
                    phase,
                    here,
                    lambda a=assessment: self.authorise(ep, a, episode),
                )
        for number, plan in enumerate(episode.cin_plans, start=1):
            here = ("CINPlanDates", f"{where}, CINPlanDates {number}")
            add(steps, plan.start, LATE_STARTS, here, lambda p=plan: self.cin_start(ep, p))
            if plan.end:
                phase = SAME_DAY_ENDS if plan.end == plan.start else ENDS
                add(steps, plan.end, phase, here, lambda p=plan: self.cin_end(ep, p))
        plan_starts = {plan.start: plan for plan in episode.cp_plans}
        conference_days = set()
        for number, enquiry in enumerate(episode.section_47s, start=1):
            here = ("Section47", f"{where}, Section47 {number}")
            day, exact = strategy_day(enquiry, episode.referral_date)
            if not exact:
                self.note(
                    child,
                    here[1],
                    f"no strategy discussion on or before the enquiry gives the InitialCPCtarget "
                    f"{enquiry.icpc_target}; it is recorded on the enquiry's start, {enquiry.start}",
                )
            add(steps, day, STARTS, here, lambda e=enquiry, d=day: self.strategy(ep, e, d))
            add(steps, enquiry.start, STARTS, here, lambda e=enquiry: self.enquiry(ep, e))
            if enquiry.icpc:
                conference_days.add(enquiry.icpc)
                plan = plan_starts.get(enquiry.icpc)
                add(steps, enquiry.icpc, LATE_STARTS, here, lambda e=enquiry, p=plan: self.icpc(ep, e, p))
            elif enquiry.icpc_not_required:
                # The census gives no date for the conclusion: the first day it can have been
                # that this year's census still shows it.
                concluded = max(enquiry.start, self.year.start)
                phase = SAME_DAY_ENDS if concluded == enquiry.start else ENDS
                add(
                    steps,
                    concluded,
                    phase,
                    here,
                    lambda e=enquiry, d=concluded: self.no_icpc(ep, e, d, episode),
                )
        if episode.transfer_in_icpc:
            day = episode.transfer_in_icpc
            conference_days.add(day)
            add(
                steps,
                day,
                LATE_STARTS,
                ("CINdetails", where),
                lambda d=day: self.transfer_in(ep, d, plan_starts.get(d)),
            )
        for number, plan in enumerate(episode.cp_plans, start=1):
            here = ("ChildProtectionPlans", f"{where}, ChildProtectionPlans {number}")
            if plan.start not in conference_days:
                add(steps, plan.start, LATE_STARTS, here, lambda p=plan: self.plan_before_the_year(ep, p))
            add(
                steps,
                plan.start,
                LATE_STARTS,
                here,
                lambda p=plan, h=here[1]: self.carry_over(child, ep, p, h),
            )
            for review in plan.reviews:
                add(
                    steps,
                    review,
                    ENDS,
                    ("Reviews", f"{here[1]}, CPPreviewDate {review}"),
                    lambda p=plan, d=review: self.review(ep, p, d),
                )
            if plan.end and plan.end not in plan.reviews:
                add(steps, plan.end, ENDS, here, lambda p=plan: self.cp_end(ep, p))
        for number, record in enumerate(episode.pre_proceedings, start=1):
            here = ("PreProceedingsandFGDM", f"{where}, PreProceedingsandFGDM {number}")
            self.pre_proceedings_steps(child, episode, ep, record, here, add, steps)
        if episode.closure_date and not episode.no_further_action:
            add(steps, episode.closure_date, CLOSE, item, lambda: self.close(ep, episode))

    def refer(
        self, child: CensusChild, episode: CensusEpisode, where: str, state: dict, ep: EpisodeState
    ) -> str:
        person = state["person"]
        held = (
            Referral.objects.filter(
                child=person, referral_date=episode.referral_date, no_further_action=episode.no_further_action
            )
            .order_by("-pk")
            .first()
        )
        if held is not None:
            ep.referral = held
            return HELD
        ep.referral = referral_create(
            child=person,
            referral_date=episode.referral_date,
            source=episode.source,
            primary_need=episode.primary_need,
            no_further_action=episode.no_further_action,
            by=self.user,
        )
        nfa_closure = (episode.referral_date, NFA_CLOSURE_REASON)
        if episode.no_further_action and (episode.closure_date, episode.closure_reason) != nfa_closure:
            self.note(
                child,
                where,
                "a referral with no further action closes the day it opens with RC7 in Hearth; "
                f"the file gave {episode.closure_date or 'no closure'} {episode.closure_reason}".rstrip(),
            )
        return LOADED

    def _referral(self, ep: EpisodeState) -> Referral:
        ep.referral = Referral.objects.get(pk=ep.referral.pk)
        return ep.referral

    # --- assessments and CIN plans ---------------------------------------------------------

    def assess(self, ep: EpisodeState, assessment) -> str:
        referral = self._referral(ep)
        if referral.assessments.filter(start_date=assessment.start).exists():
            return HELD
        assessment_start(referral=referral, start_date=assessment.start, by=self.user)
        return LOADED

    def authorise(self, ep: EpisodeState, assessment, episode: CensusEpisode) -> str:
        record = self._referral(ep).assessments.get(start_date=assessment.start)
        if record.authorised_on is not None:
            return HELD
        if record.completed_on is None:
            # The census has no completion date: completed the day it was authorised.
            record = assessment_complete(
                assessment=record,
                completed_on=assessment.authorised,
                factors=assessment.factors,
                outcome=assessment_outcome(episode),
                by=self.user,
            )
        assessment_authorise(assessment=record, authorised_on=assessment.authorised, by=self.user)
        return LOADED

    def cin_start(self, ep: EpisodeState, plan) -> str:
        referral = self._referral(ep)
        if referral.cin_plans.filter(start_date=plan.start).exists():
            return HELD
        cin_plan_start(referral=referral, start_date=plan.start, by=self.user)
        return LOADED

    def cin_end(self, ep: EpisodeState, plan) -> str:
        record = self._referral(ep).cin_plans.get(start_date=plan.start)
        if record.end_date is not None:
            return HELD
        cin_plan_end(plan=record, end_date=plan.end, by=self.user)
        return LOADED

    # --- section 47 enquiries and conferences ----------------------------------------------

    def _enquiry(self, ep: EpisodeState, start: date) -> Section47 | None:
        return self._referral(ep).section_47s.filter(start_date=start).order_by("pk").first()

    def strategy(self, ep: EpisodeState, enquiry: CensusSection47, day: date) -> str:
        if self._enquiry(ep, enquiry.start) is not None:
            return HELD
        ep.strategies[id(enquiry)] = strategy_discussion_record(
            referral=ep.referral,
            held_on=day,
            attendees=ATTENDEES,
            section_47_initiated=True,
            decision_notes=IMPORTED,
            by=self.user,
        )
        return LOADED

    def enquiry(self, ep: EpisodeState, enquiry: CensusSection47) -> str:
        if self._enquiry(ep, enquiry.start) is not None:
            return HELD
        section_47_start(
            strategy_discussion=ep.strategies[id(enquiry)], start_date=enquiry.start, by=self.user
        )
        return LOADED

    def icpc(self, ep: EpisodeState, enquiry: CensusSection47, plan: CensusCPPlan | None) -> str:
        record = self._enquiry(ep, enquiry.start)
        if record.conferences.filter(kind=Conference.Kind.INITIAL).exists():
            return HELD
        self._initial_conference(ep, record, enquiry.icpc, plan, IMPORTED)
        return LOADED

    def _initial_conference(self, ep, record: Section47, day: date, plan, notes: str) -> None:
        if record.completed_on is None:
            record = section_47_conclude(
                section_47=record, completed_on=day, outcome=Section47.Outcome.CONFERENCE, by=self.user
            )
        if plan:
            ep.new_plans.add(day)
        conference_hold(
            referral=ep.referral,
            kind=Conference.Kind.INITIAL,
            held_on=day,
            chair=self.user,
            outcome=Conference.Outcome.PLAN if plan else Conference.Outcome.NO_PLAN,
            category=plan.initial_category if plan else "",
            section_47=record,
            by=self.user,
            notes=notes,
        )

    def no_icpc(self, ep: EpisodeState, enquiry: CensusSection47, day: date, episode: CensusEpisode) -> str:
        record = self._enquiry(ep, enquiry.start)
        if record.completed_on is not None:
            return HELD
        # Which of the two "no conference" outcomes it was is not in the census: a CIN plan
        # after the enquiry says the concerns were substantiated.
        cin_after = any(plan.start >= enquiry.start for plan in episode.cin_plans)
        outcome = (
            Section47.Outcome.SUBSTANTIATED_NO_CONFERENCE
            if cin_after
            else Section47.Outcome.NOT_SUBSTANTIATED
        )
        section_47_conclude(section_47=record, completed_on=day, outcome=outcome, by=self.user)
        return LOADED

    def transfer_in(self, ep: EpisodeState, day: date, plan: CensusCPPlan | None) -> str:
        referral = self._referral(ep)
        if referral.conferences.filter(kind=Conference.Kind.TRANSFER_IN, held_on=day).exists():
            return HELD
        if plan:
            ep.new_plans.add(day)
        conference_hold(
            referral=referral,
            kind=Conference.Kind.TRANSFER_IN,
            held_on=day,
            chair=self.user,
            outcome=Conference.Outcome.PLAN if plan else Conference.Outcome.NO_PLAN,
            category=plan.initial_category if plan else "",
            by=self.user,
            notes=IMPORTED,
        )
        return LOADED

    # --- child protection plans ------------------------------------------------------------

    def _plan(self, ep: EpisodeState, start: date) -> ChildProtectionPlan:
        return self._referral(ep).cp_plans.get(start_date=start)

    def plan_before_the_year(self, ep: EpisodeState, plan: CensusCPPlan) -> str:
        referral = self._referral(ep)
        if referral.cp_plans.filter(start_date=plan.start).exists():
            return HELD
        if plan.start >= self.year.start:
            raise ValidationError(
                {
                    "CPPstartDate": f"No initial or transfer-in conference in this episode is held on "
                    f"{plan.start}, the day the plan starts (DfE 2885); Hearth starts a plan only at "
                    "its conference"
                }
            )
        strategy = strategy_discussion_record(
            referral=referral,
            held_on=plan.start,
            attendees=ATTENDEES,
            section_47_initiated=True,
            decision_notes=BEFORE_THE_YEAR,
            by=self.user,
        )
        record = section_47_start(strategy_discussion=strategy, start_date=plan.start, by=self.user)
        self._initial_conference(ep, record, plan.start, plan, BEFORE_THE_YEAR)
        return LOADED

    def carry_over(self, child: CensusChild, ep: EpisodeState, plan: CensusCPPlan, where: str) -> str:
        record = self._plan(ep, plan.start)
        held_before = ChildProtectionPlan.objects.filter(
            referral__child=ep.referral.child_id, start_date__lt=plan.start
        ).count()
        elsewhere = plan.previous_plans - held_before
        if elsewhere < 0:
            self.note(
                child,
                where,
                f"NumberOfPreviousCPP is {plan.previous_plans} but Hearth holds {held_before} earlier plans",
            )
            elsewhere = 0
        # A category changed at a review before the census year: no review here to carry it.
        category = plan.latest_category if not plan.reviews else ""
        if elsewhere == record.earlier_plans_elsewhere and category in ("", record.latest_category):
            return LOADED if plan.start in ep.new_plans else HELD
        cp_plan_carry_over(
            plan=record, by=self.user, earlier_plans_elsewhere=elsewhere, latest_category=category
        )
        return LOADED

    def review(self, ep: EpisodeState, plan: CensusCPPlan, day: date) -> str:
        record = self._plan(ep, plan.start)
        if record.review_conferences.filter(held_on=day).exists():
            return HELD
        last = day == plan.reviews[-1]
        category = plan.latest_category if last and plan.latest_category != record.latest_category else ""
        conference_hold(
            referral=ep.referral,
            kind=Conference.Kind.REVIEW,
            held_on=day,
            chair=self.user,
            outcome=Conference.Outcome.END_PLAN if day == plan.end else Conference.Outcome.CONTINUE,
            category=category,
            by=self.user,
            notes=IMPORTED,
        )
        return LOADED

    def cp_end(self, ep: EpisodeState, plan: CensusCPPlan) -> str:
        record = self._plan(ep, plan.start)
        if record.end_date is not None:
            return HELD
        cp_plan_end(plan=record, end_date=plan.end, reason=ENDED_ELSEWHERE, by=self.user)
        return LOADED

    # --- pre-proceedings ---------------------------------------------------------------------

    def pre_proceedings_steps(
        self,
        child: CensusChild,
        episode: CensusEpisode,
        ep: EpisodeState,
        record: CensusPreProceedings,
        here,
        add,
        steps,
    ) -> None:
        """The start, then each dated step on its day (in the order the steps follow one another
        when two share a day); what carries no date of its own goes with the step it belongs to."""
        state: dict = {}
        add(steps, record.start, LATE_STARTS, here, lambda: self.pp_start(ep, record, state))
        letter = {"letter_sent_on": record.letter_sent, "fgdm_offered": record.fgdm_offered}
        facilitated = (
            {"fgdm_facilitated": record.fgdm_facilitated} if record.fgdm_facilitated is not None else {}
        )
        if record.letter_sent:
            add(
                steps,
                record.letter_sent,
                LATE_STARTS,
                here,
                lambda: self.pp_step(state, **letter, **facilitated),
            )
        elif facilitated:
            add(steps, record.start, LATE_STARTS, here, lambda: self.pp_step(state, **facilitated))
        if record.initial_meeting:
            add(
                steps,
                record.initial_meeting,
                LATE_STARTS,
                here,
                lambda: self.pp_step(state, initial_meeting_on=record.initial_meeting),
            )
            if record.review_meetings:
                until = min(
                    day
                    for day in (
                        record.step_decision,
                        episode.closure_date,
                        self.year.end,
                        timezone.localdate(),
                    )
                    if day
                )
                add(
                    steps,
                    record.initial_meeting,
                    LATE_STARTS,
                    here,
                    lambda: self.pp_reviews(state, record.review_meetings, until),
                )
                self.note(
                    child,
                    here[1],
                    f"ReviewMeetingsCount {record.review_meetings}: the census gives no dates, so the review "
                    f"meetings are dated evenly between the initial meeting and {until}",
                )
        if record.step_decision:
            add(
                steps,
                record.step_decision,
                LATE_STARTS,
                here,
                lambda: self.pp_step(state, step_decision_on=record.step_decision, outcome=record.outcome),
            )
        if record.court_application:
            add(
                steps,
                record.court_application,
                LATE_STARTS,
                here,
                lambda: self.pp_step(state, court_application_on=record.court_application),
            )
        if record.proceedings_letter:
            add(
                steps,
                record.proceedings_letter,
                LATE_STARTS,
                here,
                lambda: self.pp_step(state, proceedings_letter_on=record.proceedings_letter),
            )

    def pp_start(self, ep: EpisodeState, record: CensusPreProceedings, state: dict) -> str:
        referral = self._referral(ep)
        held = referral.pre_proceedings.filter(decided_on=record.start).first()
        if held is not None:
            state["record"] = held
            return HELD
        state["record"] = pre_proceedings_start(referral=referral, decided_on=record.start, by=self.user)
        return LOADED

    def pp_step(self, state: dict, **steps) -> str:
        held = PreProceedings.objects.get(pk=state["record"].pk)
        changed = {name: value for name, value in steps.items() if getattr(held, name) != value}
        if not changed:
            return HELD
        state["record"] = pre_proceedings_update(
            pre_proceedings=held, by=self.user, expected_version=held.version, **changed
        )
        return LOADED

    def pp_reviews(self, state: dict, wanted: int, until: date) -> str:
        record = PreProceedings.objects.get(pk=state["record"].pk)
        held = list(record.review_meetings.order_by("held_on").values_list("held_on", flat=True))
        missing = wanted - len(held)
        if missing <= 0:
            return HELD
        after = max([record.initial_meeting_on, *held])
        span = (until - after).days
        for number in range(1, missing + 1):
            day = after + timedelta(days=span * number // (missing + 1) or number)
            with recorded_at(day):
                record = PreProceedings.objects.get(pk=record.pk)
                pre_proceedings_review_meeting_record(pre_proceedings=record, held_on=day, by=self.user)
        return LOADED

    # --- closure -----------------------------------------------------------------------------

    def close(self, ep: EpisodeState, episode: CensusEpisode) -> str:
        referral = self._referral(ep)
        if referral.closure_date is not None:
            return HELD
        referral_close(
            referral=referral,
            closure_date=episode.closure_date,
            closure_reason=episode.closure_reason,
            by=self.user,
            # DfE leaves out an assessment authorised before the year, so an episode from an
            # earlier year may close "after assessment" with none in the file.
            assessed_before_record=episode.closure_reason in AFTER_ASSESSMENT_REASONS
            and not episode.assessments
            and episode.referral_date < self.year.start,
        )
        return LOADED


def import_cin_census(path: Path, *, year: str | None = None) -> ImportReport:
    """Load the census message at ``path``; ImportFailed (nothing saved) if the file fails."""
    census = read_census(path, year=collection_year(year) if year else None)
    report = ImportReport()
    with transaction.atomic():
        CensusImport(census, report).run()
    return report
