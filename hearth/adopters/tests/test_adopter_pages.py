"""The adopters' pages as the adoption team, a manager, a social worker and an analyst use them."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hearth.adopters.models import AdopterEvent, AdopterHousehold, Step
from hearth.adopters.services import household_enquiry_record, household_step_record

from .conftest import ENQUIRY, adopter_details
from .test_adopter_journey_rules import THROUGH_APPROVAL, walk


def date_fields(prefix: str, day: date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def step_url(household, step) -> str:
    return reverse("adopters:step", args=[household.pk, step])


def test_the_adoption_team_records_an_enquiry_with_two_new_adopters(client, fostering_adoption_worker):
    client.force_login(fostering_adoption_worker)
    assert client.get(reverse("adopters:enquiry")).status_code == 200
    response = client.post(
        reverse("adopters:enquiry"),
        {
            "name": "Jo and Priya Shah",
            **date_fields("enquiry_on", ENQUIRY),
            "fostering_for_adoption": "yes",
            "fast_track": "no",
            "adopter1_first_name": "Jo",
            "adopter1_last_name": "Shah",
            **date_fields("adopter1_date_of_birth", date(1985, 2, 1)),
            "adopter1_sex": "F",
            "adopter1_ethnicity": "AIND",
            "adopter1_disabilities": ["NONE"],
            "adopter2_first_name": "Priya",
            "adopter2_last_name": "Shah",
            "adopter2_sex": "F",
        },
    )
    household = AdopterHousehold.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "adopters:household", args=[household.pk]
    )
    assert household.fostering_for_adoption
    assert [a.person.first_name for a in household.adopters.order_by("pk")] == ["Jo", "Priya"]
    body = client.get(response["Location"]).content.decode()
    assert "Jo and Priya Shah" in body and household.family_identifier in body and "Indian" in body


def test_an_enquiry_without_an_adopter_shows_an_error_summary(client, fostering_adoption_worker):
    client.force_login(fostering_adoption_worker)
    response = client.post(
        reverse("adopters:enquiry"),
        {
            "name": "Nobody",
            **date_fields("enquiry_on", ENQUIRY),
            "fostering_for_adoption": "no",
            "fast_track": "no",
        },
    )
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert not AdopterHousehold.objects.exists()


def test_an_unknown_hearth_id_is_refused(client, fostering_adoption_worker):
    client.force_login(fostering_adoption_worker)
    response = client.post(
        reverse("adopters:enquiry"),
        {
            "name": "Gill Shaw",
            **date_fields("enquiry_on", ENQUIRY),
            "fostering_for_adoption": "no",
            "fast_track": "no",
            "adopter1_hearth_id": "9999999",
        },
    )
    assert response.status_code == 400
    assert "There is no person with that Hearth ID" in response.content.decode()


def test_each_step_is_recorded_through_its_form_and_shows_on_the_timeline(
    client, fostering_adoption_worker, household
):
    client.force_login(fostering_adoption_worker)
    for step, on in THROUGH_APPROVAL:
        household.refresh_from_db()
        response = client.post(
            step_url(household, step), {**date_fields("on", on), "version": household.version}
        )
        assert response.status_code == 302, (step, response.content.decode()[:2000])
    household.refresh_from_db()
    response = client.post(
        step_url(household, Step.LEFT),
        {**date_fields("on", date(2025, 9, 1)), "leaving_reason": "2", "version": household.version},
    )
    assert response.status_code == 302
    body = client.get(reverse("adopters:household", args=[household.pk])).content.decode()
    assert "Left the process" in body
    assert "14 July 2025</strong>: Approved as adopters" in body
    assert "2: Process put on hold" in body
    assert 'data-testid="next-steps"' not in body


def test_a_step_out_of_order_is_refused_on_the_form(client, fostering_adoption_worker, household):
    client.force_login(fostering_adoption_worker)
    response = client.post(
        step_url(household, Step.STAGE2_STARTED),
        {**date_fields("on", date(2025, 2, 1)), "version": household.version},
    )
    assert response.status_code == 400
    assert "Stage 2 started comes after stage 1 ended: record that first" in response.content.decode()
    assert AdopterEvent.objects.count() == 1


def test_a_stale_step_form_shows_the_conflict(client, fostering_adoption_worker, household):
    client.force_login(fostering_adoption_worker)
    opened_at = household.version
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:1])
    response = client.post(
        step_url(household, Step.LEFT),
        {**date_fields("on", date(2025, 2, 1)), "leaving_reason": "1", "version": opened_at},
    )
    assert response.status_code == 409
    assert 'data-testid="edit-conflict"' in response.content.decode()


def test_the_household_page_shows_the_stage_clock_as_overdue(
    client, team_manager, household, fostering_adoption_worker
):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:1])
    client.force_login(team_manager)
    body = client.get(reverse("adopters:household", args=[household.pk])).content.decode()
    assert 'data-testid="clock-adopter.stage1"' in body
    assert "13 Mar 2025" in body and "Overdue" in body


def test_the_list_groups_households_by_stage_with_their_deadline(
    client, fostering_adoption_worker, household
):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:3])
    client.force_login(fostering_adoption_worker)
    body = client.get(reverse("adopters:list")).content.decode()
    assert 'data-testid="stage-stage2"' in body
    assert "Stage 2 finished by 10 Jul 2025" in body
    assert "Dee and Rob Lane" in body
    finished = client.get(reverse("adopters:list") + "?show=finished").content.decode()
    assert "Dee and Rob Lane" not in finished


def test_a_household_that_left_moves_to_the_finished_list(client, fostering_adoption_worker, household):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:1])
    household_step_record(
        household=household,
        step=Step.LEFT,
        on=timezone.localdate(),
        leaving_reason="3",
        by=fostering_adoption_worker,
    )
    client.force_login(fostering_adoption_worker)
    assert "Dee and Rob Lane" not in client.get(reverse("adopters:list")).content.decode()
    assert (
        "3: Application refused" in client.get(reverse("adopters:list") + "?show=finished").content.decode()
    )


def test_a_second_adopter_can_be_added_and_details_changed(client, fostering_adoption_worker):
    household = household_enquiry_record(
        name="Helen Ward",
        enquiry_on=ENQUIRY,
        adopters=[adopter_details("Helen", "F")],
        by=fostering_adoption_worker,
    )
    client.force_login(fostering_adoption_worker)
    response = client.post(
        reverse("adopters:adopter-add", args=[household.pk]),
        {
            "adopter1_first_name": "Marcus",
            "adopter1_last_name": "Ward",
            "adopter1_sex": "M",
            "version": household.version,
        },
    )
    assert response.status_code == 302
    household.refresh_from_db()
    response = client.post(
        reverse("adopters:edit", args=[household.pk]),
        {
            "name": "Helen and Marcus Ward",
            "fostering_for_adoption": "yes",
            "fast_track": "no",
            "version": household.version,
        },
    )
    assert response.status_code == 302
    household.refresh_from_db()
    assert (household.name, household.fostering_for_adoption, household.adopters.count()) == (
        "Helen and Marcus Ward",
        True,
        2,
    )


@pytest.mark.parametrize("role_user", ["social_worker", "analyst"])
def test_social_workers_and_analysts_may_read_but_not_record(client, request, role_user, household):
    client.force_login(request.getfixturevalue(role_user))
    assert client.get(reverse("adopters:list")).status_code == 200
    assert client.get(reverse("adopters:household", args=[household.pk])).status_code == 200
    assert client.get(reverse("adopters:enquiry")).status_code == 403
    assert client.get(step_url(household, Step.STAGE1_STARTED)).status_code == 403


def test_the_front_door_cannot_open_adopters(client, front_door_worker, household):
    client.force_login(front_door_worker)
    assert client.get(reverse("adopters:list")).status_code == 403
    assert client.get(reverse("adopters:household", args=[household.pk])).status_code == 403


def test_the_adoption_team_finds_adopters_in_the_service_navigation(
    client, fostering_adoption_worker, front_door_worker
):
    client.force_login(fostering_adoption_worker)
    assert f'href="{reverse("adopters:list")}"' in client.get(reverse("timescales:list")).content.decode()
    client.force_login(front_door_worker)
    assert f'href="{reverse("adopters:list")}"' not in client.get(reverse("timescales:list")).content.decode()


def test_an_unknown_step_or_household_is_not_found(client, fostering_adoption_worker, household):
    client.force_login(fostering_adoption_worker)
    assert client.get(step_url(household, "enquiry")).status_code == 404
    assert client.get(step_url(household, "nonsense")).status_code == 404
    assert client.get(reverse("adopters:household", args=[household.pk + 1])).status_code == 404


# --- a fixed number of queries ------------------------------------------------------------


def _households(count: int, by, *, first_steps: int = 0) -> None:
    for number in range(first_steps, first_steps + count):
        household = household_enquiry_record(
            name=f"Household {number}",
            enquiry_on=ENQUIRY,
            adopters=[adopter_details(f"A{number}", "F"), adopter_details(f"B{number}", "M")],
            by=by,
        )
        walk(household, by, THROUGH_APPROVAL[: number % (len(THROUGH_APPROVAL) + 1)])


def test_the_list_costs_the_same_queries_however_many_households(
    client, fostering_adoption_worker, django_assert_max_num_queries
):
    # In stage 2, so every clock's timescale row is already read (they are cached per process).
    _households(1, fostering_adoption_worker, first_steps=3)
    client.force_login(fostering_adoption_worker)
    client.get(reverse("adopters:list"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("adopters:list"))
    _households(12, fostering_adoption_worker, first_steps=4)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("adopters:list"))
    assert response.content.decode().count('data-testid="household-row"') == 13


def test_the_household_page_costs_the_same_queries_however_long_the_journey(
    client, fostering_adoption_worker, household, django_assert_max_num_queries
):
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[:3])  # every clock running
    client.force_login(fostering_adoption_worker)
    url = reverse("adopters:household", args=[household.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as short:
        client.get(url)
    walk(household, fostering_adoption_worker, THROUGH_APPROVAL[3:])
    with django_assert_max_num_queries(len(short.captured_queries)):
        response = client.get(url)
    assert "Approved as adopters" in response.content.decode()
