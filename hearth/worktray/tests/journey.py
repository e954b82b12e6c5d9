"""A child's journey made through the journey apps' own services, for the worktray and
chronology tests: referral, allocation, assessment, strategy discussion, section 47, initial
conference and plan, visits."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from conftest import make_staff
from hearth.accounts.roles import Role
from hearth.allocation.services import case_allocate
from hearth.assessment.services import assessment_start
from hearth.casenotes.services import case_note_record
from hearth.childinneed.models import Referral
from hearth.childinneed.services import referral_create
from hearth.childprotection.models import ChildProtectionPlan
from hearth.childprotection.services import conference_hold, section_47_start, strategy_discussion_record
from hearth.organisation.models import Service, Team, TeamType
from hearth.organisation.services import (
    services_register_load,
    staff_member_create,
    team_create,
    team_manager_set,
)
from hearth.people.models import Person
from hearth.people.services import person_create


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def make_team(name: str, team_type: str, *, manager=None, members=()) -> Team:
    services_register_load()
    service = Service.objects.get(
        code="single-point-of-entry" if team_type == TeamType.FRONT_DOOR else "asti"
    )
    team = team_create(name=name, team_type=team_type, service=service)
    if manager is not None:
        boss = staff_member_create(role_label="Team manager", team=team, user=manager)
        team_manager_set(team=team, manager=boss)
    for user in members:
        staff_member_create(role_label="Social worker", team=team, user=user)
    return team


def make_chair():
    return make_staff("cleo.chair", Role.CP_CHAIR_IRO, first_name="Cleo", last_name="Hart")


def make_child(
    by, first_name: str = "Ava", last_name: str = "Stone", born: date = date(2018, 5, 1)
) -> Person:
    return person_create(by=by, first_name=first_name, last_name=last_name, date_of_birth=born, sex="F")


def refer_and_allocate(child: Person, *, on: date, team: Team, worker, by) -> Referral:
    referral = referral_create(child=child, referral_date=on, source="2A", primary_need="N1", by=by)
    case_allocate(child=child, team=team, worker=worker, start_date=on, by=by)
    return referral


def start_assessment(referral: Referral, *, on: date, by):
    return assessment_start(referral=referral, start_date=on, by=by)


@dataclass
class Protection:
    strategy: object
    section_47: object
    plan: ChildProtectionPlan | None


def protect(referral: Referral, *, strategy_on: date, icpc_on: date | None, by, chair) -> Protection:
    strategy = strategy_discussion_record(
        referral=referral,
        held_on=strategy_on,
        attendees=[{"agency": "Police", "name": "DC Priya Shah"}],
        section_47_initiated=True,
        decision_notes="Section 47 enquiry to start.",
        by=by,
    )
    enquiry = section_47_start(strategy_discussion=strategy, start_date=strategy_on, by=by)
    plan = None
    if icpc_on is not None:
        conference = conference_hold(
            referral=referral,
            kind="initial",
            held_on=icpc_on,
            chair=chair,
            outcome="plan",
            category="NEG",
            section_47=enquiry,
            by=chair,
        )
        plan = conference.plan_started
    return Protection(strategy, enquiry, plan)


def visit(child: Person, *, on: date, by, kind: str = "cp_visit", others=()):
    return case_note_record(
        children=[child, *others],
        occurred_at=at(on, 15),
        kind=kind,
        narrative="Visited at home; the children were seen in their bedrooms.",
        child_seen=True,
        child_seen_alone=True,
        child_voice="Ava said she likes her new school.",
        by=by,
    )
