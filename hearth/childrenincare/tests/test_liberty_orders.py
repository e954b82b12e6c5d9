"""Deprivation of liberty orders on a child's period of care: refused at entry when they would
break DfE's DoLo rules (705 overlap, 707 open after care ends, 709/710 placement types), and
shown, recorded and ended on the Care tab."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hearth.childrenincare.models import DeprivationOfLibertyOrder, Placement
from hearth.childrenincare.services import (
    ConcurrentEditError,
    dolo_end,
    dolo_start,
    period_of_care_end,
    placement_change,
)
from hearth.childrenincare.tests.conftest import CHILDRENS_HOME, FOSTER_PLACEMENT
from hearth.chronology.registry import chronology_for

SECURE_HOME = {**CHILDRENS_HOME, "placement_type": "K1", "carer_name": "Aldine House"}
OTHER_Z12 = {"placement_type": "Z12", "carer_name": "Unregistered flat, 2:1 staffing", "postcode": "B5 7QT"}


def messages(raised) -> list[str]:
    return [message for problems in raised.value.message_dict.values() for message in problems]


@pytest.fixture
def in_a_home(period, social_worker):
    """The period's child moved from foster care into a children's home on 2 February 2026."""
    placement_change(
        period=period, on=date(2026, 2, 2), by=social_worker, reason_changed="CREQB", **CHILDRENS_HOME
    )
    return period


# --- recording an order -------------------------------------------------------------------------------


def test_an_order_made_the_day_the_child_moved_into_a_childrens_home_is_recorded(in_a_home, social_worker):
    order = dolo_start(period=in_a_home, start_date=date(2026, 2, 2), by=social_worker)
    assert (order.start_date, order.end_date) == (date(2026, 2, 2), None)
    assert order.history.get().history_user == social_worker
    in_a_home.refresh_from_db()
    assert in_a_home.version == 3, "recording an order raises the period's version"


def test_an_order_is_refused_while_the_child_is_in_foster_care(period, social_worker):
    with pytest.raises(ValidationError) as refused:
        dolo_start(period=period, start_date=date(2026, 1, 20), by=social_worker)
    (message,) = messages(refused)
    assert message.startswith("On 20 January 2026 the child was in placement U6")
    assert "children's home (K2) or a Z12 or Z13 placement" in message and "rule 709" in message
    assert not DeprivationOfLibertyOrder.objects.exists()


def test_an_order_reaching_back_into_an_earlier_placement_is_refused(in_a_home, social_worker):
    with pytest.raises(ValidationError) as refused:
        dolo_start(period=in_a_home, start_date=date(2026, 2, 1), by=social_worker)
    assert "On 1 February 2026 the child was in placement U6" in messages(refused)[0]


def test_a_secure_childrens_home_is_never_under_an_order(period, social_worker):
    placement_change(
        period=period, on=date(2026, 2, 2), by=social_worker, reason_changed="CARPL", **SECURE_HOME
    )
    with pytest.raises(ValidationError) as refused:
        dolo_start(period=period, start_date=date(2026, 2, 3), by=social_worker)
    assert "never K1 (DfE rule 710)" in messages(refused)[0]


def test_an_order_is_refused_before_the_child_came_into_care_and_after_care_ended(in_a_home, social_worker):
    with pytest.raises(ValidationError) as refused:
        dolo_start(period=in_a_home, start_date=date(2026, 1, 4), by=social_worker)
    assert "on or after the day the child came into care, 5 January 2026" in messages(refused)[0]
    period_of_care_end(period=in_a_home, end_date=date(2026, 3, 2), reason_ceased="E4A", by=social_worker)
    with pytest.raises(ValidationError) as refused:
        dolo_start(period=in_a_home, start_date=date(2026, 2, 10), by=social_worker)
    assert "This period of care ended on 2 March 2026" in messages(refused)


# --- orders never overlap (rule 705) ---------------------------------------------------------------


def test_a_second_order_is_refused_while_the_first_is_in_force(in_a_home, social_worker):
    dolo_start(period=in_a_home, start_date=date(2026, 2, 2), by=social_worker)
    with pytest.raises(ValidationError) as refused:
        dolo_start(period=in_a_home, start_date=date(2026, 3, 1), by=social_worker)
    assert messages(refused) == [
        "An order has been in force since 2 February 2026 and is not recorded as ended: record its end "
        "first (orders for one child cannot overlap, DfE rule 705)"
    ]


def test_a_new_order_may_start_the_day_the_last_ended_but_not_before(in_a_home, social_worker):
    first = dolo_start(period=in_a_home, start_date=date(2026, 2, 2), by=social_worker)
    dolo_end(order=first, end_date=date(2026, 2, 20), by=social_worker)
    with pytest.raises(ValidationError) as refused:
        dolo_start(period=in_a_home, start_date=date(2026, 2, 19), by=social_worker)
    assert "A new order starts on or after 20 February 2026" in messages(refused)[0]
    second = dolo_start(period=in_a_home, start_date=date(2026, 2, 20), by=social_worker)
    assert list(in_a_home.liberty_orders.values_list("start_date", "end_date")) == [
        (date(2026, 2, 2), date(2026, 2, 20)),
        (second.start_date, None),
    ]


def test_an_order_cannot_end_before_it_started_or_twice(in_a_home, social_worker):
    order = dolo_start(period=in_a_home, start_date=date(2026, 2, 10), by=social_worker)
    with pytest.raises(ValidationError) as refused:
        dolo_end(order=order, end_date=date(2026, 2, 9), by=social_worker)
    assert "The order cannot end before it started, on 10 February 2026" in messages(refused)
    dolo_end(order=order, end_date=date(2026, 2, 12), by=social_worker)
    with pytest.raises(ValidationError) as refused:
        dolo_end(order=order, end_date=date(2026, 2, 13), by=social_worker)
    assert "This order already ended on 12 February 2026" in messages(refused)


# --- placements under an order (rules 709 and 710) --------------------------------------------------


def test_a_move_to_foster_care_is_refused_while_an_order_is_in_force(in_a_home, social_worker):
    dolo_start(period=in_a_home, start_date=date(2026, 2, 2), by=social_worker)
    with pytest.raises(ValidationError) as refused:
        placement_change(
            period=in_a_home,
            on=date(2026, 3, 2),
            by=social_worker,
            reason_changed="CARPL",
            **FOSTER_PLACEMENT,
        )
    (message,) = refused.value.message_dict["placement_type"]
    assert message == (
        "A deprivation of liberty order runs from 2 February 2026 and is not recorded as ended: a child "
        "under a deprivation of liberty order lives in a children's home (K2) or a Z12 or Z13 placement, "
        "never U6 (DfE rule 709). If the order has ended, record its end first"
    )
    assert Placement.objects.filter(period=in_a_home).count() == 2


def test_a_move_between_allowed_placements_keeps_the_order(in_a_home, social_worker):
    dolo_start(period=in_a_home, start_date=date(2026, 2, 2), by=social_worker)
    placement_change(
        period=in_a_home, on=date(2026, 3, 2), by=social_worker, reason_changed="CLOSE", **OTHER_Z12
    )
    assert in_a_home.placements.get(end_date__isnull=True).placement_type == "Z12"


def test_the_child_moves_to_foster_care_on_the_day_the_order_ends(in_a_home, social_worker):
    order = dolo_start(period=in_a_home, start_date=date(2026, 2, 2), by=social_worker)
    dolo_end(order=order, end_date=date(2026, 3, 2), by=social_worker)
    placement_change(
        period=in_a_home, on=date(2026, 3, 2), by=social_worker, reason_changed="CARPL", **FOSTER_PLACEMENT
    )
    assert in_a_home.placements.get(end_date__isnull=True).placement_type == "U6"


def test_a_move_back_into_the_order_s_days_is_refused(period, social_worker):
    """A move recorded late, on a day the order still covered."""
    placement_change(
        period=period, on=date(2026, 2, 2), by=social_worker, reason_changed="CREQB", **CHILDRENS_HOME
    )
    order = dolo_start(period=period, start_date=date(2026, 2, 2), by=social_worker)
    dolo_end(order=order, end_date=date(2026, 3, 20), by=social_worker)
    with pytest.raises(ValidationError) as refused:
        placement_change(
            period=period, on=date(2026, 3, 10), by=social_worker, reason_changed="CARPL", **FOSTER_PLACEMENT
        )
    assert "runs from 2 February 2026 to 20 March 2026" in refused.value.message_dict["placement_type"][0]


# --- leaving care with an order (rule 707) ----------------------------------------------------------


def test_care_cannot_end_while_an_order_is_in_force(in_a_home, social_worker):
    dolo_start(period=in_a_home, start_date=date(2026, 2, 2), by=social_worker)
    with pytest.raises(ValidationError) as refused:
        period_of_care_end(period=in_a_home, end_date=date(2026, 3, 2), reason_ceased="E4A", by=social_worker)
    assert refused.value.message_dict["end_date"] == [
        "A deprivation of liberty order has been in force since 2 February 2026 and is not recorded as "
        "ended: record the day it ended (on or before the day the child leaves care) first, then end "
        "the period of care"
    ]
    in_a_home.refresh_from_db()
    assert in_a_home.end_date is None


def test_care_ends_once_the_order_has_ended_and_not_before_that_day(in_a_home, social_worker):
    order = dolo_start(period=in_a_home, start_date=date(2026, 2, 2), by=social_worker)
    dolo_end(order=order, end_date=date(2026, 3, 2), by=social_worker)
    with pytest.raises(ValidationError) as refused:
        period_of_care_end(period=in_a_home, end_date=date(2026, 3, 1), reason_ceased="E4A", by=social_worker)
    assert "The period of care cannot end before its latest change, on 2 March 2026" in messages(refused)
    period_of_care_end(period=in_a_home, end_date=date(2026, 3, 2), reason_ceased="E4A", by=social_worker)


def test_an_order_started_on_a_stale_form_is_refused(in_a_home, social_worker):
    stale = in_a_home.version
    placement_change(
        period=in_a_home, on=date(2026, 3, 2), by=social_worker, reason_changed="CLOSE", **OTHER_Z12
    )
    with pytest.raises(ConcurrentEditError):
        dolo_start(period=in_a_home, start_date=date(2026, 3, 2), by=social_worker, expected_version=stale)
    assert not DeprivationOfLibertyOrder.objects.exists()


# --- the Care tab and the chronology ------------------------------------------------------------------


def _dates(prefix: str, day: date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_a_social_worker_records_and_ends_an_order_on_the_care_tab(client, social_worker, in_a_home):
    child = in_a_home.child
    client.force_login(social_worker)
    care = reverse("childrenincare:care", args=[child.pk])
    add = reverse("childrenincare:liberty-order-add", args=[child.pk, in_a_home.pk])
    assert add in client.get(care).content.decode()
    response = client.post(add, {**_dates("start_date", date(2026, 2, 3)), "version": in_a_home.version})
    assert response.status_code == 302
    order = DeprivationOfLibertyOrder.objects.get()
    page = client.get(care).content.decode()
    end = reverse("childrenincare:liberty-order-end", args=[child.pk, in_a_home.pk, order.pk])
    assert "3 Feb 2026" in page and "In force" in page and end in page and add not in page
    in_a_home.refresh_from_db()
    response = client.post(end, {**_dates("end_date", date(2026, 2, 1)), "version": in_a_home.version})
    assert response.status_code == 400
    assert "The order cannot end before it started" in response.content.decode()
    response = client.post(end, {**_dates("end_date", date(2026, 3, 3)), "version": in_a_home.version})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.end_date == date(2026, 3, 3)


def test_the_leave_care_page_says_to_end_the_order_first(client, social_worker, in_a_home):
    dolo_start(period=in_a_home, start_date=date(2026, 2, 2), by=social_worker)
    in_a_home.refresh_from_db()
    client.force_login(social_worker)
    response = client.post(
        reverse("childrenincare:leave", args=[in_a_home.child_id, in_a_home.pk]),
        {**_dates("end_date", date(2026, 3, 2)), "reason_ceased": "E4A", "version": in_a_home.version},
    )
    assert response.status_code == 400
    assert "record the day it ended" in response.content.decode()


def test_an_analyst_cannot_record_an_order(client, analyst, in_a_home):
    client.force_login(analyst)
    add = reverse("childrenincare:liberty-order-add", args=[in_a_home.child_id, in_a_home.pk])
    assert client.get(add).status_code == 403
    assert add not in client.get(reverse("childrenincare:care", args=[in_a_home.child_id])).content.decode()


def test_the_chronology_shows_the_order_starting_and_ending(in_a_home, social_worker):
    order = dolo_start(period=in_a_home, start_date=date(2026, 2, 2), by=social_worker)
    dolo_end(order=order, end_date=date(2026, 3, 2), by=social_worker)
    entries = [
        (entry.date, entry.title)
        for entry in chronology_for([in_a_home.child_id], kinds=["care"])
        if "liberty" in entry.title
    ]
    assert entries == [
        (date(2026, 2, 2), "Deprivation of liberty order made"),
        (date(2026, 3, 2), "Deprivation of liberty order ended"),
    ]
