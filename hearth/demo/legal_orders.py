"""Demo legal work: deprivation of liberty orders for children in care, and pre-proceedings
under the Public Law Outline for children on open referrals.

Runs after every other step (it reads the periods of care and referrals they made) and draws
from ``rng`` only here, so the rest of the demo is what it was. Everything goes through the
services a worker's click calls, with the clock set to each step's day:

- up to two looked-after teenagers move to a children's home (K2) some months ago and a week
  later the court authorises depriving them of their liberty there; for the second the order has
  since ended while the child stays in the home. The orders start after the move and end before
  any move out, so the SSDA903 passes DfE's rules 709/710 however they read the boundary day.
- up to two open referrals (children on a child protection plan first) go into pre-proceedings:
  one still in progress with its review meetings, one decided with a court application and the
  letter to the parents initiating care proceedings.
"""

import random
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from hearth.accounts.models import User
from hearth.childinneed.models import Referral
from hearth.childprotection.models import ChildProtectionPlan
from hearth.childrenincare.models import PeriodOfCare
from hearth.childrenincare.services import (
    LIBERTY_ORDER_PLACEMENTS,
    TEMPORARY_PLACEMENTS,
    dolo_end,
    dolo_start,
    placement_change,
)
from hearth.demo.children_in_care import HOMES, away_from_home
from hearth.demo.journeys import demo_clock
from hearth.demo.postcodes import real_postcode
from hearth.preproceedings.services import (
    pre_proceedings_review_meeting_record,
    pre_proceedings_start,
    pre_proceedings_update,
)

ORDERS = 2
PRE_PROCEEDINGS = 2
# Teenagers: the age at which a DoLO is usually sought for a child in a children's home.
ORDER_AGES = range(12, 18)
ORDER_LEGAL_STATUSES = frozenset({"C1", "C2", "V2"})


def _at(day: date, hour: int = 11) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _worker() -> User | None:
    return User.objects.filter(username="socialworker").first() or User.objects.order_by("pk").first()


def _order_candidates(today: date) -> list[PeriodOfCare]:
    chosen = []
    periods = PeriodOfCare.objects.filter(end_date__isnull=True).select_related("child").order_by("pk")
    for period in periods.prefetch_related("placements", "legal_statuses"):
        dob = period.child.date_of_birth
        if dob is None or relativedelta(today, dob).years not in ORDER_AGES:
            continue
        placement = next((p for p in period.placements.all() if p.end_date is None), None)
        status = next((s for s in period.legal_statuses.all() if s.end_date is None), None)
        if placement is None or status is None or status.legal_status not in ORDER_LEGAL_STATUSES:
            continue
        if placement.placement_type in TEMPORARY_PLACEMENTS or placement.placement_type.startswith(
            ("A", "P")
        ):
            continue
        # Room for a move, a week's wait and (for the second) an order that has ended.
        if (today - placement.start_date).days < 160 or dob + relativedelta(years=18) <= today + timedelta(
            days=30
        ):
            continue
        chosen.append(period)
    return chosen


def _liberty_order(rng: random.Random, period: PeriodOfCare, today: date, by, *, ended: bool) -> None:
    current = period.placements.get(end_date__isnull=True)
    moved_on = today - timedelta(days=rng.randint(120, 150))
    if current.placement_type not in LIBERTY_ORDER_PLACEMENTS:
        home = rng.choice(HOMES)
        placement = away_from_home(
            {
                "placement_type": "K2",
                "provider": rng.choice(["PR1", "PR4"]),
                "carer_name": home,
                "postcode": real_postcode(home),
                "ofsted_urn": f"SC{rng.randint(100000, 999999)}",
            },
            period.home_postcode,
        )
        with demo_clock(_at(moved_on)):
            placement_change(period=period, on=moved_on, by=by, reason_changed="CARPL", **placement)
    else:
        moved_on = current.start_date
    starts = moved_on + timedelta(days=rng.randint(5, 10))
    with demo_clock(_at(starts, 15)):
        order = dolo_start(period=period, start_date=starts, by=by)
    if ended:
        ends = starts + timedelta(days=rng.randint(45, 75))
        with demo_clock(_at(ends, 15)):
            dolo_end(order=order, end_date=ends, by=by)


def _pp_candidates(today: date) -> list[Referral]:
    on_plan = set(
        ChildProtectionPlan.objects.filter(end_date__isnull=True).values_list("referral_id", flat=True)
    )
    referrals = list(
        Referral.objects.filter(
            closure_date__isnull=True,
            no_further_action=False,
            referral_date__lte=today - timedelta(days=110),
            child__date_of_birth__isnull=False,
        ).order_by("pk")
    )
    # Pre-proceedings usually follow a child protection plan that has not brought change.
    return sorted(referrals, key=lambda referral: (referral.pk not in on_plan, referral.pk))


def _pre_proceedings(rng: random.Random, referral: Referral, today: date, by, *, decided: bool) -> None:
    latest = today - timedelta(days=100 if decided else 60)
    earliest = referral.referral_date + timedelta(days=20)
    started = earliest + timedelta(days=rng.randint(0, max(0, (latest - earliest).days)))
    letter = started + timedelta(days=rng.randint(1, 4))
    offered = decided or rng.random() < 0.7
    meeting = letter + timedelta(days=rng.randint(6, 12))
    with demo_clock(_at(started)):
        record = pre_proceedings_start(referral=referral, decided_on=started, by=by)
    with demo_clock(_at(letter)):
        record = pre_proceedings_update(
            pre_proceedings=record, by=by, letter_sent_on=letter, fgdm_offered=offered
        )
    with demo_clock(_at(meeting)):
        record = pre_proceedings_update(
            pre_proceedings=record,
            by=by,
            initial_meeting_on=meeting,
            fgdm_facilitated=offered and rng.random() < 0.8,
        )
    review = meeting + timedelta(days=rng.randint(35, 49))
    last_day = latest + timedelta(days=40) if decided else today - timedelta(days=1)
    while review <= last_day:
        with demo_clock(_at(review, 14)):
            pre_proceedings_review_meeting_record(pre_proceedings=record, held_on=review, by=by)
        record.refresh_from_db()
        review += timedelta(days=rng.randint(35, 49))
    if not decided:
        return
    decision = max(last_day, meeting) + timedelta(days=rng.randint(3, 10))
    application = decision + timedelta(days=rng.randint(5, 9))
    letter_to_parents = application + timedelta(days=1)
    if letter_to_parents >= today:
        with demo_clock(_at(decision, 16)):
            pre_proceedings_update(pre_proceedings=record, by=by, step_decision_on=decision, outcome="A")
        return
    with demo_clock(_at(decision, 16)):
        record = pre_proceedings_update(pre_proceedings=record, by=by, step_decision_on=decision, outcome="B")
    with demo_clock(_at(application)):
        record = pre_proceedings_update(pre_proceedings=record, by=by, court_application_on=application)
    with demo_clock(_at(letter_to_parents)):
        pre_proceedings_update(pre_proceedings=record, by=by, proceedings_letter_on=letter_to_parents)


def create_demo_legal_orders(rng: random.Random, today: date) -> int:
    """Deprivation of liberty orders and pre-proceedings for a few demo children; returns how
    many children were given one."""
    today = min(today, timezone.localdate())
    by = _worker()
    if by is None:
        return 0
    done = 0
    candidates = _order_candidates(today)
    for number, period in enumerate(rng.sample(candidates, min(ORDERS, len(candidates)))):
        _liberty_order(rng, period, today, by, ended=number == 1)
        done += 1
    referrals = _pp_candidates(today)[:PRE_PROCEEDINGS]
    for number, referral in enumerate(referrals):
        _pre_proceedings(rng, referral, today, by, decided=number == 1)
        done += 1
    return done
