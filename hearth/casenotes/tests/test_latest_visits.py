"""Each child's latest visits (``LatestVisit``) are what the notes say, whatever happens to a note.

Every test compares the stored rows with the same facts worked out from the notes themselves.
"""

import importlib
import random
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.casenotes.models import CaseNote, LatestVisit
from hearth.casenotes.services import (
    case_note_record,
    case_note_update,
    case_notes_record_many,
    latest_visits_refresh,
)
from hearth.people.merge import person_merge, person_unmerge
from hearth.people.services import person_create
from hearth.worktray.tests.journey import at

DAY = date(2026, 3, 2)


@pytest.fixture
def child(social_worker):
    return person_create(
        by=social_worker, first_name="Ava", last_name="Stone", date_of_birth=date(2018, 5, 1)
    )


@pytest.fixture
def brother(social_worker):
    return person_create(
        by=social_worker, first_name="Leo", last_name="Stone", date_of_birth=date(2020, 2, 3)
    )


def record(children, by, *, on=DAY, hour=10, **fields):
    values = {
        "children": children,
        "occurred_at": at(on, hour),
        "kind": "cla_visit",
        "narrative": "Visited the child at the carers' home.",
        "by": by,
    }
    return case_note_record(**{**values, **fields})


def change(note, by, **changes):
    note.refresh_from_db()
    return case_note_update(note=note, by=by, expected_version=note.version, **changes)


def stored(*children) -> dict:
    rows = LatestVisit.objects.filter(child__in=children)
    return {(row.child_id, row.kind): (row.last_at, row.last_seen_at) for row in rows}


def from_the_notes(*children) -> dict:
    """The same facts worked out in Python from every note about the children."""
    latest: dict = {}
    for child in children:
        for note in CaseNote.objects.filter(children=child, kind__in=CaseNote.VISIT_KINDS, is_draft=False):
            last, seen = latest.get((child.pk, note.kind), (None, None))
            if last is None or note.occurred_at > last:
                last = note.occurred_at
            if note.child_seen and (seen is None or note.occurred_at > seen):
                seen = note.occurred_at
            latest[(child.pk, note.kind)] = (last, seen)
    return latest


def test_a_visit_recorded_is_the_childs_latest_of_its_kind(child, brother, social_worker):
    record([child, brother], social_worker, child_seen=True)
    assert stored(child, brother) == {
        (child.pk, "cla_visit"): (at(DAY), at(DAY)),
        (brother.pk, "cla_visit"): (at(DAY), at(DAY)),
    }
    # A later visit that did not see the child moves the visit on but not the day last seen.
    record([child], social_worker, on=DAY + timedelta(days=7))
    assert stored(child)[(child.pk, "cla_visit")] == (at(DAY + timedelta(days=7)), at(DAY))
    # An earlier visit, a case note and a draft change nothing.
    record([child], social_worker, on=DAY - timedelta(days=7), child_seen=True)
    record([child], social_worker, on=DAY + timedelta(days=8), kind="note")
    record([child], social_worker, on=DAY + timedelta(days=9), child_seen=True, is_draft=True)
    assert stored(child)[(child.pk, "cla_visit")] == (at(DAY + timedelta(days=7)), at(DAY))
    assert stored(child, brother) == from_the_notes(child, brother)


def test_a_visit_moved_back_gives_way_to_the_visit_before_it(child, social_worker):
    record([child], social_worker, kind="cp_visit", on=DAY)
    later = record([child], social_worker, kind="cp_visit", on=DAY + timedelta(days=10), child_seen=True)
    assert stored(child)[(child.pk, "cp_visit")] == (
        at(DAY + timedelta(days=10)),
        at(DAY + timedelta(days=10)),
    )

    change(later, social_worker, occurred_at=at(DAY - timedelta(days=3)))

    assert stored(child)[(child.pk, "cp_visit")] == (at(DAY), at(DAY - timedelta(days=3)))
    assert stored(child) == from_the_notes(child)


def test_a_visit_made_another_kind_moves_to_that_kind(child, social_worker):
    note = record([child], social_worker, kind="cp_visit", child_seen=True)
    change(note, social_worker, kind="home_visit")
    assert stored(child) == {(child.pk, "home_visit"): (at(DAY), at(DAY))}
    # Made a case note (no longer a visit, so not seen), it is nobody's visit.
    change(note, social_worker, kind="note", child_seen=False)
    assert stored(child) == {}


def test_a_draft_counts_once_it_is_saved_as_the_note(child, social_worker):
    draft = record([child], social_worker, child_seen=True, is_draft=True, narrative="")
    assert stored(child) == {}
    change(draft, social_worker, narrative="Seen at the carers' home.", is_draft=False)
    assert stored(child) == {(child.pk, "cla_visit"): (at(DAY), at(DAY))}


def test_a_child_taken_off_a_visit_loses_it_and_a_child_added_gains_it(child, brother, social_worker):
    record([brother], social_worker, on=DAY - timedelta(days=20))
    note = record([child, brother], social_worker, child_seen=True)

    change(note, social_worker, children=[child])
    assert stored(brother) == {(brother.pk, "cla_visit"): (at(DAY - timedelta(days=20)), None)}

    change(note, social_worker, children=[brother])
    assert stored(child, brother) == {(brother.pk, "cla_visit"): (at(DAY), at(DAY))}
    assert stored(child, brother) == from_the_notes(child, brother)


def test_notes_recorded_many_at_once_give_every_child_their_latest_visits(social_worker):
    children = [
        person_create(
            by=social_worker, first_name=f"Child{n}", last_name="Stone", date_of_birth=date(2015, 1, 1)
        )
        for n in range(6)
    ]
    notes = []
    for index, kid in enumerate(children):
        for week in range(5):
            kind = ("cla_visit", "cp_visit", "home_visit", "note")[(index + week) % 4]
            notes.append(
                {
                    "children": [kid, children[(index + 1) % len(children)]],
                    "occurred_at": at(DAY - timedelta(weeks=week), 9 + index),
                    "kind": kind,
                    "child_seen": kind != "note" and week % 2 == 0,
                    "narrative": "Seen with a brother.",
                    "is_draft": week == 4,
                }
            )
    case_notes_record_many(by=social_worker, notes=notes)
    assert stored(*children) == from_the_notes(*children)
    assert len(stored(*children)) > len(children)


def test_the_refresh_costs_four_queries_for_one_child_or_many(social_worker):
    children = [
        person_create(
            by=social_worker, first_name=f"Child{n}", last_name="Stone", date_of_birth=date(2015, 1, 1)
        )
        for n in range(12)
    ]
    case_notes_record_many(
        by=social_worker,
        notes=[
            {
                "children": [kid],
                "occurred_at": at(DAY - timedelta(days=day)),
                "kind": "cla_visit",
                "child_seen": True,
                "narrative": "Seen.",
            }
            for kid in children
            for day in range(20)
        ],
    )
    for some in (children[:1], children):
        with CaptureQueriesContext(connection) as captured:
            latest_visits_refresh([kid.pk for kid in some])
        # Lock the children, delete, insert; and mark the worktray's clocks on them stale.
        assert len(captured) == 4
    assert stored(*children) == from_the_notes(*children)


def test_a_draft_being_typed_does_not_touch_the_latest_visits(child, social_worker):
    draft = record([child], social_worker, is_draft=True, narrative="Arrived at")
    with CaptureQueriesContext(connection) as captured:
        change(draft, social_worker, narrative="Arrived at ten", child_seen=True, children=[child])
    assert not [query for query in captured if "casenotes_latestvisit" in query["sql"]]


def test_a_merge_gives_the_kept_record_the_duplicates_visits_and_an_unmerge_takes_them_back(
    social_worker, team_manager
):
    keep = person_create(
        by=social_worker, first_name="Tobi", last_name="Okoro", date_of_birth=date(2016, 2, 3)
    )
    duplicate = person_create(
        by=social_worker, first_name="Toby", last_name="Okoro", date_of_birth=date(2016, 2, 3)
    )
    record([keep], social_worker, kind="cp_visit", on=DAY - timedelta(days=14), child_seen=True)
    record([duplicate], social_worker, kind="cp_visit", on=DAY)
    record([keep, duplicate], social_worker, kind="home_visit", on=DAY - timedelta(days=1), child_seen=True)

    merge = person_merge(keep=keep, merge=duplicate, by=team_manager, reason="Same child")
    assert stored(keep)[(keep.pk, "cp_visit")] == (at(DAY), at(DAY - timedelta(days=14)))
    # The note about both stays on the duplicate too (a note is about a child once).
    assert stored(keep, duplicate) == from_the_notes(keep, duplicate)
    assert (duplicate.pk, "cp_visit") not in stored(duplicate)

    person_unmerge(record=merge, by=team_manager, reason="Twins")
    assert stored(keep)[(keep.pk, "cp_visit")] == (at(DAY - timedelta(days=14)),) * 2
    assert stored(duplicate)[(duplicate.pk, "cp_visit")] == (at(DAY), None)
    assert stored(keep, duplicate) == from_the_notes(keep, duplicate)


def test_the_migration_fills_the_latest_visits_from_the_notes_already_recorded(child, brother, social_worker):
    record([child, brother], social_worker, child_seen=True)
    record([child], social_worker, kind="cp_visit", on=DAY - timedelta(days=3))
    record([brother], social_worker, kind="home_visit", is_draft=True, child_seen=True)
    before = stored(child, brother)
    LatestVisit.objects.all().delete()

    migration = importlib.import_module("hearth.casenotes.migrations.0003_latest_visit")
    migration.backfill(apps, SimpleNamespace(connection=connection))

    assert stored(child, brother) == before == from_the_notes(child, brother)


def test_whatever_is_done_to_the_notes_the_latest_visits_are_what_the_notes_say(social_worker, team_manager):
    rng = random.Random(20260302)
    children = [
        person_create(by=social_worker, first_name=name, last_name="Stone", date_of_birth=date(2015, 1, 1))
        for name in ("Ava", "Leo", "Mia")
    ]
    kinds = [kind.value for kind in CaseNote.Kind]

    def fields():
        kind = rng.choice(kinds)
        seen = kind in CaseNote.VISIT_KINDS and rng.random() < 0.6
        return {
            "occurred_at": at(DAY - timedelta(days=rng.randint(0, 60)), rng.randint(8, 18)),
            "kind": kind,
            "child_seen": seen,
            "child_seen_alone": seen and rng.random() < 0.3,
            "is_draft": rng.random() < 0.25,
            "narrative": "What happened.",
        }

    notes = []
    for _ in range(60):
        who = rng.sample(children, rng.randint(1, 3))
        if notes and rng.random() < 0.5:
            note = rng.choice(notes)
            note.refresh_from_db()
            changes = {name: value for name, value in fields().items() if rng.random() < 0.5}
            kind = changes.get("kind", note.kind)
            seen = changes.get("child_seen", note.child_seen) and kind in CaseNote.VISIT_KINDS
            alone = changes.get("child_seen_alone", note.child_seen_alone) and seen
            changes.update(child_seen=seen, child_seen_alone=alone)
            by = team_manager if rng.random() < 0.2 else social_worker
            case_note_update(
                note=note,
                by=by,
                expected_version=note.version,
                children=who if rng.random() < 0.5 else None,
                **changes,
            )
        else:
            notes.append(case_note_record(children=who, by=social_worker, **fields()))
        assert stored(*children) == from_the_notes(*children)
