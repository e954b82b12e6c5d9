"""Demo health, education, missing episodes and UASC status for the demo's children in care.

Runs after the children-in-care step: it reads the PeriodOfCare rows that step made and gives
each child what a real record would hold, through the same services a worker's click calls:
an initial health assessment (some late) and reviews at the statutory interval, dental and
immunisation checks, SDQs for ages 4 to 16 and development checks under 5; PEPs each term from
nursery age; missing episodes for some older children with their return home interviews (most
within 72 hours, some late, some declined); a few unaccompanied asylum-seeking children.
Everything is drawn from ``rng`` in a fixed order, so a seed gives the same records.
"""

import random
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from hearth.accounts.models import User
from hearth.childrenincare.models import PeriodOfCare
from hearth.childrenincare.selectors import placement_ended_on_or_after
from hearth.demo.journeys import demo_clock
from hearth.education.services import pep_record
from hearth.health.models import HealthEvent
from hearth.health.selectors import review_assessment_due
from hearth.health.services import age_on, health_event_record
from hearth.missing.services import missing_episode_record
from hearth.uasc.services import eighteenth_birthday, uasc_status_record

Kind = HealthEvent.Kind
SCHOOLS = [
    ("Elmwood Primary School", "103201"),
    ("Hill Top Academy", "138455"),
    ("St Chad's Catholic Primary", "103512"),
    ("Kingsway Secondary School", "137090"),
    ("Riverside Nursery School", "103003"),
    ("Northfield Academy", "141288"),
]
TEACHERS = ["Ms Priya Grey", "Mr Tom Lee", "Mrs Ann Okoro", "Mr Dan Fisher", "Ms Kate Reilly"]
CLINICIANS = ["Dr A Khan, community paediatrician", "LAC nurse team", "Dr S Patel, GP", "Health visitor"]
INTERVIEWERS = ["Jo Bell, Missing Children Service", "Sam Reid, Barnardo's", "Ali Noor, independent advocate"]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _health(rng: random.Random, child, start: date, last_day: date, by) -> None:
    dob = child.date_of_birth

    def record(kind, on, **extra) -> bool:
        if start <= on <= last_day and on >= dob:
            health_event_record(child=child, kind=kind, event_date=on, by=by, **extra)
            return True
        return False

    questionnaires: list[date] = []

    # The initial assessment: most within 20 working days, some late.
    assessed = start + timedelta(days=rng.choice([8, 12, 15, 20, 24, 27, 35, 48]))
    record(Kind.INITIAL_ASSESSMENT, assessed, carried_out_by=rng.choice(CLINICIANS))
    while True:
        assessed = review_assessment_due(dob, assessed) + timedelta(days=rng.randint(-25, 20))
        if assessed > last_day:
            break
        record(Kind.REVIEW_ASSESSMENT, assessed, carried_out_by=rng.choice(CLINICIANS))
    year = start + timedelta(days=rng.randint(20, 90))
    while year <= last_day:
        age = age_on(dob, year)
        record(
            Kind.DENTAL, year + timedelta(days=rng.randint(0, 20)), carried_out_by="Community dental service"
        )
        record(Kind.IMMUNISATIONS, year, immunisations_up_to_date=rng.random() < 0.9)
        checked, questionnaire = year + timedelta(days=7), year + timedelta(days=14)
        if age_on(dob, checked) < 5:
            record(Kind.DEVELOPMENT, checked, carried_out_by="Health visitor")
        if age_on(dob, questionnaire) == 17:
            # The yearly questionnaire is not filled in at 17; the reason says so (rule 197B asks
            # for a score or a reason in the year a child turns 17).
            record(Kind.SDQ, questionnaire, sdq_reason="SDQ1")
        elif 4 <= age_on(dob, questionnaire) <= 16:
            if rng.random() < 0.9:
                done = record(Kind.SDQ, questionnaire, sdq_score=max(0, min(40, int(rng.gauss(14, 7)))))
            else:
                done = record(Kind.SDQ, questionnaire, sdq_reason=rng.choice(["SDQ2", "SDQ4", "SDQ5"]))
            if done:
                questionnaires.append(questionnaire)
        if age >= 13 and rng.random() < 0.12:
            offered = rng.random() < 0.8
            record(
                Kind.SUBSTANCE_MISUSE,
                year + timedelta(days=30),
                intervention_offered=offered,
                intervention_received=offered and rng.random() < 0.7,
            )
        if age >= 12 and rng.random() < 0.05:
            record(Kind.CONVICTION, year + timedelta(days=60))
        year += relativedelta(years=1)
    _first_sdq(child, questionnaires, record, last_day)


def _first_sdq(child, questionnaires: list[date], record, last_day: date) -> None:
    """The carers fill in the first SDQ within weeks of the 4th birthday, not at the next yearly
    check up to a year later (DfE rule 186 wants one for every 4-year-old looked after all year).
    Drawn from the child's own generator, so the demo's shared draws are unchanged."""
    fourth = child.date_of_birth + relativedelta(years=4)
    if any(fourth <= day <= fourth + timedelta(days=120) for day in questionnaires):
        return
    own = random.Random(child.pk)
    # A child who turned 4 only days ago has theirs filled in by now (the last day of the
    # record): otherwise a health assessment after the birthday would leave OC2 with neither a
    # score nor a reason (rule 197B).
    record(
        Kind.SDQ,
        min(fourth + timedelta(days=own.randint(14, 56)), max(fourth, last_day)),
        sdq_score=max(0, min(40, int(own.gauss(14, 7)))),
    )


def _education(rng: random.Random, child, start: date, last_day: date, by) -> None:
    school, urn = rng.choice(SCHOOLS)
    teacher = rng.choice(TEACHERS)
    meeting = start + timedelta(days=rng.choice([10, 14, 18, 25, 30, 40]))
    kind = "initial"
    while meeting <= last_day:
        if age_on(child.date_of_birth, meeting) >= 3:
            pep_record(
                child=child,
                kind=kind,
                meeting_date=meeting,
                school_name=school,
                school_urn=urn,
                designated_teacher=teacher,
                by=by,
            )
            kind = "review"
        meeting += timedelta(days=rng.randint(80, 120))


def _missing(rng: random.Random, child, start: date, last_day: date, now: datetime, by) -> None:
    moment = _at(start, 20) + timedelta(days=rng.randint(10, 60))
    for _ in range(rng.choice([1, 1, 2, 3, 3, 4, 5])):
        if moment.date() > last_day:
            return
        returned = moment + timedelta(hours=rng.randint(3, 40))
        if returned > now:
            # Missing now, unless the placement they went from has ended since (rule 575).
            if rng.random() < 0.5 and placement_ended_on_or_after(child, moment.date()) is None:
                missing_episode_record(child=child, episode_type="M", started_at=moment, by=by)
            return
        offered = returned + timedelta(hours=rng.randint(2, 30))
        fate = rng.random()
        interview: dict = {}
        if fate < 0.65:  # held within 72 hours
            held = offered + timedelta(hours=rng.randint(1, 30))
            interview = dict(rhi_outcome="accepted", rhi_held_at=min(held, returned + timedelta(hours=71)))
        elif fate < 0.85:  # held late
            interview = dict(
                rhi_outcome="accepted", rhi_held_at=returned + timedelta(hours=rng.randint(80, 160))
            )
        elif fate < 0.95:
            interview = dict(rhi_outcome="declined")
        if interview:
            interview["rhi_offered_at"] = offered
            if interview.get("rhi_held_at"):
                interview |= dict(rhi_held_by=rng.choice(INTERVIEWERS), rhi_by_independent_person=True)
        if any(value and value > now for value in (offered, interview.get("rhi_held_at"))):
            interview = {}
        missing_episode_record(
            child=child,
            episode_type=rng.choice("MMMA"),
            started_at=moment,
            ended_at=returned,
            reported_to_police=rng.random() < 0.8,
            by=by,
            **interview,
        )
        # Repeat episodes come close together: some children go missing 3 times in a month.
        moment = returned + timedelta(days=rng.choice([3, 6, 9, 20, 45, 90]), hours=rng.randint(0, 6))


def create_demo_health_and_missing(rng: random.Random, today: date) -> int:
    """Give every demo child in care their health, PEPs and (for some) missing episodes and
    UASC status. Returns how many children it gave records to."""
    by = User.objects.filter(username="socialworker").first()
    periods = list(PeriodOfCare.objects.select_related("child").order_by("pk"))
    now = _at(today, 23)
    done = 0
    uasc: set[int] = set()
    with demo_clock(now):
        for period in periods:
            child = period.child
            if child.date_of_birth is None:
                continue
            last_day = min(period.end_date or today, today, eighteenth_birthday(child.date_of_birth))
            start = max(period.start_date, child.date_of_birth)
            if last_day < start:
                continue
            _health(rng, child, start, last_day, by)
            _education(rng, child, start, last_day, by)
            age = age_on(child.date_of_birth, start)
            if age >= 11 and rng.random() < 0.3:
                _missing(rng, child, start, last_day, now, by)
            if age >= 14 and rng.random() < 0.1 and child.pk not in uasc:
                uasc.add(child.pk)
                arrived = max(child.date_of_birth, start - timedelta(days=rng.randint(0, 4)))
                uasc_status_record(
                    child=child,
                    status_from=start,
                    arrived_on=arrived,
                    age_disputed=rng.random() < 0.3,
                    by=by,
                )
            done += 1
    return done
