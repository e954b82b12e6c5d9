"""The Care tab and its forms, as each role uses them."""

from datetime import date, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_staff
from hearth.audit.models import AccessLogEntry
from hearth.casenotes.services import case_note_record
from hearth.childrenincare.models import CareReview, PeriodOfCare, Placement
from hearth.childrenincare.services import care_review_hold, iro_assign, legal_status_change, placement_change
from hearth.childrenincare.tests.conftest import CHILDRENS_HOME, FOSTER_PLACEMENT


def date_fields(prefix: str, day: date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def care_url(child) -> str:
    return reverse("childrenincare:care", args=[child.pk])


def period_url(name: str, period) -> str:
    return reverse(f"childrenincare:{name}", args=[period.child_id, period.pk])


def test_a_social_worker_brings_a_child_into_care_in_one_form(client, social_worker, child):
    client.force_login(social_worker)
    response = client.post(
        reverse("childrenincare:start", args=[child.pk]),
        {
            **date_fields("start_date", date(2026, 1, 5)),
            "legal_status": "L2",
            "category_of_need": "N1",
            "referral_source": "5A",
            "home_postcode": "b12 9qs",
            "placement_type": "U6",
            "provider": "PR1",
            "carer_name": "Jan and Lee Harris",
            "postcode": "B15 2TT",
            "ofsted_urn": "SC123456",
        },
    )
    assert response.status_code == 302
    period = PeriodOfCare.objects.get(child=child)
    assert (period.home_postcode, period.legal_statuses.get().legal_status) == ("B12 9QS", "L2")
    body = client.get(care_url(child)).content.decode()
    assert "Period of care from 5 January 2026" in body
    assert 'data-testid="episodes"' in body and "05/01/2026" in body
    assert AccessLogEntry.objects.filter(person=child, page="care").exists()


def test_bad_input_is_shown_in_an_error_summary_and_nothing_is_saved(client, social_worker, child):
    client.force_login(social_worker)
    response = client.post(
        reverse("childrenincare:start", args=[child.pk]),
        {
            **date_fields("start_date", date(2026, 1, 5)),
            "legal_status": "C1",
            "category_of_need": "N1",
            "referral_source": "10",
            "placement_type": "T2",
            "provider": "PR1",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in body and "A T2 placement has no provider" in body
    assert not PeriodOfCare.objects.exists()


def test_the_care_page_shows_the_timelines_episodes_due_items_and_iro(
    client, social_worker, cp_chair, period
):
    legal_status_change(period=period, legal_status="C2", on=date(2026, 3, 2), by=social_worker)
    iro_assign(period=period, iro=cp_chair, start_date=date(2026, 1, 7), by=social_worker)
    client.force_login(social_worker)
    body = client.get(care_url(period.child)).content.decode()
    assert "C2</strong> Full care order" in body
    assert "Jan and Lee Harris" in body
    assert "Chris Adebayo, since 7 January 2026" in body
    # No review has been held: the first was due on 2 February 2026, before today.
    assert "Overdue</strong> was due 2 February 2026" in body


def test_a_placements_officer_moves_the_placement_but_does_not_change_the_legal_status(client, period):
    officer = make_staff("pip.placements", "placements", first_name="Pip", last_name="Lane")
    client.force_login(officer)
    response = client.post(
        period_url("placement-change", period),
        {
            "version": period.version,
            **date_fields("on", date(2026, 2, 9)),
            "reason_changed": "CREQB",
            **CHILDRENS_HOME,
        },
    )
    assert response.status_code == 302
    assert Placement.objects.get(period=period, end_date__isnull=True).placement_type == "K2"
    assert client.get(period_url("legal-status-change", period)).status_code == 403


def test_an_iro_holds_a_review_and_a_social_worker_may_not(client, cp_chair, social_worker, period):
    client.force_login(social_worker)
    assert client.get(period_url("review-add", period)).status_code == 403
    client.force_login(cp_chair)
    form = client.get(period_url("review-add", period)).content.decode()
    assert "Chris Adebayo" in form
    response = client.post(
        period_url("review-add", period),
        {
            "version": period.version,
            **date_fields("review_date", date(2026, 1, 30)),
            "chair": cp_chair.pk,
            "participation": "PN1",
            "decisions": "Stay with the Harrises; contact with mum fortnightly.",
        },
    )
    assert response.status_code == 302
    assert CareReview.objects.get().participation == "PN1"


def test_an_analyst_reads_the_care_page_but_records_nothing(client, analyst, period):
    client.force_login(analyst)
    response = client.get(care_url(period.child))
    assert response.status_code == 200
    assert "Move placement" not in response.content.decode()
    assert client.get(reverse("childrenincare:start", args=[period.child_id])).status_code == 403
    assert client.get(period_url("leave", period)).status_code == 403


def test_a_social_worker_ends_the_period_with_its_reason(client, social_worker, period):
    client.force_login(social_worker)
    response = client.post(
        period_url("leave", period),
        {"version": period.version, **date_fields("end_date", date(2026, 6, 1)), "reason_ceased": "E4A"},
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert (period.end_date, period.reason_ceased) == (date(2026, 6, 1), "E4A")
    body = client.get(care_url(period.child)).content.decode()
    assert "Bring into care" in body and "E4A" in body


def test_a_form_opened_before_someone_else_acted_saves_nothing(client, social_worker, period):
    opened_at = period.version
    legal_status_change(period=period, legal_status="C2", on=date(2026, 3, 2), by=social_worker)
    client.force_login(social_worker)
    response = client.post(
        period_url("placement-change", period),
        {
            "version": opened_at,
            **date_fields("on", date(2026, 4, 1)),
            "reason_changed": "CARPL",
            **CHILDRENS_HOME,
        },
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert 'data-testid="edit-conflict"' in body
    assert period.placements.count() == 1
    # Having seen the change, the worker saves again from the same page.
    period.refresh_from_db()
    assert f'name="version" value="{period.version}"' in body
    again = client.post(
        period_url("placement-change", period),
        {
            "version": period.version,
            **date_fields("on", date(2026, 4, 1)),
            "reason_changed": "CARPL",
            **CHILDRENS_HOME,
        },
    )
    assert again.status_code == 302 and period.placements.count() == 2


def test_an_ended_period_takes_no_more_actions(client, social_worker, period):
    from hearth.childrenincare.services import period_of_care_end

    period_of_care_end(period=period, end_date=date(2026, 3, 1), reason_ceased="E13", by=social_worker)
    client.force_login(social_worker)
    assert client.get(period_url("placement-change", period)).status_code == 404


def _add_history(period, social_worker, cp_chair, *, moves: int, first: int = 0) -> None:
    child = period.child
    homes = [CHILDRENS_HOME, FOSTER_PLACEMENT]
    for number in range(first, first + moves):
        on = date(2026, 2, 2) + timedelta(days=3 * number)
        placement_change(
            period=period,
            on=on,
            by=social_worker,
            reason_changed="CARPL",
            **{**homes[number % 2], "carer_name": f"Carer {number}"},
        )
        care_review_hold(period=period, review_date=on, chair=cp_chair, participation="PN1", by=cp_chair)
        case_note_record(
            children=[child],
            occurred_at=timezone.make_aware(datetime(on.year, on.month, on.day, 15)),
            kind="cla_visit",
            narrative="Visit",
            child_seen=True,
            by=social_worker,
        )
        iro = make_staff(f"iro{number}", "cp_chair_iro", first_name="Iro", last_name=str(number))
        iro_assign(period=period, iro=iro, start_date=on, by=social_worker)


def test_the_care_page_costs_the_same_queries_however_long_the_history(
    client, social_worker, cp_chair, period, child, django_assert_max_num_queries
):
    _add_history(period, social_worker, cp_chair, moves=2)
    client.force_login(social_worker)
    client.get(care_url(child))  # warm the code-list and clock caches
    with CaptureQueriesContext(connection) as short:
        assert client.get(care_url(child)).status_code == 200
    _add_history(period, social_worker, cp_chair, moves=10, first=2)
    with django_assert_max_num_queries(len(short.captured_queries)):
        response = client.get(care_url(child))
    assert response.content.decode().count("Carer ") >= 12


# --- the episode of need: the referral source asked, and what became of the episode -------------

START_FORM = {
    **date_fields("start_date", date(2026, 1, 5)),
    "legal_status": "C1",
    "category_of_need": "N1",
    **FOSTER_PLACEMENT,
}


def start_url(child) -> str:
    return reverse("childrenincare:start", args=[child.pk])


def test_with_no_episode_open_the_form_asks_the_referral_source_and_requires_it(client, social_worker, child):
    from hearth.childinneed.models import Referral

    client.force_login(social_worker)
    form = client.get(start_url(child)).content.decode()
    assert 'name="referral_source"' in form and "10: Unknown" in form
    response = client.post(start_url(child), START_FORM)
    assert response.status_code == 400
    assert "Select the referral source" in response.content.decode()
    assert not PeriodOfCare.objects.exists() and not Referral.objects.exists()


def test_the_source_chosen_goes_on_the_episode_opened_and_the_worker_is_told(client, social_worker, child):
    from hearth.childinneed.models import Referral

    client.force_login(social_worker)
    response = client.post(start_url(child), {**START_FORM, "referral_source": "3A"}, follow=True)
    assert response.status_code == 200
    episode = Referral.objects.get(child=child)
    assert (episode.referral_date, episode.source) == (date(2026, 1, 5), "3A")
    assert "An episode of need was opened on 5 January 2026" in response.content.decode()


def test_a_worker_who_picks_unknown_gets_unknown(client, social_worker, child):
    from hearth.childinneed.models import Referral

    client.force_login(social_worker)
    client.post(start_url(child), {**START_FORM, "referral_source": "10"})
    assert Referral.objects.get(child=child).source == "10"


def test_with_an_episode_open_the_source_is_not_asked_and_the_episode_continues(client, social_worker, child):
    from hearth.childinneed.models import Referral
    from hearth.childinneed.services import referral_create

    referral = referral_create(
        child=child, referral_date=date(2025, 11, 3), source="2A", primary_need="N1", by=social_worker
    )
    client.force_login(social_worker)
    form = client.get(start_url(child)).content.decode()
    assert 'name="referral_source"' not in form
    assert "episode of need, open since 3 November 2025, continues" in form
    # A source posted anyway (a form opened before the episode was) is ignored.
    response = client.post(start_url(child), {**START_FORM, "referral_source": "3A"}, follow=True)
    assert response.status_code == 200
    assert list(Referral.objects.filter(child=child)) == [referral]
    referral.refresh_from_db()
    assert referral.source == "2A"
    assert "The episode of need already on their record continues" in response.content.decode()


def test_only_those_who_may_record_bring_a_child_into_care(client, analyst, child):
    client.force_login(analyst)
    response = client.post(start_url(child), {**START_FORM, "referral_source": "3A"})
    assert response.status_code == 403
    assert not PeriodOfCare.objects.exists()


def test_leaving_care_for_good_tells_the_worker_the_episode_closed_too(client, social_worker, period):
    client.force_login(social_worker)
    response = client.post(
        period_url("leave", period),
        {"version": period.version, **date_fields("end_date", date(2026, 6, 1)), "reason_ceased": "E41"},
        follow=True,
    )
    body = response.content.decode()
    assert (
        "has left care. Their episode of need was closed on 1 June 2026 too, with reason RC3: Child arrangements order"
        in body
    )


def test_leaving_care_otherwise_tells_the_worker_the_episode_remains_open(client, social_worker, period):
    client.force_login(social_worker)
    response = client.post(
        period_url("leave", period),
        {"version": period.version, **date_fields("end_date", date(2026, 6, 1)), "reason_ceased": "E4A"},
        follow=True,
    )
    body = response.content.decode()
    assert "Their episode of need, open since 5 January 2026, remains open" in body
    assert "close it when the child no longer needs a plan" in body


def test_only_those_who_may_record_end_a_period_of_care(client, analyst, period):
    client.force_login(analyst)
    response = client.post(
        period_url("leave", period),
        {"version": period.version, **date_fields("end_date", date(2026, 6, 1)), "reason_ceased": "E4A"},
    )
    assert response.status_code == 403
    period.refresh_from_db()
    assert period.end_date is None
