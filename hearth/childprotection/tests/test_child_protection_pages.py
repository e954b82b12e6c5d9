from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.childprotection.models import ChildProtectionPlan, Conference, Section47, StrategyDiscussion
from hearth.childprotection.services import conference_hold, core_group_record, section_47_conclude
from hearth.timescales.clocks import timescale


def date_fields(prefix: str, day: date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_a_social_worker_records_a_strategy_discussion_with_attendees_by_agency(
    client, social_worker, child, referral
):
    client.force_login(social_worker)
    response = client.post(
        reverse("childprotection:strategy-discussion-add", args=[child.pk]),
        {
            **date_fields("held_on", date(2025, 12, 22)),
            "attendees": "Police: DC Priya Shah\n\nHealth visitor: Jo Bell\n",
            "section_47_initiated": "yes",
            "decision_notes": "Section 47 to start.",
        },
    )
    assert response.status_code == 302
    discussion = StrategyDiscussion.objects.get()
    assert discussion.attendees == [
        {"agency": "Police", "name": "DC Priya Shah"},
        {"agency": "Health visitor", "name": "Jo Bell"},
    ]
    assert discussion.section_47_initiated is True
    body = client.get(reverse("childprotection:overview", args=[child.pk])).content.decode()
    assert "Police: DC Priya Shah" in body


def test_an_attendee_line_without_an_agency_is_shown_as_an_error(client, social_worker, child, referral):
    client.force_login(social_worker)
    response = client.post(
        reverse("childprotection:strategy-discussion-add", args=[child.pk]),
        {
            **date_fields("held_on", date(2025, 12, 22)),
            "attendees": "DC Priya Shah",
            "section_47_initiated": "yes",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in body and "Line 1: write the agency, a colon" in body
    assert not StrategyDiscussion.objects.exists()


def test_a_social_worker_starts_the_section_47_and_sees_when_the_icpc_is_due(
    client, social_worker, child, strategy_discussion
):
    client.force_login(social_worker)
    response = client.post(
        reverse("childprotection:section-47-add", args=[child.pk]),
        {"strategy_discussion": strategy_discussion.pk, **date_fields("start_date", date(2025, 12, 23))},
    )
    assert response.status_code == 302
    assert Section47.objects.get().strategy_discussion == strategy_discussion
    body = client.get(reverse("childprotection:overview", args=[child.pk])).content.decode()
    assert "due by <strong>15 January 2026</strong>" in body


def test_a_cp_chair_holds_the_icpc_that_starts_the_plan(client, cp_chair, child, referral, section_47):
    client.force_login(cp_chair)
    form = client.get(reverse("childprotection:conference-add", args=[child.pk])).content.decode()
    assert "Chris Adebayo" in form
    response = client.post(
        reverse("childprotection:conference-add", args=[child.pk]),
        {
            "kind": "initial",
            "section_47": section_47.pk,
            **date_fields("held_on", date(2026, 1, 14)),
            "chair": cp_chair.pk,
            "outcome": "plan",
            "category": "NEG",
        },
    )
    assert response.status_code == 302
    plan = ChildProtectionPlan.objects.get()
    assert (plan.start_date, plan.latest_category) == (date(2026, 1, 14), "NEG")
    body = client.get(reverse("childprotection:overview", args=[child.pk])).content.decode()
    assert "On a child protection plan since 14 January 2026" in body
    assert "14 April 2026" in body  # the first review conference, 3 months on
    assert "28 January 2026" in body  # the first core group, 10 working days on


def test_a_weekend_icpc_is_refused_with_the_error_next_to_the_date(
    client, cp_chair, child, referral, section_47
):
    client.force_login(cp_chair)
    response = client.post(
        reverse("childprotection:conference-add", args=[child.pk]),
        {
            "kind": "initial",
            "section_47": section_47.pk,
            **date_fields("held_on", date(2026, 1, 10)),
            "chair": cp_chair.pk,
            "outcome": "plan",
            "category": "NEG",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_held_on' in body and "Saturday or Sunday" in body
    assert not Conference.objects.exists()


def test_only_cp_chairs_and_managers_record_conferences(client, social_worker, child, referral):
    client.force_login(social_worker)
    assert client.get(reverse("childprotection:conference-add", args=[child.pk])).status_code == 403


def test_ending_a_plan_someone_else_changed_shows_the_conflict(client, team_manager, child, plan):
    ChildProtectionPlan.objects.filter(pk=plan.pk).update(end_reason="Changed elsewhere", version=5)
    client.force_login(team_manager)
    response = client.post(
        reverse("childprotection:plan-end", args=[child.pk, plan.pk]),
        {"version": 1, **date_fields("end_date", date(2026, 3, 2)), "reason": "Moved to Leeds"},
    )
    assert response.status_code == 409
    assert "Someone else changed this record" in response.content.decode()
    assert ChildProtectionPlan.objects.get(pk=plan.pk).end_date is None


def test_a_section_47_outcome_is_recorded_from_the_page(client, social_worker, child, section_47):
    client.force_login(social_worker)
    response = client.post(
        reverse("childprotection:section-47-conclude", args=[child.pk, section_47.pk]),
        {"version": 1, **date_fields("completed_on", date(2026, 1, 9)), "outcome": "not_substantiated"},
    )
    assert response.status_code == 302
    assert Section47.objects.get().conference_not_required


def test_a_core_group_is_recorded_against_the_plan(client, social_worker, child, plan):
    client.force_login(social_worker)
    response = client.post(
        reverse("childprotection:core-group-add", args=[child.pk, plan.pk]),
        date_fields("held_on", date(2026, 1, 27)),
    )
    assert response.status_code == 302
    assert plan.core_groups.count() == 1


def test_an_analyst_reads_the_page_but_sees_no_forms(client, analyst, child, plan):
    client.force_login(analyst)
    body = client.get(reverse("childprotection:overview", args=[child.pk])).content.decode()
    assert "On a child protection plan" in body and "Record a conference" not in body
    assert client.get(reverse("childprotection:strategy-discussion-add", args=[child.pk])).status_code == 403


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_takes_the_same_queries_however_long_the_history(
    django_assert_max_num_queries,
    client,
    social_worker,
    cp_chair,
    another_social_worker,
    child,
    referral,
    plan,
    section_47,
):
    client.force_login(social_worker)
    url = reverse("childprotection:overview", args=[child.pk])
    _queries(client, url)  # warm the per-process code list cache
    for key in ("icpc.held", "core_group.first", "rcpc.first", "rcpc.next"):
        timescale(key)  # and the timescale table's, read once per process in production
    few = _queries(client, url)
    for month in (2, 3, 5, 6, 8, 9):
        core_group_record(plan=plan, held_on=date(2026, month, 3), by=social_worker)
    for day in (date(2026, 4, 8), date(2026, 10, 7)):
        conference_hold(
            referral=referral, kind="review", held_on=day, chair=cp_chair, outcome="continue", by=cp_chair
        )
    section_47_conclude(
        section_47=section_47, completed_on=date(2026, 1, 14), outcome="conference", by=social_worker
    )
    many = _queries(client, url)
    assert many == few
    with django_assert_max_num_queries(few):
        client.get(url)
