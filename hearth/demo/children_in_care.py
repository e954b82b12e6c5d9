"""Demo children in care: periods of care with realistic histories, through the care services.

Each history is planned first from the ``rng`` (pure Python): the day the child came into care,
their legal statuses (an interim care order becoming a full care order, police protection or
an emergency protection order followed by an interim order, section 20 accommodation),
placements and moves with their reasons (now and then a short stay in hospital, or long-term
carers who were the child's foster carers), reviews (mostly on time, some late), IROs,
statutory visits, and for some the day they left care and why. Then every step is carried out
through the same service a worker's click calls, in date order, so the rules run on every
record; visits are recorded in one batch at the end as "cla_visit" case notes.

Children are chosen from the people demo's children who are not on a child protection plan;
a share of the periods start in the current collection year (from 1 April). A child looked
after is a child in need, so care starts within the child's open episode of need or after
their last one closed (unless referred too recently for that): the care service opens an
episode with the care when none is open. When care ends in a way that leaves the need to the
worker (home, independence, 18), the worker closes the episode a few weeks later (RC7).
"""

import random
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group
from django.utils import timezone

from hearth.accounts.models import User
from hearth.accounts.roles import Role
from hearth.allocation.models import Allocation
from hearth.allocation.services import allocation_end, case_allocate, case_transfer
from hearth.casenotes.services import case_notes_record_many
from hearth.childinneed.models import Referral
from hearth.childinneed.selectors import open_referral
from hearth.childinneed.services import episode_open_work, referral_close
from hearth.childprotection.models import ChildProtectionPlan
from hearth.childrenincare.models import PeriodOfCare
from hearth.childrenincare.services import (
    EPISODE_CLOSED_BY_CARE_ENDING,
    FOSTER_PLACEMENTS,
    care_review_hold,
    iro_assign,
    legal_status_change,
    period_of_care_end,
    period_of_care_start,
    placement_change,
)
from hearth.demo.journeys import case_recording
from hearth.demo.postcodes import REAL_POSTCODES, real_postcode
from hearth.organisation.models import StaffMember, Team, TeamType
from hearth.people.models import Person, PersonType
from hearth.people.services import person_update
from hearth.timescales.working_days import add_working_days

# About one child in sixteen of the demo's children is looked after at some time; Birmingham
# looks after about 2,000 children at once, so the large demo stops there.
SHARE_IN_CARE = 0.06
MIN_IN_CARE = 5
MAX_IN_CARE = 2500

SURNAMES = [
    "Harris",
    "Begum",
    "Wright",
    "Osei",
    "Kowalski",
    "Patel",
    "Murphy",
    "Ali",
    "Evans",
    "Clarke",
    "Hussain",
]
CARER_FIRST = [
    "Jan and Lee",
    "Sue",
    "Mark and Rita",
    "Amina",
    "Tom and Beth",
    "Grace",
    "Imran and Sara",
    "Pat",
]
HOMES = ["Oakfield House", "Willow Lodge", "Moseley Road", "Beech Court", "The Cedars", "Kingfisher House"]
SUPPORTED = ["Hillside Supported Living", "Northfield Step-Up", "Canal View Flats"]
DECISIONS = [
    "Plan remains long-term foster care; contact with mother fortnightly, supervised.",
    "Care plan endorsed. Health assessment and PEP to be updated before the next review.",
    "Child's wishes recorded: wants more contact with siblings. Social worker to arrange.",
    "Placement stable; school attendance improved. Consider long-term matching.",
    "Plan for return home to be assessed; parenting work to continue.",
]
VISIT_NOTES = [
    "Statutory visit at the placement; saw the child alone in their room.",
    "Visited after school; the child showed me their homework and talked about friends.",
    "Visit at the placement with carers present, then time alone with the child.",
]
# What a child in care's worker writes up between statutory visits: calls with carers and
# school, reviews of the care plan, oversight. About every other working day.
CARE_RECORDING = [
    ("phone", "Spoke with the carers: settled week, contact with birth family went ahead as planned."),
    ("phone", "Called the designated teacher: personal education plan targets on track."),
    ("meeting", "Placement stability meeting with carers and the supervising social worker."),
    ("note", "Updated the care plan after the looked-after review's recommendations."),
    ("manager", "Management oversight: placement stable; permanence plan to be confirmed at review."),
]
NOTES_BATCH = 20_000

CHILD_VOICE = [
    "I like it here but I miss my brother.",
    "I want to stay at this school.",
    "Can I see mum more often?",
    "It's OK. The food is good.",
]


@dataclass
class Event:
    day: date
    order: int  # within a day: legal status, placement, IRO, review, end
    action: str
    args: dict = field(default_factory=dict)


@dataclass
class CareHistory:
    child: Person
    start: date
    legal_status: str
    placement: dict
    category: str
    home_postcode: str
    events: list[Event] = field(default_factory=list)
    placement_starts: list[date] = field(default_factory=list)
    end: date | None = None

    def add(self, day: date, order: int, action: str, **args) -> None:
        self.events.append(Event(day, order, action, args))


def _postcode(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2))
    return real_postcode(f"B{rng.randint(1, 99)} {rng.randint(1, 9)}{letters}")


# Birmingham Children's Hospital, where a child in care goes for a short stay (placement T1).
HOSPITAL = {"placement_type": "T1", "carer_name": "Children's Hospital", "postcode": "B4 6NH"}
# Foster and adoption placements may give their URN as unknown (DfE rule 242); homes may not.
UNKNOWN_URN_ALLOWED = ("U1", "U2", "U3", "U4", "U5", "U6", "A3", "A4", "A5", "A6")


def _urn(rng: random.Random, placement: dict) -> str:
    if rng.random() < 0.85:
        return f"SC{rng.randint(100000, 999999)}"
    if placement["placement_type"] in UNKNOWN_URN_ALLOWED:
        return "XXXXXXX"
    # A home's URN is always known; taken from its name so the random draws stay as they were.
    return f"SC{100000 + zlib.crc32(placement['carer_name'].encode()) % 900000}"


def away_from_home(placement: dict, home_postcode: str) -> dict:
    """DfE rule 392d: a placement other than with parents (P1) is not at the child's home
    postcode. When the draw gives the same one, the next postcode in the list is used."""
    if placement.get("postcode") != home_postcode or placement.get("placement_type") == "P1":
        return placement
    if home_postcode not in REAL_POSTCODES:
        return {**placement, "postcode": REAL_POSTCODES[0]}
    following = REAL_POSTCODES[(REAL_POSTCODES.index(home_postcode) + 1) % len(REAL_POSTCODES)]
    return {**placement, "postcode": following}


def _placement(rng: random.Random, age: int, *, kinship_ok: bool = True) -> dict:
    """A placement for a child of ``age``, in DfE's terms."""
    roll = rng.random()
    if age >= 16 and roll < 0.45:
        return {
            "placement_type": "K3",
            "provider": rng.choice(["PR4", "PR5"]),
            "carer_name": rng.choice(SUPPORTED),
        }
    if age >= 11 and roll < 0.3:
        return {
            "placement_type": "K2",
            "provider": rng.choice(["PR1", "PR4", "PR4"]),
            "carer_name": rng.choice(HOMES),
        }
    if kinship_ok and roll < 0.45:
        return {
            "placement_type": "U3",
            "provider": "PR1",
            "carer_name": f"{rng.choice(CARER_FIRST)} {rng.choice(SURNAMES)}",
        }
    if age < 1 and roll < 0.55:
        return {"placement_type": "R3", "provider": "PR4", "carer_name": "Mother and baby unit"}
    return {
        "placement_type": "U6",
        "provider": rng.choice(["PR1", "PR1", "PR1", "PR4", "PR5"]),
        "carer_name": f"{rng.choice(CARER_FIRST)} {rng.choice(SURNAMES)}",
    }


def _with_location(rng: random.Random, placement: dict) -> dict:
    filled = {**placement, "postcode": _postcode(rng)}
    if placement["placement_type"] not in ("P1", "R1", "R2", "R5", "P3", "T0", "T1", "T2", "T3", "T4"):
        filled["ofsted_urn"] = _urn(rng, placement)
    return filled


def _age(child: Person, on: date) -> int:
    return relativedelta(on, child.date_of_birth).years


def _plan(rng: random.Random, child: Person, start: date, today: date, iros: list[User]) -> CareHistory:
    adult_on = child.date_of_birth + relativedelta(years=18)
    last_day = min(today, adult_on)
    age = _age(child, start)
    roll = rng.random()
    if age >= 15 and roll < 0.4:
        first_status = "V2"
    elif roll < 0.12:
        first_status = rng.choice(["L1", "L2"])
    elif roll < 0.6:
        first_status = "C1"
    else:
        first_status = "V2"
    history = CareHistory(
        child=child,
        start=start,
        legal_status=first_status,
        placement=_with_location(rng, _placement(rng, age)),
        category=rng.choice(["N1", "N1", "N1", "N1", "N2", "N3", "N4", "N5", "N5", "N6", "N8"]),
        home_postcode=_postcode(rng),
    )
    history.placement_starts.append(start)

    # How the period ends (if it does before today, or at 18).
    end: date | None = None
    reason = ""
    if adult_on <= today and rng.random() < 0.9:
        end, reason = adult_on, rng.choice(["E17", "E5", "E5", "E6", "E8"])
    elif rng.random() < 0.5:
        candidate = start + timedelta(days=rng.randint(60, 900))
        if candidate < last_day:
            end = candidate
            reason = rng.choice(["E4A", "E4A", "E4A", "E13", "E45", "E41", "E48", "E4B", "E8"])
    horizon = end or last_day

    # Legal statuses: police protection or an EPO becomes an interim care order within days;
    # an interim order becomes a full care order months later.
    order_from = start
    if first_status in ("L1", "L2"):
        # Police protection lasts at most 72 hours (rule 361); an EPO up to 8 days.
        interim = start + timedelta(days=rng.randint(1, 3) if first_status == "L1" else rng.randint(2, 8))
        if interim < horizon:
            history.add(interim, 0, "legal_status", legal_status="C1")
            first_status, order_from = "C1", interim
    if first_status == "C1":
        full = order_from + timedelta(days=rng.randint(120, 300))
        if full < horizon:
            history.add(full, 0, "legal_status", legal_status="C2")

    # Placements: moves with reasons, now and then a short stay in hospital or foster carers
    # becoming the child's long-term carers (same carers, new placement type: RNE T).
    day = start
    current = history.placement
    for _ in range(rng.choice([0, 0, 1, 1, 1, 2, 2, 3, 4])):
        day = day + timedelta(days=rng.randint(45, 320))
        if day >= horizon:
            break
        if current["placement_type"] in ("U3", "U6") and rng.random() < 0.25:
            long_term = "U1" if current["placement_type"] == "U3" else "U4"
            current = {**current, "placement_type": long_term}
            history.add(day, 1, "placement", reason_changed="PLACE", same_carer=True, **current)
            history.placement_starts.append(day)
            continue
        if rng.random() < 0.1 and day + timedelta(days=5) < horizon:
            back = day + timedelta(days=rng.randint(2, 5))
            # Back to the carers the child left (rule 383). A placement is still drawn, and
            # not used, so the random draws after it are those they always were.
            _with_location(rng, _placement(rng, _age(child, back)))
            # A court's order while the child is in hospital would start an episode in the
            # temporary placement for a reason other than a move (rules 380 and 383): the stay
            # ends the day before it.
            orders = [e.day for e in history.events if e.action == "legal_status" and day < e.day <= back]
            if orders:
                back = min(orders) - timedelta(days=1)
            if back > day:
                history.add(day, 1, "placement", reason_changed="OTHER", **HOSPITAL)
                history.add(back, 1, "placement", reason_changed="", **current)
                history.placement_starts += [day, back]
                day = back
            continue
        reason_for_move = rng.choice(
            ["CARPL", "CARPL", "CREQB", "CREQO", "CHILD", "STAND", "CLOSE", "LAREQ", "OTHER"]
        )
        current = _with_location(rng, _placement(rng, _age(child, day), kinship_ok=False))
        history.add(day, 1, "placement", reason_changed=reason_for_move, **current)
        history.placement_starts.append(day)

    # The IRO, and now and then a change of IRO.
    iro = rng.choice(iros)
    history.add(min(start + timedelta(days=rng.randint(1, 6)), horizon), 2, "iro", iro=iro)
    if len(iros) > 1 and rng.random() < 0.25:
        change = start + timedelta(days=rng.randint(150, 500))
        if change < horizon:
            iro = rng.choice([other for other in iros if other != iro])
            history.add(change, 2, "iro", iro=iro)

    # Reviews: 20 working days, 3 months, then 6-monthly; about one in six late.
    due = add_working_days(start, 20)
    reviews_held = 0
    while True:
        held = due - timedelta(days=rng.randint(0, 10))
        if rng.random() < 0.17:
            held = due + timedelta(days=rng.randint(3, 30))
        held = max(held, start + timedelta(days=1))
        if held > horizon or held >= today:
            break
        under_4 = held < child.date_of_birth + relativedelta(years=4)
        participation = (
            "PN0" if under_4 else rng.choice(["PN1", "PN1", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"])
        )
        history.add(held, 3, "review", participation=participation, decisions=rng.choice(DECISIONS))
        reviews_held += 1
        due = held + relativedelta(months=3 if reviews_held == 1 else 6)

    if end is not None:
        history.add(end, 4, "end", reason_ceased=reason)
        history.end = end
    history.events.sort(key=lambda event: (event.day, event.order))
    return history


def _visits(rng: random.Random, history: CareHistory, today: date, worker: User) -> list[dict]:
    """Statutory visits: within a week of each placement, then every four to six weeks
    (sometimes late)."""
    notes = []
    last_day = min(history.end or today, today - timedelta(days=1))
    starts = sorted(history.placement_starts) + [last_day + timedelta(days=1)]
    for placement_start, next_start in zip(starts, starts[1:], strict=False):
        day = placement_start + timedelta(days=rng.randint(1, 7))
        while day < next_start and day <= last_day:
            notes.append(
                {
                    "children": [history.child],
                    "occurred_at": timezone.make_aware(
                        datetime.combine(day, time(rng.choice([10, 14, 16]), 0))
                    ),
                    "kind": "cla_visit",
                    "narrative": rng.choice(VISIT_NOTES),
                    "child_seen": True,
                    "child_seen_alone": rng.random() < 0.7,
                    "child_voice": rng.choice(CHILD_VOICE),
                    "by": worker,
                }
            )
            day += timedelta(days=rng.randint(28, 42) if rng.random() < 0.85 else rng.randint(45, 60))
    return notes


def _case_recording(history: CareHistory, today: date, worker: User) -> list[dict]:
    """The worker's write-ups between visits while the child is in care. Drawn from a generator
    of the child's own, so adding them moves no other figure."""
    last_day = min(history.end or today, today - timedelta(days=1))
    return case_recording(
        random.Random(history.child.pk),
        history.child,
        history.start,
        last_day,
        worker,
        CARE_RECORDING,
        first_after=(1, 3),
    )


def _give_upn_reason(child: Person, on: date, by: User, today: date) -> None:
    """DfE's rule 442: a child looked after needs a UPN or a reason it is not known. UN1 ("not
    yet of school age") only for a child still under school age today, judged as rule 209 does:
    4 by the 31 August before the current collection year began. A child who came into care as a
    baby years ago is at school now, so their reason is UN5 (UPN being sourced)."""
    child.refresh_from_db()
    if child.upn or child.upn_unknown_reason:
        return
    year_began = date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    school_age_from = date(year_began.year - 1, 8, 31)
    young = relativedelta(max(on, school_age_from), child.date_of_birth).years < 4
    person_update(
        person=child, by=by, expected_version=child.version, upn_unknown_reason="UN1" if young else "UN5"
    )


def children_in_care_workers() -> list[tuple[User, object]]:
    """(worker, team) for the social workers of the children-in-care teams. A team with no
    worker who can sign in gets one: its first registered colleague is given an account."""
    teams = Team.objects.filter(team_type=TeamType.CHILDREN_IN_CARE).order_by("pk")
    for number, team in enumerate(teams, start=1):
        members = StaffMember.objects.filter(team=team).exclude(registration_number="")
        if members.filter(user__groups__name=Role.SOCIAL_WORKER, user__is_active=True).exists():
            continue
        member = members.filter(user__isnull=True).order_by("pk").first()
        if member is None:
            continue
        user = User(
            username=f"cicworker{number}",
            first_name=member.first_name,
            last_name=member.last_name,
            job_title=member.role_label,
        )
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=Role.SOCIAL_WORKER))
        member.user = user
        member.save(update_fields=["user"])
    cic_staff = StaffMember.objects.filter(
        team__team_type=TeamType.CHILDREN_IN_CARE,
        user__groups__name=Role.SOCIAL_WORKER,
        user__is_active=True,
    ).exclude(registration_number="")
    return [(member.user, member.team) for member in cic_staff.select_related("user", "team").order_by("pk")]


def allocate_for_care(child: Person, team, worker: User, start: date, *, ends: date | None = None) -> bool:
    """The child's case goes to a children-in-care social worker on the day they come into care
    (a transfer when another team holds it). Returns whether an allocation was made. When the
    demo's journeys gave the child a later allocation (one that has since ended), the case comes
    back to the children-in-care worker when it ended, unless care (ending on ``ends``) was over
    by then: a child looked after always has a worker (DfE rule SW12STG2)."""
    current = Allocation.objects.filter(child=child, end_date__isnull=True).first()
    if current is not None:
        # A case allocated only days before stays with that worker: a handover within three
        # days is a social worker episode DfE's rule SW09STG2 questions.
        if current.start_date > start - timedelta(days=3):
            return False
        # Already with this worker in this team: there is nobody to hand over to.
        if current.team_id == team.pk and current.worker_id == worker.pk:
            return False
        case_transfer(
            child=child, to_team=team, to_worker=worker, on=start, by=worker, reason="Came into care"
        )
        return True
    last_end = (
        Allocation.objects.filter(child=child)
        .order_by("-end_date")
        .values_list("end_date", flat=True)
        .first()
    )
    if last_end is not None and last_end > start:
        if ends is not None and ends <= last_end:
            return False
        start = last_end
    case_allocate(child=child, team=team, worker=worker, start_date=start, by=worker, reason="Came into care")
    return True


def close_episode_after_care(period: PeriodOfCare, today: date, by: User) -> bool:
    """The worker closes the episode of need (RC7) two to six weeks after care ended for a reason
    that left it open, unless work on it is still open or the day has not come. Returns whether
    it closed."""
    if period.end_date is None or period.reason_ceased in EPISODE_CLOSED_BY_CARE_ENDING:
        return False
    # The delay comes from the record, not the random stream, so the other draws stay as they were.
    closes = period.end_date + timedelta(days=14 + period.child_id % 29)
    referral = open_referral(period.child)
    if closes >= today or referral is None or referral.referral_date > period.end_date:
        return False
    if episode_open_work(referral):
        return False
    referral_close(referral=referral, closure_date=closes, closure_reason="RC7", by=by)
    return True


def close_episodes_after_care(today: date) -> int:
    """``close_episode_after_care`` for every period of care that has ended; for the demo steps
    that bring children into care after this one. Returns how many episodes closed."""
    today = min(today, timezone.localdate())
    periods = PeriodOfCare.objects.filter(end_date__isnull=False).select_related("child", "created_by")
    return sum(
        close_episode_after_care(period, today, period.created_by) for period in periods.order_by("pk")
    )


def _run(history: CareHistory, worker: User, team, chairs: dict[int, User], today: date) -> None:
    child = history.child
    period = period_of_care_start(
        child=child,
        start_date=history.start,
        legal_status=history.legal_status,
        placement=away_from_home(history.placement, history.home_postcode),
        category_of_need=history.category,
        home_postcode=history.home_postcode,
        by=worker,
    )
    _give_upn_reason(child, history.start, worker, today)
    ends = next((event.day for event in history.events if event.action == "end"), None)
    allocated_here = team is not None and allocate_for_care(child, team, worker, history.start, ends=ends)
    for event in history.events:
        if event.action == "legal_status":
            legal_status_change(period=period, on=event.day, by=worker, **event.args)
        elif event.action == "placement":
            args = away_from_home(event.args, history.home_postcode)
            placement_change(period=period, on=event.day, by=worker, **args)
        elif event.action == "iro":
            iro_assign(period=period, start_date=event.day, by=worker, **event.args)
        elif event.action == "review":
            chair = chairs[period.iro_assignments.get(end_date__isnull=True).iro_id]
            care_review_hold(period=period, review_date=event.day, chair=chair, by=chair, **event.args)
        elif event.action == "end":
            args = dict(event.args)
            # Special guardianship to former foster carers needs the child to be with them (rule
            # 516); from any other placement it is an order to other carers.
            current = period.placements.filter(end_date__isnull=True).first()
            if current and current.placement_type not in FOSTER_PLACEMENTS:
                args["reason_ceased"] = OTHER_CARERS.get(args["reason_ceased"], args["reason_ceased"])
            period_of_care_end(period=period, end_date=event.day, by=worker, **args)
            if allocated_here:
                allocation_end(child=child, on=event.day, by=worker)
            close_episode_after_care(period, today, worker)


# Special guardianship to former foster carers, and the same order to other carers.
OTHER_CARERS = {"E45": "E47", "E46": "E48"}


def create_demo_children_in_care(rng: random.Random, years_of_history: int, today: date) -> int:
    """Periods of care for a share of the demo's children; returns how many."""
    today = min(today, timezone.localdate())
    iros = list(User.objects.filter(groups__name=Role.CP_CHAIR_IRO, is_active=True).order_by("pk"))
    workers = children_in_care_workers() or [
        (user, None) for user in User.objects.filter(groups__name=Role.SOCIAL_WORKER).order_by("pk")
    ]
    if not iros or not workers:
        return 0
    on_cp_plan = ChildProtectionPlan.objects.filter(end_date__isnull=True).values("referral__child_id")
    children = list(
        Person.objects.filter(
            person_type=PersonType.CHILD, date_of_birth__isnull=False, merged_into__isnull=True
        )
        .exclude(pk__in=on_cp_plan)
        .order_by("pk")
    )
    window_start = today - relativedelta(years=years_of_history)
    collection_start = date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    count = min(len(children), MAX_IN_CARE, max(MIN_IN_CARE, round(len(children) * SHARE_IN_CARE)))
    chosen = sorted(rng.sample(children, count), key=lambda child: child.pk)
    # The first day care may start for a child with episodes of need already, so that it does
    # not come before one of them: the day the open one began, or the day after the last closed.
    need_from: dict[int, date] = {}
    for child_id, referred, closed in Referral.objects.filter(child__in=chosen).values_list(
        "child_id", "referral_date", "closure_date"
    ):
        day = referred if closed is None else closed + timedelta(days=1)
        need_from[child_id] = max(day, need_from.get(child_id, day))
    histories = []
    for index, child in enumerate(chosen):
        earliest = max(window_start, child.date_of_birth + timedelta(days=14))
        latest = min(
            today - timedelta(days=2), child.date_of_birth + relativedelta(years=18) - timedelta(days=30)
        )
        # A quarter of the periods start in the current collection year.
        if index % 4 == 0:
            earliest = max(earliest, collection_start)
        if need_from.get(child.pk, earliest) < latest:
            earliest = max(earliest, need_from.get(child.pk, earliest))
        # Otherwise (referred too recently for care to follow) care comes first, and that later
        # referral stands as the child's episode of need: the care service opens none before it.
        if earliest >= latest:
            continue
        start = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
        histories.append(_plan(rng, child, start, today, iros))
    notes = []
    for index, history in enumerate(histories):
        worker, team = workers[index % len(workers)]
        _run(history, worker, team, {iro.pk: iro for iro in iros}, today)
        notes.extend(_visits(rng, history, today, worker))
        notes.extend(_case_recording(history, today, worker))
        # Written in batches, so a large authority's notes never sit in memory all at once.
        if len(notes) >= NOTES_BATCH:
            case_notes_record_many(by=None, notes=notes)
            notes = []
    case_notes_record_many(by=None, notes=notes)
    return len(histories)
