"""The worktray's statutory visit tasks read each child's latest visits, not the child's history:
the same tasks as when they were worked out from every note, at one row per child."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import OuterRef, Subquery
from django.test.utils import CaptureQueriesContext

from hearth.casenotes.models import CaseNote
from hearth.casenotes.services import case_note_record, case_note_update
from hearth.childrenincare.models import CareReview, LegalStatus, PeriodOfCare, Placement
from hearth.childrenincare.selectors import visit_clock
from hearth.childrenincare.services import period_of_care_start
from hearth.organisation.models import TeamType
from hearth.timescales.clocks import due_date
from hearth.worktray.care_providers import care_visits_due
from hearth.worktray.providers import CaseChild, Scope, _local_date, _open_plans, cp_visits_due
from hearth.worktray.tests.journey import at, make_chair, make_child, make_team, protect, refer_and_allocate

TODAY = date(2026, 6, 1)
FOSTER_CARE = {
    "placement_type": "U6",
    "provider": "PR1",
    "carer_name": "Jan and Lee Harris",
    "postcode": "B15 2TT",
    "ofsted_urn": "SC123456",
}


# --- the providers' visit dates as they were, read from every note through the link table ------


def _last_from_the_notes(child_ref: str, kind: str, **seen):
    return (
        CaseNote.children.through.objects.filter(
            person_id=OuterRef(child_ref), casenote__kind=kind, casenote__is_draft=False, **seen
        )
        .order_by("-casenote__occurred_at")
        .values("casenote__occurred_at")[:1]
    )


def care_visits_as_before(scope: Scope) -> set:
    placement = Placement.objects.filter(period=OuterRef("pk"), end_date__isnull=True)
    status = LegalStatus.objects.filter(period=OuterRef("pk"), end_date__isnull=True)
    first_review = CareReview.objects.filter(period=OuterRef("pk")).order_by("review_date")
    rows = PeriodOfCare.objects.filter(child_id__in=scope.child_ids, end_date__isnull=True).annotate(
        last_visit=Subquery(_last_from_the_notes("child_id", "cla_visit", casenote__child_seen=True)),
        placement_start=Subquery(placement.values("start_date")[:1]),
        placement_type=Subquery(placement.values("placement_type")[:1]),
        long_term=Subquery(placement.values("long_term")[:1]),
        reg_24_temporary=Subquery(placement.values("reg_24_temporary")[:1]),
        legal_status=Subquery(status.values("legal_status")[:1]),
        legal_status_start=Subquery(status.values("start_date")[:1]),
        first_review=Subquery(first_review.values("review_date")[:1]),
    )
    return {
        (
            row.child_id,
            "cla_visit",
            visit_clock(
                placement_start=row.placement_start,
                last_visit=_local_date(row.last_visit) if row.last_visit else None,
                placement_type=row.placement_type or "",
                long_term=bool(row.long_term),
                reg_24_temporary=bool(row.reg_24_temporary),
                legal_status=row.legal_status or "",
                legal_status_start=row.legal_status_start,
                first_review=row.first_review,
            ).due,
        )
        for row in rows
        if row.placement_start is not None
    }


def cp_visits_as_before(scope: Scope) -> set:
    rows = _open_plans(scope).annotate(
        last_visit=Subquery(_last_from_the_notes("referral__child_id", "cp_visit"))
    )
    due = set()
    for row in rows.values("referral__child_id", "start_date", "last_visit"):
        anchor = row["start_date"]
        if row["last_visit"] and _local_date(row["last_visit"]) >= anchor:
            anchor = _local_date(row["last_visit"])
        due.add((row["referral__child_id"], "cp_visit", due_date("cp.visit", anchor)))
    return due


def tasks(provider, scope: Scope) -> set:
    return {(task.child_id, task.kind, task.due) for task in provider(scope)}


# --- a caseload of children in care and children on child protection plans ---------------------


def in_care(worker, team, first_name: str):
    child = make_child(worker, first_name=first_name, born=date(2014, 3, 1))
    refer_and_allocate(child, on=date(2025, 12, 1), team=team, worker=worker, by=worker)
    period_of_care_start(
        child=child,
        start_date=date(2026, 1, 5),
        legal_status="C2",
        placement=dict(FOSTER_CARE),
        category_of_need="N1",
        home_postcode="B12 9QS",
        by=worker,
    )
    return child


def on_a_plan(worker, team, chair, first_name: str):
    child = make_child(worker, first_name=first_name, born=date(2017, 3, 1))
    referral = refer_and_allocate(child, on=date(2025, 12, 1), team=team, worker=worker, by=worker)
    protect(referral, strategy_on=date(2025, 12, 22), icpc_on=date(2026, 1, 14), by=worker, chair=chair)
    return child


def visit(children, worker, on: date, kind: str, **fields):
    return case_note_record(
        children=children,
        occurred_at=at(on, 11),
        kind=kind,
        narrative="Visited at home.",
        by=worker,
        **{"child_seen": True, **fields},
    )


def scope_of(worker, children) -> Scope:
    return Scope(
        user=worker,
        today=TODAY,
        children={child.pk: CaseChild(child.pk, child.display_name, worker.pk, "Sam") for child in children},
        worker_ids={worker.pk},
    )


@pytest.fixture
def team(social_worker):
    return make_team("Safeguarding South", TeamType.SAFEGUARDING, members=[social_worker])


def test_the_visit_tasks_are_the_same_as_when_worked_out_from_every_note(social_worker, team):
    worker, chair = social_worker, make_chair()
    never_visited, visited, redated, sister, made_home_visit = (
        in_care(worker, team, name) for name in ("Ava", "Ben", "Cal", "Dee", "Eve")
    )
    visit([visited], worker, date(2026, 1, 20), "cla_visit")
    visit([visited], worker, date(2026, 3, 2), "cla_visit")
    visit([visited], worker, date(2026, 4, 2), "cla_visit", child_seen=False)
    visit([visited], worker, date(2026, 4, 20), "cla_visit", is_draft=True)
    visit([visited], worker, date(2026, 5, 1), "home_visit")
    visit([redated], worker, date(2026, 2, 2), "cla_visit")
    late = visit([redated, sister], worker, date(2026, 5, 4), "cla_visit")
    case_note_update(note=late, by=worker, expected_version=late.version, occurred_at=at(date(2026, 1, 26)))
    moved = visit([made_home_visit], worker, date(2026, 4, 27), "cla_visit")
    case_note_update(note=moved, by=worker, expected_version=moved.version, kind="home_visit")

    no_cp_visit, cp_visited, before_plan = (
        on_a_plan(worker, team, chair, name) for name in ("Fay", "Gus", "Hal")
    )
    visit([cp_visited], worker, date(2026, 2, 2), "cp_visit")
    visit([cp_visited], worker, date(2026, 2, 16), "cp_visit", child_seen=False)
    visit([cp_visited], worker, date(2026, 3, 2), "cp_visit", is_draft=True)
    visit([before_plan], worker, date(2026, 1, 6), "cp_visit")

    scope = scope_of(
        worker,
        [never_visited, visited, redated, sister, made_home_visit, no_cp_visit, cp_visited, before_plan],
    )
    care = tasks(care_visits_due, scope)
    assert care == care_visits_as_before(scope) and len(care) == 5
    protection = tasks(cp_visits_due, scope)
    assert protection == cp_visits_as_before(scope) and len(protection) == 3


def test_the_visit_providers_read_one_row_per_child_however_many_visits(social_worker, team):
    worker = social_worker
    cared_for, protected = in_care(worker, team, "Ava"), on_a_plan(worker, team, make_chair(), "Ben")
    visit([cared_for], worker, date(2026, 1, 12), "cla_visit")
    visit([protected], worker, date(2026, 1, 19), "cp_visit")
    scope = scope_of(worker, [cared_for, protected])
    tasks(care_visits_due, scope), tasks(cp_visits_due, scope)  # the timescale and code caches

    def read(provider):
        with CaptureQueriesContext(connection) as captured:
            found = tasks(provider, scope)
        assert not [query for query in captured if "casenotes_casenote" in query["sql"]]
        return len(captured), found

    short = read(care_visits_due), read(cp_visits_due)
    for day in range(49):
        on = date(2026, 1, 20) + timedelta(days=day * 2)
        visit([cared_for], worker, on, "cla_visit")
        visit([protected], worker, on, "cp_visit")
    assert cared_for.case_notes.count() == protected.case_notes.count() == 50
    long = read(care_visits_due), read(cp_visits_due)

    assert [queries for queries, _ in long] == [queries for queries, _ in short] == [1, 1]
    assert [found for _, found in long] != [found for _, found in short]
    assert [found for _, found in long] == [care_visits_as_before(scope), cp_visits_as_before(scope)]
