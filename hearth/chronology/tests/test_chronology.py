from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.assessment.services import assessment_authorise, assessment_complete
from hearth.casenotes.services import case_note_record
from hearth.childinneed.models import Referral
from hearth.childinneed.services import referral_close
from hearth.childprotection.services import conference_hold, core_group_record, section_47_conclude
from hearth.chronology.registry import KINDS, chronology_for, source
from hearth.frontdoor.services import contact_decide, contact_record, contact_sign_off
from hearth.organisation.models import TeamType
from hearth.people.models import PersonType
from hearth.people.services import address_add, person_create, relationship_add
from hearth.reference.selectors import clear_cache as clear_code_cache
from hearth.timescales.clocks import clear_cache as clear_clock_cache
from hearth.worktray.tests.journey import (
    at,
    make_chair,
    make_child,
    make_team,
    protect,
    refer_and_allocate,
    start_assessment,
    visit,
)


@pytest.fixture(autouse=True)
def _fresh_caches():
    clear_code_cache()
    clear_clock_cache()
    yield
    clear_code_cache()
    clear_clock_cache()


@pytest.fixture
def team(social_worker, team_manager):
    return make_team(
        "South Safeguarding", TeamType.SAFEGUARDING, manager=team_manager, members=[social_worker]
    )


@pytest.fixture
def child(social_worker):
    return make_child(social_worker)


def journey(child, *, team, social_worker, team_manager, front_door_worker):
    """Contact to closure, each step through its own service."""
    chair = make_chair()
    contact = contact_record(
        received_at=at(date(2025, 12, 19), 9, 30),
        source="2A",
        concerns="Bruise on Ava's arm seen at school",
        people=[(child, "subject")],
        by=front_door_worker,
    )
    contact = contact_decide(
        contact=contact,
        decision="strategy",
        reason="Injury to a child",
        by=front_door_worker,
        expected_version=1,
    )
    contact_sign_off(contact=contact, by=team_manager, expected_version=contact.version, primary_need="N1")
    referral = Referral.objects.get(child=child)
    from hearth.allocation.services import case_allocate

    case_allocate(
        child=child, team=team, worker=social_worker, start_date=date(2025, 12, 19), by=team_manager
    )
    assessment = start_assessment(referral, on=date(2025, 12, 22), by=social_worker)
    protection = protect(
        referral, strategy_on=date(2025, 12, 22), icpc_on=None, by=social_worker, chair=chair
    )
    section_47_conclude(
        section_47=protection.section_47,
        completed_on=date(2026, 1, 9),
        outcome="conference",
        by=social_worker,
    )
    icpc = conference_hold(
        referral=referral,
        kind="initial",
        held_on=date(2026, 1, 14),
        chair=chair,
        outcome="plan",
        category="PHY",
        section_47=protection.section_47,
        by=chair,
    )
    plan = icpc.plan_started
    core_group_record(plan=plan, held_on=date(2026, 1, 23), by=social_worker)
    visit(child, on=date(2026, 1, 27), by=social_worker)
    assessment_complete(
        assessment=assessment,
        completed_on=date(2026, 2, 13),
        factors=["3B"],
        outcome="strategy",
        by=social_worker,
    )
    assessment_authorise(assessment=assessment, authorised_on=date(2026, 2, 16), by=team_manager)
    conference_hold(
        referral=referral, kind="review", held_on=date(2026, 4, 10), chair=chair, outcome="end_plan", by=chair
    )
    referral_close(referral=referral, closure_date=date(2026, 4, 20), closure_reason="RC7", by=team_manager)
    return referral


def test_the_chronology_tells_the_journey_in_date_order_from_what_was_recorded(
    child, team, social_worker, team_manager, front_door_worker
):
    journey(
        child,
        team=team,
        social_worker=social_worker,
        team_manager=team_manager,
        front_door_worker=front_door_worker,
    )
    entries = chronology_for([child.pk])
    dated = [(entry.date, entry.title) for entry in entries]
    expected = [
        (date(2025, 12, 19), "Contact received"),
        (date(2025, 12, 19), "Referral"),
        (date(2025, 12, 19), "Allocated to Sam Okafor, South Safeguarding"),
        (date(2025, 12, 22), "Assessment started"),
        (date(2025, 12, 22), "Strategy discussion"),
        (date(2025, 12, 22), "Section 47 enquiry started"),
        (date(2026, 1, 9), "Section 47 enquiry concluded"),
        (date(2026, 1, 14), "Initial child protection conference"),
        (date(2026, 1, 14), "Child protection plan started"),
        (date(2026, 1, 23), "Core group meeting"),
        (date(2026, 1, 27), "Child protection visit"),
        (date(2026, 2, 13), "Assessment completed"),
        (date(2026, 2, 16), "Assessment authorised"),
        (date(2026, 4, 10), "Review child protection conference"),
        (date(2026, 4, 10), "Child protection plan ended"),
        (date(2026, 4, 20), "Case closed"),
    ]
    assert [item for item in dated if item in expected] == expected
    assert dated == sorted(dated, key=lambda item: item[0])
    by_title = {entry.title: entry for entry in entries}
    assert (
        by_title["Case closed"].detail == "Services ceased for any other reason, including no longer in need"
    )
    assert "Child seen alone" in by_title["Child protection visit"].detail
    assert "Contact decision: Referral and strategy discussion" in by_title
    assert "Contact decision signed off" in by_title
    assert "Physical abuse" in by_title["Child protection plan started"].detail


def test_moves_and_relationships_come_from_the_person_record(child, social_worker):
    address_add(
        person=child, by=social_worker, line_1="1 High Street", town="Birmingham", start_date=date(2024, 6, 3)
    )
    aunt = person_create(by=social_worker, person_type=PersonType.ADULT, first_name="Rita", last_name="Stone")
    relationship_add(
        person=child, relative=aunt, kind="aunt_uncle", by=social_worker, start_date=date(2025, 1, 10)
    )
    entries = chronology_for([child.pk], kinds=["family"])
    assert [(e.date, e.title) for e in entries] == [
        (date(2024, 6, 3), "Moved to a new address"),
        (date(2025, 1, 10), "Aunt or uncle: Rita Stone"),
    ]


def test_drafts_and_ordinary_notes_are_not_events(child, social_worker):
    case_note_record(
        children=[child],
        occurred_at=at(date(2026, 1, 5)),
        kind="phone",
        narrative="Phoned school",
        by=social_worker,
    )
    case_note_record(
        children=[child],
        occurred_at=at(date(2026, 1, 6)),
        kind="home_visit",
        narrative="",
        by=social_worker,
        is_draft=True,
    )
    assert chronology_for([child.pk]) == []


def test_a_source_must_name_a_known_kind():
    with pytest.raises(ValueError):
        source("gossip")


def test_filtering_by_kind_asks_only_the_sources_of_that_kind(
    child, team, social_worker, team_manager, front_door_worker
):
    journey(
        child,
        team=team,
        social_worker=social_worker,
        team_manager=team_manager,
        front_door_worker=front_door_worker,
    )
    entries = chronology_for([child.pk], kinds=["visits", "referral"])
    assert {entry.kind for entry in entries} == {"visits", "referral"}
    with CaptureQueriesContext(connection) as queries:
        chronology_for([child.pk], kinds=["visits"])
    assert len(queries) == 1


def test_the_page_filters_with_checkboxes_and_prints(
    client, child, team, social_worker, team_manager, front_door_worker
):
    journey(
        child,
        team=team,
        social_worker=social_worker,
        team_manager=team_manager,
        front_door_worker=front_door_worker,
    )
    client.force_login(social_worker)
    url = reverse("chronology:child", args=[child.pk])
    text = client.get(url).content.decode()
    assert "Core group meeting" in text and "Case closed" in text
    assert "chronology/chronology.css" in text and "data-print-button" in text
    assert 'data-testid="child-banner"' in text and 'aria-current="page"' in text
    filtered = client.get(url, {"kind": "child_protection"}).content.decode()
    assert "Core group meeting" in filtered and "Case closed" not in filtered
    assert 'value="child_protection" checked' in filtered


def test_the_page_costs_the_same_queries_however_long_the_history(client, child, social_worker):
    client.force_login(social_worker)
    url = reverse("chronology:child", args=[child.pk])
    # The short history already holds each kind of record the long one adds: sources of empty
    # tables are skipped, so what the count may not do is grow with the number of records.
    visit(child, on=date(2026, 1, 5), by=social_worker)
    address_add(person=child, by=social_worker, line_1="5 High Street", start_date=date(2025, 1, 5))
    client.get(url)
    with CaptureQueriesContext(connection) as short:
        client.get(url)
    for day in range(6, 26):
        visit(child, on=date(2026, 1, day), by=social_worker)
        address_add(
            person=child, by=social_worker, line_1=f"{day} High Street", start_date=date(2025, 1, day)
        )
    with CaptureQueriesContext(connection) as long:
        text = client.get(url).content.decode()
    assert text.count('data-testid="chronology-entry"') == 42
    assert len(long) == len(short)


def test_every_kind_has_a_source():
    from hearth.chronology.registry import sources_for

    for kind in KINDS:
        assert sources_for([kind]), kind


def test_an_analyst_may_read_it_and_an_adult_has_none(client, child, analyst, social_worker):
    mother = person_create(
        by=social_worker, person_type=PersonType.ADULT, first_name="Jade", last_name="Stone"
    )
    client.force_login(analyst)
    assert client.get(reverse("chronology:child", args=[child.pk])).status_code == 200
    assert client.get(reverse("chronology:child", args=[mother.pk])).status_code == 404


def test_early_help_and_child_in_need_plans_with_their_reviews(child, team, social_worker, team_manager):
    from hearth.childinneed.services import cin_plan_end, cin_plan_review_add, cin_plan_start
    from hearth.earlyhelp.services import early_help_end, early_help_start

    episode = early_help_start(
        child=child, start_date=date(2025, 3, 3), by=social_worker, lead_agency="Family hub"
    )
    early_help_end(
        episode=episode,
        end_date=date(2025, 6, 30),
        outcome="needs_met",
        by=social_worker,
        expected_version=episode.version,
    )
    referral = refer_and_allocate(
        child, on=date(2025, 9, 1), team=team, worker=social_worker, by=team_manager
    )
    assessment = start_assessment(referral, on=date(2025, 9, 2), by=social_worker)
    assessment_complete(
        assessment=assessment,
        completed_on=date(2025, 10, 1),
        factors=["16A"],
        outcome="cin",
        by=social_worker,
    )
    assessment_authorise(assessment=assessment, authorised_on=date(2025, 10, 2), by=team_manager)
    plan = cin_plan_start(referral=referral, start_date=date(2025, 10, 6), by=social_worker)
    cin_plan_review_add(plan=plan, review_date=date(2026, 1, 5), by=social_worker, notes="Going well")
    cin_plan_end(plan=plan, end_date=date(2026, 3, 2), by=social_worker)
    entries = [
        (e.date, e.title) for e in chronology_for([child.pk], kinds=["early_help", "cin", "assessment"])
    ]
    assert entries == [
        (date(2025, 3, 3), "Early help started"),
        (date(2025, 6, 30), "Early help ended"),
        (date(2025, 9, 2), "Assessment started"),
        (date(2025, 10, 1), "Assessment completed"),
        (date(2025, 10, 2), "Assessment authorised"),
        (date(2025, 10, 6), "Child in need plan started"),
        (date(2026, 1, 5), "Child in need plan reviewed"),
        (date(2026, 3, 2), "Child in need plan ended"),
    ]


def test_sources_of_empty_tables_are_skipped_without_changing_the_chronology(
    child, team, social_worker, team_manager, front_door_worker, monkeypatch
):
    from hearth.chronology import registry

    journey(
        child,
        team=team,
        social_worker=social_worker,
        team_manager=team_manager,
        front_door_worker=front_door_worker,
    )
    address_add(person=child, by=social_worker, line_1="1 High Street", start_date=date(2026, 1, 14))
    with CaptureQueriesContext(connection) as asked_first:
        skipping = chronology_for([child.pk])
    monkeypatch.setattr(registry, "ASK_FIRST_FROM", 10_000)  # never ask: run every source
    with CaptureQueriesContext(connection) as every_source:
        everything = chronology_for([child.pk])
    assert skipping == everything
    # Same order within a day too: the conference before the plan it started.
    titles = [entry.title for entry in skipping if entry.date == date(2026, 1, 14)]
    assert titles == [
        "Initial child protection conference",
        "Child protection plan started",
        "Moved to a new address",
    ]
    assert len(every_source) == len(registry.sources_for())
    assert len(asked_first) < len(every_source) / 2
    # Asked once, then only the tables that hold something: no care, health or leaving care here.
    assert 'FROM "childrenincare_placement"' not in " ".join(q["sql"] for q in asked_first[1:])


def test_a_child_with_nothing_recorded_costs_one_query(child):
    with CaptureQueriesContext(connection) as queries:
        assert chronology_for([child.pk]) == []
    assert len(queries) == 1


def test_a_source_reads_a_model_and_a_path_to_the_child():
    with pytest.raises(ValueError):
        source("visits", reads=("casenotes_casenote", "person"))


# The rows of the table as the template loop wrote them before they were written in Python.
TEMPLATE_ROWS = """{% for entry in entries %}
        <tr class="govuk-table__row" data-testid="chronology-entry" data-kind="{{ entry.kind }}" data-title="{{ entry.title }}">
          <td class="govuk-table__cell govuk-!-width-one-quarter">{{ entry.date|date:"j M Y" }}{% if entry.time %} {{ entry.time|time:"H:i" }}{% endif %}</td>
          <td class="govuk-table__cell">{% if entry.href %}<a class="govuk-link" href="{{ entry.href }}">{{ entry.title }}</a>{% else %}{{ entry.title }}{% endif %}<br><span class="govuk-body-s">{{ entry.kind_label }}</span></td>
          <td class="govuk-table__cell">{{ entry.detail }}</td>
        </tr>
        {% endfor %}"""


def test_the_rows_are_written_exactly_as_the_template_wrote_them(
    child, team, social_worker, team_manager, front_door_worker
):
    from datetime import time

    from django.template import Context, Template

    from hearth.chronology.registry import ChronologyEntry
    from hearth.chronology.views import entry_rows

    journey(
        child,
        team=team,
        social_worker=social_worker,
        team_manager=team_manager,
        front_door_worker=front_door_worker,
    )
    entries = chronology_for([child.pk]) + [
        ChronologyEntry(date(2026, 5, 1), "family", "Aunt: Rita O'Neil <Stone>", 'Said "no" & left'),
        ChronologyEntry(date(2026, 5, 2), "missing", "Missing", "", "/a?b=1&c=2", time(0, 0)),
        ChronologyEntry(date(2026, 9, 30), "unknown_kind", "Odd", "None", "", time(23, 59)),
    ]
    expected = Template(TEMPLATE_ROWS).render(Context({"entries": entries}))
    assert entry_rows(entries) == expected
