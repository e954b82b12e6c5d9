"""Demo journeys: histories for a share of the demo's children, through the journey services.

Each journey is planned first (pure Python, from the ``rng``): a list of dated steps from the
contact at the front door through referral, assessment, child in need or child protection,
to closure. Steps dated after the demo's today are dropped, so recent journeys stay open with
work due (and, where the plan is slow, overdue). Then every step is carried out through the
same service a worker's click calls, with the demo clock set to the step's date, so records
dated in the past carry the dates a worker would have given them.

The open cases go first to the ``socialworker`` sign-in (a full caseload), then to the other
social work sign-ins; the ``teammanager`` sign-in manages ``socialworker``'s team. Visits and
notes are recorded in batches at the end (``case_notes_record_many``).
"""

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from unittest import mock

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from tqdm import tqdm

from hearth.accounts.models import User
from hearth.accounts.roles import Role
from hearth.allocation.services import case_allocate, case_transfer
from hearth.assessment.services import assessment_authorise, assessment_complete, assessment_start
from hearth.casenotes.services import case_notes_record_many
from hearth.childinneed.selectors import open_referral
from hearth.childinneed.services import cin_plan_end, cin_plan_review_add, cin_plan_start, referral_close
from hearth.childprotection.services import (
    conference_hold,
    core_group_record,
    section_47_conclude,
    section_47_start,
    strategy_discussion_record,
)
from hearth.earlyhelp.selectors import open_episode
from hearth.earlyhelp.services import early_help_end
from hearth.frontdoor.services import (
    REFERRAL_DECISIONS,
    contact_decide,
    contact_record,
    contact_sign_off,
)
from hearth.organisation.models import StaffMember, Team, TeamType
from hearth.people.models import Person, PersonType
from hearth.timescales.working_days import add_working_days, is_working_day

# The share of the demo's children who have a history with the trust, and the socialworker's
# caseload of open cases.
SHARE_WITH_HISTORY = 0.15
MIN_JOURNEYS = 12
CASELOAD = 18
NOTES_BATCH = 20_000

SOURCES = ["1A", "1D", "2A", "2A", "2A", "3A", "3B", "3E", "4", "5A", "5D", "6", "6", "6", "8", "9"]
PRIMARY_NEEDS = ["N1", "N1", "N1", "N2", "N3", "N4", "N4", "N5", "N5", "N6", "N7", "N8"]
FACTORS = [
    "1B",
    "2B",
    "3A",
    "3B",
    "3C",
    "4B",
    "5B",
    "6B",
    "7A",
    "10A",
    "11A",
    "13A",
    "14A",
    "15A",
    "16A",
    "17A",
    "18C",
    "24A",
]
CATEGORIES = ["NEG", "NEG", "NEG", "EMO", "EMO", "PHY", "SAB"]
CONCERNS = [
    "School report the child arrived hungry and in the same clothes for several days.",
    "Police attended a domestic incident at the home overnight; the children were present.",
    "Health visitor concerned about the home conditions and the baby's weight.",
    "The child disclosed to a teacher that they were hit by a parent's partner.",
    "Neighbour reports the children are often left alone in the evenings.",
    "GP concerned about a parent's mental health and the care of the children.",
    "A&E attendance with an injury that does not fit the explanation given.",
    "Parent asking for help with the child's behaviour at home and at school.",
    "Anonymous caller worried about drug use at the address.",
    "Missing from home overnight; found by police in the city centre.",
]
VISIT_NOTES = [
    "Visited at home. Mother and the children present; the home was warm and tidy.",
    "Visited after school. Spoke with the child in their bedroom, then with the parent.",
    "Unannounced visit. The children were playing in the front room; food in the cupboards.",
    "Visited with the family support worker to go through the plan with the parents.",
]
VOICES = [
    "Said they feel safe at home now and like their new teacher.",
    "Showed me a drawing of the family; said they miss their dad.",
    "Did not want to talk today; said they were tired.",
    "Said the shouting has stopped and they sleep better.",
    "Worried about mum being sad; likes going to the youth club.",
]
OTHER_NOTES = [
    ("phone", "Phoned school: attendance 92% this term, no new concerns."),
    ("meeting", "Professionals' meeting with school, health visitor and police; plan agreed."),
    ("note", "Checked the police log: no further call-outs since the last visit."),
    ("manager", "Management oversight: plan is progressing; keep visiting fortnightly."),
]


@contextmanager
def demo_clock(moment: datetime) -> Iterator[None]:
    """Services stamp ``now`` on what they record (decided at, signed off at); the demo sets
    the clock to the step's moment so a contact from 2024 is decided in 2024. A plain function
    rather than a ``MagicMock``: building a mock for each of a large demo's million steps cost
    more than some of the steps."""
    with mock.patch("django.utils.timezone.now", new=lambda: moment):
        yield


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _working(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _wd(day: date, count: int) -> date:
    return add_working_days(day, count)


@dataclass
class Step:
    day: date
    hour: int
    action: str
    args: dict = field(default_factory=dict)


@dataclass
class Journey:
    child: Person
    steps: list[Step] = field(default_factory=list)
    visits: list[tuple[date, str]] = field(default_factory=list)  # (day, note kind)
    referral: bool = False
    closes: bool = False
    # Part of the front door's yearly flow at the sizing table's rates (the most recent years).
    flow: bool = False
    child_protection: bool = False
    worker: User | None = None
    team: Team | None = None
    transfer_team: Team | None = None

    def add(self, day: date, hour: int, action: str, **args) -> None:
        self.steps.append(Step(day, hour, action, args))


# --- planning: dates and decisions, from the rng ---------------------------------------------


DECISIONS = ["nfa", "advice", "early_help", "referral", "strategy"]
# A share of the demo's children with one journey each: more of them reach social work.
HISTORY_WEIGHTS = [30, 15, 12, 28, 15]
# The front door's real flow (timescales.md section 12): about 30% of contacts become referrals
# (15,000 of 50,000 a year), and over a third of those a strategy discussion.
FLOW_WEIGHTS = [36, 20, 14, 19, 11]
# Section 47 outcomes: an initial conference, substantiated but child in need, not substantiated.
# In the flow about 1,600 conferences follow 5,500 enquiries a year (section 12).
HISTORY_S47_OUTCOMES = [65, 20, 15]
FLOW_S47_OUTCOMES = [30, 35, 35]


def _plan(
    rng: random.Random,
    child: Person,
    start: date,
    today: date,
    weights: list[int] = HISTORY_WEIGHTS,
    s47_outcomes: list[int] = HISTORY_S47_OUTCOMES,
) -> Journey:
    journey = Journey(child)
    received = _working(start)
    journey.add(
        received, rng.randint(9, 15), "contact", source=rng.choice(SOURCES), concerns=rng.choice(CONCERNS)
    )
    decision = rng.choices(DECISIONS, weights=weights)[0]
    decided = received if rng.random() < 0.8 else _wd(received, 1)
    journey.add(decided, 16, "decide", decision=decision)
    signed = decided if rng.random() < 0.7 else _wd(decided, 1)
    journey.add(signed, 17, "sign_off", primary_need=rng.choice(PRIMARY_NEEDS))
    if decision == "early_help":
        journey.add(signed + timedelta(days=rng.randint(90, 270)), 12, "early_help_end")
    if decision not in ("referral", "strategy"):
        return _trimmed(journey, today, rng)

    journey.referral = True
    journey.add(signed, 17, "allocate")
    assessment_on = _wd(signed, rng.randint(1, 3))
    journey.add(assessment_on, 10, "assessment_start")
    # Most assessments finish in time; some run late.
    completed = _wd(received, rng.randint(25, 42) if rng.random() < 0.8 else rng.randint(46, 60))
    authorised = _wd(completed, rng.randint(1, 4))
    last = authorised
    if decision == "strategy":
        journey.child_protection = True
        last = max(last, _plan_child_protection(rng, journey, received, s47_outcomes))
        outcome = "strategy"
    else:
        outcome = rng.choices(["nfa", "early_help", "cin"], weights=[40, 10, 50])[0]
    factors = rng.sample(FACTORS, rng.randint(1, 3))
    journey.add(completed, 15, "assessment_complete", factors=factors, outcome=outcome)
    journey.add(authorised, 11, "assessment_authorise")
    for _ in range(rng.randint(0, 2)):
        journey.visits.append((_wd(received, rng.randint(3, 40)), "home_visit"))
    if outcome == "cin":
        last = _plan_child_in_need(rng, journey, authorised)
    reason = {"nfa": "RC8", "early_help": "RC9"}.get(outcome, "RC7")
    journey.add(_wd(max(last, authorised), rng.randint(5, 25)), 12, "close", reason=reason)
    return _trimmed(journey, today, rng)


def _plan_child_in_need(rng: random.Random, journey: Journey, authorised: date) -> date:
    start = _wd(authorised, rng.randint(2, 10))
    journey.add(start, 14, "cin_plan_start")
    day = start
    reviews = rng.randint(1, 4)
    for _ in range(reviews):
        # Reviewed about every three months, some late.
        day = _working(day + relativedelta(months=3) + timedelta(days=rng.randint(-10, 20)))
        journey.add(day, 13, "cin_review")
    visit = start
    while visit < day:
        visit = _wd(visit, rng.randint(15, 30))
        journey.visits.append((visit, "cin_visit"))
    end = _wd(day, rng.randint(0, 10))
    journey.add(end, 15, "cin_plan_end")
    return end


def _plan_child_protection(
    rng: random.Random, journey: Journey, received: date, outcome_weights: list[int]
) -> date:
    # The decision is signed off first: the referral (and its clocks) start from the contact.
    signed = next(step.day for step in journey.steps if step.action == "sign_off")
    strategy = _wd(signed, rng.randint(1, 2))
    journey.add(strategy, 11, "strategy")
    journey.add(strategy, 14, "s47_start")
    outcome = rng.choices(["conference", "substantiated_cin", "not_substantiated"], weights=outcome_weights)[
        0
    ]
    concluded = _wd(strategy, rng.randint(6, 12))
    journey.add(concluded, 16, "s47_conclude", outcome=outcome)
    if outcome != "conference":
        return concluded
    # Most initial conferences are within 15 working days; a few are late.
    icpc = max(_wd(strategy, rng.randint(10, 15) if rng.random() < 0.8 else rng.randint(16, 20)), concluded)
    journey.add(icpc, 10, "icpc", category=rng.choice(CATEGORIES))
    day = _wd(icpc, rng.randint(6, 12))
    # Core groups: the first within about ten working days, then every four to six weeks.
    reviews = [icpc + relativedelta(months=3) + timedelta(days=rng.randint(-7, 5))]
    ends_at = rng.choices([1, 2, 3], weights=[45, 40, 15])[0]
    while len(reviews) < ends_at:
        reviews.append(reviews[-1] + relativedelta(months=6) + timedelta(days=rng.randint(-14, 5)))
    reviews = [_working(review) for review in reviews]
    end = reviews[-1]
    while day < end:
        journey.add(day, 13, "core_group")
        day = _wd(day, rng.randint(20, 30))
    visit = icpc
    while True:
        visit = _wd(visit, rng.randint(6, 11) if rng.random() < 0.85 else rng.randint(12, 16))
        if visit >= end:
            break
        journey.visits.append((visit, "cp_visit"))
    for number, review in enumerate(reviews, start=1):
        journey.add(review, 10, "review_conference", ends=number == len(reviews))
    return end


def _trimmed(journey: Journey, today: date, rng: random.Random) -> Journey:
    """Keep only what happened by today: the rest of the journey is still to come.

    About a third of workers are behind: their journey stopped a week or more ago, so its
    visits, conferences and decisions are now overdue on the worktray.
    """
    if rng.random() < 0.35:
        today = today - timedelta(days=rng.randint(8, 30))
    journey.steps.sort(key=lambda step: (step.day, step.hour))
    kept = [step for step in journey.steps if step.day < today]
    journey.closes = any(step.action == "close" for step in kept)
    journey.steps = kept
    open_plan_end = next(
        (step.day for step in journey.steps if step.action == "review_conference" and step.args["ends"]),
        today,
    )
    cin_end = next((step.day for step in journey.steps if step.action == "cin_plan_end"), today)
    journey.visits = [
        (day, kind)
        for day, kind in journey.visits
        if day
        < min(today, open_plan_end if kind == "cp_visit" else cin_end if kind == "cin_visit" else today)
    ]
    return journey


# --- carrying the steps out through the services ---------------------------------------------


@dataclass
class Cast:
    front_door: User
    manager: User
    chair: User
    workers: list[User]
    team_of: dict[int, Team]
    area_teams: list[Team]
    safeguarding_teams: list[Team]


@dataclass
class State:
    contact: object = None
    referral: object = None
    assessment: object = None
    strategy: object = None
    section_47: object = None
    plan: object = None
    cin_plan: object = None


def _cast() -> Cast:
    users = {
        user.username: user for user in User.objects.filter(username__in=["frontdoor", "teammanager", "iro"])
    }
    workers = list(User.objects.filter(groups__name=Role.SOCIAL_WORKER).order_by("pk"))
    staff = StaffMember.objects.filter(user__in=workers, team__isnull=False).select_related("team")
    team_of = {member.user_id: member.team for member in staff}
    area_teams = list(
        Team.objects.filter(team_type__in=[TeamType.ASSESSMENT, TeamType.SAFEGUARDING]).order_by("pk")
    )
    return Cast(
        front_door=users["frontdoor"],
        manager=users["teammanager"],
        chair=users["iro"],
        workers=_across_teams([worker for worker in workers if worker.pk in team_of], team_of),
        team_of=team_of,
        area_teams=area_teams,
        safeguarding_teams=[team for team in area_teams if team.team_type == TeamType.SAFEGUARDING],
    )


def _across_teams(workers: list[User], team_of: dict[int, Team]) -> list[User]:
    """The first worker (the ``socialworker`` sign-in) first, then the rest taking turns team by
    team, so that when caseloads are filled in this order the open cases spread over the teams
    as they would in a real authority rather than filling the first team's workers."""
    if not workers:
        return workers
    rank_in_team: dict[int, int] = {}
    ordered = []
    for worker in workers[1:]:
        team_id = team_of[worker.pk].pk
        rank_in_team[team_id] = rank_in_team.get(team_id, -1) + 1
        ordered.append((rank_in_team[team_id], team_id, worker.pk, worker))
    return [workers[0]] + [worker for *_, worker in sorted(ordered, key=lambda item: item[:3])]


def _run(journey: Journey, cast: Cast) -> None:
    state = State()
    worker = journey.worker or cast.manager
    actions: dict[str, Callable[..., None]] = {}

    def contact(source: str, concerns: str) -> None:
        state.contact = contact_record(
            received_at=timezone.now(),
            source=source,
            concerns=concerns,
            contact_organisation="",
            people=[(journey.child, "subject")],
            by=cast.front_door,
        )

    def decide(decision: str) -> None:
        reasons = {
            "nfa": "Information shared does not meet the threshold; no role for children's services.",
            "advice": "Advice given to the referrer about universal services.",
            "early_help": "Needs can be met by family support; the family agreed.",
            "referral": "The child may be in need: a social work assessment is needed.",
            "strategy": "Reasonable cause to suspect significant harm: strategy discussion needed.",
        }
        state.contact = contact_decide(
            contact=state.contact,
            decision=decision,
            reason=reasons[decision],
            by=cast.front_door,
            expected_version=state.contact.version,
        )

    def sign_off(primary_need: str) -> None:
        state.contact = contact_sign_off(
            contact=state.contact,
            by=cast.manager,
            expected_version=state.contact.version,
            primary_need=primary_need,
        )
        # Only a referral decision opens one: other sign-offs leave nothing to read back.
        if state.contact.decision in REFERRAL_DECISIONS:
            state.referral = open_referral(journey.child)

    def early_help_end_() -> None:
        episode = open_episode(journey.child)
        if episode is not None:
            early_help_end(
                episode=episode,
                end_date=timezone.localdate(),
                outcome="needs_met",
                by=cast.front_door,
                expected_version=episode.version,
            )

    def allocate() -> None:
        case_allocate(
            child=journey.child,
            team=journey.team,
            worker=journey.worker,
            start_date=timezone.localdate(),
            by=cast.manager,
            reason="New referral",
        )

    def assessment_start_() -> None:
        state.assessment = assessment_start(
            referral=state.referral, start_date=timezone.localdate(), by=worker
        )

    def assessment_complete_(factors: list[str], outcome: str) -> None:
        state.assessment = assessment_complete(
            assessment=state.assessment,
            completed_on=timezone.localdate(),
            factors=factors,
            outcome=outcome,
            by=worker,
        )

    def assessment_authorise_() -> None:
        state.assessment = assessment_authorise(
            assessment=state.assessment, authorised_on=timezone.localdate(), by=cast.manager
        )

    def strategy() -> None:
        state.strategy = strategy_discussion_record(
            referral=state.referral,
            held_on=timezone.localdate(),
            attendees=[
                {"agency": "Police", "name": "DC Morgan"},
                {"agency": "Health", "name": "Named nurse"},
                {"agency": "Education", "name": "Designated safeguarding lead"},
            ],
            section_47_initiated=True,
            decision_notes="Threshold for a section 47 enquiry met.",
            by=worker,
        )

    def s47_start() -> None:
        state.section_47 = section_47_start(
            strategy_discussion=state.strategy, start_date=timezone.localdate(), by=worker
        )

    def s47_conclude(outcome: str) -> None:
        state.section_47 = section_47_conclude(
            section_47=state.section_47, completed_on=timezone.localdate(), outcome=outcome, by=worker
        )

    def icpc(category: str) -> None:
        conference = conference_hold(
            referral=state.referral,
            kind="initial",
            held_on=timezone.localdate(),
            chair=cast.chair,
            outcome="plan",
            category=category,
            section_47=state.section_47,
            by=cast.chair,
        )
        state.plan = conference.plan_started
        if journey.transfer_team is not None:
            case_transfer(
                child=journey.child,
                to_team=journey.transfer_team,
                to_worker=None,
                on=timezone.localdate(),
                by=cast.manager,
                reason="Child protection plan: transferred to safeguarding",
            )

    def core_group() -> None:
        core_group_record(
            plan=state.plan, held_on=timezone.localdate(), by=worker, notes="Plan reviewed with the family."
        )

    def review_conference(ends: bool) -> None:
        conference_hold(
            referral=state.referral,
            kind="review",
            held_on=timezone.localdate(),
            chair=cast.chair,
            outcome="end_plan" if ends else "continue",
            by=cast.chair,
        )

    def cin_plan_start_() -> None:
        state.cin_plan = cin_plan_start(referral=state.referral, start_date=timezone.localdate(), by=worker)

    def cin_review() -> None:
        cin_plan_review_add(
            plan=state.cin_plan, review_date=timezone.localdate(), by=worker, notes="Plan reviewed."
        )

    def cin_plan_end_() -> None:
        cin_plan_end(plan=state.cin_plan, end_date=timezone.localdate(), by=worker)

    def close(reason: str) -> None:
        referral_close(
            referral=state.referral, closure_date=timezone.localdate(), closure_reason=reason, by=cast.manager
        )

    actions.update(
        contact=contact,
        decide=decide,
        sign_off=sign_off,
        early_help_end=early_help_end_,
        allocate=allocate,
        assessment_start=assessment_start_,
        assessment_complete=assessment_complete_,
        assessment_authorise=assessment_authorise_,
        strategy=strategy,
        s47_start=s47_start,
        s47_conclude=s47_conclude,
        icpc=icpc,
        core_group=core_group,
        review_conference=review_conference,
        cin_plan_start=cin_plan_start_,
        cin_review=cin_review,
        cin_plan_end=cin_plan_end_,
        close=close,
    )
    for step in journey.steps:
        with demo_clock(_at(step.day, step.hour)):
            actions[step.action](**step.args)


def _notes_for(rng: random.Random, journey: Journey, cast: Cast, today: date) -> list[dict]:
    by = journey.worker or rng.choice(cast.workers)
    notes = []
    for day, kind in journey.visits:
        seen = rng.random() < 0.9
        notes.append(
            {
                "children": [journey.child],
                "occurred_at": _at(day, rng.randint(9, 17)),
                "kind": kind,
                "narrative": rng.choice(VISIT_NOTES),
                "child_seen": seen,
                "child_seen_alone": seen and rng.random() < 0.6,
                "child_voice": rng.choice(VOICES) if seen else "",
                "by": by,
            }
        )
    if journey.referral and journey.steps:
        first = journey.steps[0].day
        # Earlier years' cases are written up as often; their own generator keeps the rest of
        # the demo as it was.
        recording_rng = rng if journey.flow else random.Random(f"recording-{journey.child.pk}-{first}")
        notes.extend(_case_recording(recording_rng, journey, by, today))
        for _ in range(rng.randint(1, 2)):
            kind, text = rng.choice(OTHER_NOTES)
            day = _wd(first, rng.randint(1, 20))
            if day >= today:
                continue
            notes.append(
                {
                    "children": [journey.child],
                    "occurred_at": _at(day, 11),
                    "kind": kind,
                    "narrative": text,
                    "by": by,
                }
            )
    return notes


def _case_recording(rng: random.Random, journey: Journey, by: User, today: date) -> list[dict]:
    """The case written up while it is open, from a few days after the contact."""
    first = journey.steps[0].day
    last = journey.steps[-1].day if journey.closes else today - timedelta(days=1)
    return case_recording(rng, journey.child, first, last, by, OTHER_NOTES, first_after=(2, 5))


def case_recording(
    rng: random.Random,
    child: Person,
    first: date,
    last: date,
    by: User,
    texts: list[tuple[str, str]],
    *,
    first_after: tuple[int, int],
) -> list[dict]:
    """Calls, meetings, checks and oversight written up every one to three working days, from
    ``first_after`` working days after ``first`` until ``last`` (timescales.md section 12 puts a
    large authority at 1.5 to 3 million notes a year): notes for ``case_notes_record_many``."""
    notes = []
    day = _wd(first, rng.randint(*first_after))
    while day <= last:
        kind, text = rng.choice(texts)
        notes.append(
            {
                "children": [child],
                "occurred_at": _at(day, rng.randint(9, 17)),
                "kind": kind,
                "narrative": text,
                "by": by,
            }
        )
        day = _wd(day, rng.randint(1, 3))
    return notes


def _assign(rng: random.Random, journeys: list[Journey], cast: Cast) -> None:
    """Open cases to the social work sign-ins, ``socialworker`` first; the rest to teams."""
    open_cases = [j for j in journeys if j.referral and not j.closes]
    # Mix the kinds of work on each caseload: child protection and child in need alternate.
    open_cases.sort(key=lambda j: (not j.child_protection, j.child.pk))
    open_cases = open_cases[::2] + open_cases[1::2]
    for index, journey in enumerate(open_cases):
        slot = index // CASELOAD
        if slot < len(cast.workers):
            journey.worker = cast.workers[slot]
            journey.team = cast.team_of[journey.worker.pk]
    for journey in journeys:
        if journey.referral and journey.team is None:
            if cast.workers and rng.random() < 0.5:
                journey.worker = rng.choice(cast.workers)
                journey.team = cast.team_of[journey.worker.pk]
            else:
                journey.team = rng.choice(cast.area_teams)
            if (
                journey.child_protection
                and journey.worker is None
                and journey.team.team_type != TeamType.SAFEGUARDING
            ):
                journey.transfer_team = rng.choice(cast.safeguarding_teams)
        # Notes made in the front door before allocation are by the manager (always placed).


def _front_door_queue(rng: random.Random, children: list[Person], today: date) -> list[Journey]:
    """Contacts from the last working days still waiting at the front door: some for a
    decision, some for a manager's sign-off."""
    journeys = []
    yesterday = today - timedelta(days=1)
    while not is_working_day(yesterday):
        yesterday -= timedelta(days=1)
    for index, child in enumerate(rng.sample(children, min(len(children), 6))):
        journey = Journey(child)
        journey.add(
            yesterday, 9 + index, "contact", source=rng.choice(SOURCES), concerns=rng.choice(CONCERNS)
        )
        if index % 3 == 0:
            journey.add(yesterday, 16, "decide", decision=rng.choice(["referral", "early_help", "nfa"]))
        journeys.append(journey)
    return journeys


def _span(journey: Journey) -> tuple[date, date] | None:
    """The days the journey holds the child's case, open-ended while it is still going."""
    if not journey.steps:
        return None
    actions = {step.action for step in journey.steps}
    decision = next((step.args["decision"] for step in journey.steps if step.action == "decide"), None)
    if journey.referral:
        finished = journey.closes
    elif decision == "early_help":
        finished = "early_help_end" in actions
    else:
        finished = "sign_off" in actions
    return journey.steps[0].day, journey.steps[-1].day if finished else date.max


# Days between one journey of a child's and the next: a re-referral comes after a pause.
_GAP = timedelta(days=14)


def _clashes(span: tuple[date, date], taken: list[tuple[date, date]]) -> bool:
    start, end = span
    return any(start - _GAP <= other_end and other_start <= end + _GAP for other_start, other_end in taken)


def _plan_flows(
    rng: random.Random, children: list[Person], per_year: int, years: int, today: date, taken: dict
) -> list[Journey]:
    """``per_year`` contacts a year for the last ``years`` years, each about a child of the right
    age whose earlier journeys have ended; ``taken`` holds each child's journeys' spans."""
    first = today - relativedelta(years=years)
    days = (today - first).days
    journeys = []
    for start in sorted(first + timedelta(days=rng.randrange(days)) for _ in range(per_year * years)):
        for _attempt in range(4):
            child = rng.choice(children)
            born = child.date_of_birth
            if not born + timedelta(days=60) <= start < born + relativedelta(years=17):
                continue
            spans = taken.setdefault(child.pk, [])
            if _clashes((start, start), spans):
                continue
            journey = _plan(rng, child, start, today, weights=FLOW_WEIGHTS, s47_outcomes=FLOW_S47_OUTCOMES)
            span = _span(journey)
            if span is None or _clashes(span, spans):
                continue
            journey.flow = True
            spans.append(span)
            journeys.append(journey)
            break
    return journeys


def create_demo_journeys(
    rng: random.Random, years_of_history: int, today: date, *, contacts_per_year: int = 0, flow_years: int = 0
) -> int:
    """Histories for a share of the demo's children, and, where the scale sets one, the front
    door's yearly flow for the most recent years; returns how many journeys were made."""
    today = min(today, timezone.localdate())
    cast = _cast()
    children = list(
        Person.objects.filter(
            person_type=PersonType.CHILD, date_of_birth__isnull=False, merged_into__isnull=True
        ).order_by("pk")
    )
    # With a flow, the one-journey histories cover the years before it.
    flow_start = today - relativedelta(years=flow_years) if contacts_per_year else today
    count = min(len(children), max(MIN_JOURNEYS, round(len(children) * SHARE_WITH_HISTORY)))
    if contacts_per_year:
        # The thinner earlier years: at most a fifth of a year's contacts, spread over them.
        count = min(count, contacts_per_year // 5)
    chosen = sorted(rng.sample(children, count), key=lambda child: child.pk)
    window_start = today - relativedelta(years=years_of_history)
    journeys = []
    for index, child in enumerate(chosen):
        earliest = max(window_start, child.date_of_birth + timedelta(days=60))
        if earliest >= flow_start - timedelta(days=3):
            continue
        # About a third of journeys start in the last year, so the current year is busy.
        if index % 3 == 0 and not contacts_per_year:
            earliest = max(earliest, today - timedelta(days=300))
        span = (flow_start - timedelta(days=1) - earliest).days
        start = earliest + timedelta(days=rng.randint(0, max(span, 0)))
        journeys.append(_plan(rng, child, start, today))
    if contacts_per_year:
        taken: dict[int, list[tuple[date, date]]] = {}
        for journey in journeys:
            span = _span(journey)
            if span is not None:
                taken.setdefault(journey.child.pk, []).append(span)
        journeys.extend(_plan_flows(rng, children, contacts_per_year, flow_years, today, taken))
        # A child's journeys run in the order they happened.
        journeys.sort(key=lambda journey: journey.steps[0].day)
    chosen_ids = {child.pk for child in chosen} | {journey.child.pk for journey in journeys}
    journeys.extend(
        _front_door_queue(rng, [child for child in children if child.pk not in chosen_ids], today)
    )
    _assign(rng, journeys, cast)
    notes: list[dict] = []
    for journey in tqdm(
        journeys, desc="Journeys", unit="journey", disable=not contacts_per_year, leave=False
    ):
        _run(journey, cast)
        notes.extend(_notes_for(rng, journey, cast, today))
        # Written in batches, so a large authority's notes never sit in memory all at once.
        if len(notes) >= NOTES_BATCH:
            case_notes_record_many(by=None, notes=notes)
            notes = []
    case_notes_record_many(by=None, notes=notes)
    return len(journeys)
