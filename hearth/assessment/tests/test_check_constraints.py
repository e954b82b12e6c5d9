"""A record's check constraints are asked of the database together, in one query, with the
same verdicts and messages as Django's one-query-per-constraint validation."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.assessment.models import Assessment


def _assessment(referral, **dates) -> Assessment:
    return Assessment(referral=referral, start_date=date(2026, 1, 5), **dates)


def _checks_asked(queries) -> list[str]:
    return [query["sql"] for query in queries if "_check_" in query["sql"]]


def test_a_record_that_passes_every_check_costs_one_query(referral):
    assessment = _assessment(referral, completed_on=date(2026, 2, 1), authorised_on=date(2026, 2, 3))
    with CaptureQueriesContext(connection) as queries:
        assessment.validate_constraints()
    assert len(_checks_asked(queries)) == 1


def test_each_failed_check_is_reported_with_its_own_message(referral):
    assessment = _assessment(referral, completed_on=date(2026, 1, 1), authorised_on=date(2025, 12, 1))
    with pytest.raises(ValidationError) as refused:
        assessment.validate_constraints()
    messages = refused.value.messages
    assert any("assessment_completed_after_start" in message for message in messages)
    assert any("assessment_authorised_after_completion" in message for message in messages)


def test_a_condition_on_an_empty_date_passes_as_in_the_database(referral):
    _assessment(referral, completed_on=None, authorised_on=None).validate_constraints()


def test_a_check_on_a_field_left_out_is_skipped(referral):
    assessment = _assessment(referral, completed_on=date(2026, 1, 1))
    assessment.validate_constraints(exclude={"completed_on", "authorised_on"})
    with pytest.raises(ValidationError):
        assessment.validate_constraints(exclude={"authorised_on"})
