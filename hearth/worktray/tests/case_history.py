"""A child's case that can be made longer, for the query-count tests of the daily pages.

``open_case`` gives a child referred, allocated, on a child in need plan and in care; each call
of ``lengthen`` adds a month of ordinary casework through the services: a visit, a case note, a
CIN plan review, a move of placement, a looked-after review, a new address and the case
transferred to a colleague and back. A page whose query count changes between a short and a
long case reads something once per record (an N+1).
"""

from dataclasses import dataclass
from datetime import date
from http import HTTPStatus

from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.allocation.services import case_transfer
from hearth.casenotes.services import case_note_record
from hearth.childinneed.models import CINPlan, Referral
from hearth.childinneed.services import cin_plan_review_add, cin_plan_start
from hearth.childrenincare.models import PeriodOfCare
from hearth.childrenincare.services import care_review_hold, period_of_care_start, placement_change
from hearth.organisation.models import Team, TeamType
from hearth.people.models import Person
from hearth.people.services import address_add
from hearth.worktray.tests.journey import at, make_chair, make_child, make_team, refer_and_allocate

START = date(2025, 1, 6)
CARERS = [
    {"placement_type": "U6", "provider": "PR1", "carer_name": "Jan and Lee Harris", "postcode": "B15 2TT"},
    {"placement_type": "U4", "provider": "PR1", "carer_name": "Sam Okoro", "postcode": "B29 6BD"},
]


@dataclass
class Case:
    child: Person
    referral: Referral
    plan: CINPlan
    period: PeriodOfCare
    team: Team
    worker: object
    colleague: object
    chair: object
    months: int = 0


def open_case(*, team: Team, worker, colleague, chair, first_name: str = "Ava") -> Case:
    child = make_child(worker, first_name=first_name, born=date(2015, 5, 1))
    referral = refer_and_allocate(child, on=START, team=team, worker=worker, by=worker)
    plan = cin_plan_start(referral=referral, start_date=date(2025, 1, 13), by=worker)
    period = period_of_care_start(
        child=child,
        start_date=date(2025, 1, 20),
        legal_status="C2",
        placement={**CARERS[0], "ofsted_urn": "SC123456"},
        category_of_need="N1",
        home_postcode="B12 9QS",
        by=worker,
    )
    case = Case(child, referral, plan, period, team, worker, colleague, chair)
    lengthen(case, months=1)
    return case


def safeguarding_case(worker, colleague, manager) -> Case:
    """The case the query-count tests share: ``worker``'s, in a safeguarding team ``manager`` runs."""
    team = make_team(
        "South Safeguarding", TeamType.SAFEGUARDING, manager=manager, members=[worker, colleague]
    )
    return open_case(team=team, worker=worker, colleague=colleague, chair=make_chair())


def lengthen(case: Case, *, months: int) -> None:
    """Add ``months`` months of casework, each in the first week of the next month from February
    2025 (so at most 18 months in all: every date stays in the past)."""
    for _ in range(months):
        case.months += 1
        year, month = 2025 + case.months // 12, case.months % 12 + 1
        day = date(year, month, 3)
        child, worker = case.child, case.worker
        case_note_record(
            children=[child],
            occurred_at=at(day, 11),
            kind="cla_visit",
            narrative="Visited the child at the carers' home.",
            child_seen=True,
            child_voice="Ava said she is happy here.",
            by=worker,
        )
        case_note_record(
            children=[child], occurred_at=at(day, 15), kind="note", narrative="Spoke to school.", by=worker
        )
        cin_plan_review_add(plan=case.plan, review_date=day, by=worker)
        carer = CARERS[case.months % 2]
        placement_change(
            period=case.period, on=day, by=worker, reason_changed="CARPL", **carer, ofsted_urn="SC123456"
        )
        care_review_hold(
            period=case.period,
            review_date=date(year, month, 4),
            chair=case.chair,
            participation="PN1",
            by=case.chair,
        )
        address_add(person=child, by=worker, line_1=f"{case.months} High Street", start_date=day)
        for to, on in ((case.colleague, date(year, month, 5)), (worker, date(year, month, 6))):
            case_transfer(child=child, to_team=case.team, to_worker=to, on=on, by=worker, reason="Cover")


def queries_for(client, url: str, **headers) -> int:
    """The queries of one GET of ``url``, after a first GET has filled the per-process caches
    (code lists, timescales)."""
    client.get(url, headers=headers)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, headers=headers).status_code == HTTPStatus.OK
    return len(captured)
