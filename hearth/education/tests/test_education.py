"""Personal education plans: the rules, the due dates and the page."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hearth.concurrency import ConcurrentEditError
from hearth.education.models import PersonalEducationPlan
from hearth.education.selectors import education_for_child, pep_due
from hearth.education.services import pep_record, pep_update
from hearth.health.tests.fixtures import date_fields, into_care

Kind = PersonalEducationPlan.Kind


def pep(child, on, by, kind=Kind.REVIEW, **extra):
    extra.setdefault("school_name", "Hill Top Academy")
    return pep_record(child=child, kind=kind, meeting_date=on, by=by, **extra)


def refused(field, call):
    with pytest.raises(ValidationError) as caught:
        call()
    assert field in caught.value.message_dict, caught.value.message_dict
    return caught.value.message_dict[field][0]


def test_a_pep_is_recorded_with_the_school_and_designated_teacher(teenager, social_worker):
    plan = pep(
        teenager,
        date(2026, 2, 2),
        social_worker,
        kind=Kind.INITIAL,
        school_urn="103456",
        designated_teacher="Ms Grey",
    )
    assert (plan.school_urn, plan.designated_teacher) == ("103456", "Ms Grey")
    assert plan.history.first().history_user == social_worker


def test_dates_in_the_future_or_before_birth_are_refused(teenager, social_worker):
    later = timezone.localdate() + timedelta(days=1)
    assert "today or in the past" in refused("meeting_date", lambda: pep(teenager, later, social_worker))
    assert "date of birth" in refused("meeting_date", lambda: pep(teenager, date(2010, 1, 1), social_worker))
    assert not PersonalEducationPlan.objects.exists()


def test_a_urn_is_6_digits(teenager, social_worker):
    assert "6 digits" in refused(
        "school_urn", lambda: pep(teenager, date(2026, 2, 2), social_worker, school_urn="12AB")
    )


def test_a_second_initial_pep_in_a_period_of_care_is_refused(teenager, teenager_in_care, social_worker):
    pep(teenager, date(2025, 1, 20), social_worker, kind=Kind.INITIAL)
    assert "Record a PEP review instead" in refused(
        "kind", lambda: pep(teenager, date(2025, 3, 20), social_worker, kind=Kind.INITIAL)
    )


def test_the_initial_pep_is_due_20_working_days_from_the_start_of_care(teenager, social_worker):
    into_care(teenager, date(2026, 1, 5))
    due = education_for_child(teenager).due
    assert (due.what, due.due) == ("Initial PEP", date(2026, 2, 2))


def test_a_pep_review_is_due_a_term_after_the_last_pep(teenager):
    due = pep_due(teenager.date_of_birth, date(2026, 1, 5), date(2026, 1, 30))
    assert (due.what, due.due) == ("PEP review", date(2026, 4, 30))


def test_no_pep_is_due_before_nursery_age(db, social_worker, toddler):
    toddler.date_of_birth = date(2025, 1, 1)
    toddler.save()
    into_care(toddler, date(2026, 1, 5))
    summary = education_for_child(toddler)
    assert summary.due is None and summary.too_young


def test_an_edit_on_an_out_of_date_form_is_refused(teenager, social_worker, another_social_worker):
    plan = pep(teenager, date(2026, 2, 2), social_worker)
    first, second = (PersonalEducationPlan.objects.get(pk=plan.pk) for _ in range(2))
    pep_update(plan=first, expected_version=1, by=another_social_worker, designated_teacher="Mr Lee")
    with pytest.raises(ConcurrentEditError):
        pep_update(plan=second, expected_version=1, by=social_worker, designated_teacher="Ms Grey")
    assert PersonalEducationPlan.objects.get(pk=plan.pk).designated_teacher == "Mr Lee"


def test_the_education_page_reads_in_a_fixed_number_of_queries(
    client, social_worker, teenager, teenager_in_care, django_assert_max_num_queries
):
    pep(teenager, date(2025, 1, 20), social_worker, kind=Kind.INITIAL)
    for month in range(2, 12):
        pep(teenager, date(2025, month, 10), social_worker)
    client.force_login(social_worker)
    client.get(reverse("education:plans", args=[teenager.pk]))
    # +1: the record's tabs ask whether DfE's return checks found anything (returns).
    with django_assert_max_num_queries(12):
        response = client.get(reverse("education:plans", args=[teenager.pk]))
    page = response.content.decode()
    assert page.count('data-testid="pep"') == 11
    assert "PEP review due by 10 February 2026" in page


def test_the_new_pep_form_is_pre_filled_with_the_last_school(client, social_worker, teenager):
    pep(teenager, date(2026, 2, 2), social_worker, school_urn="103456")
    client.force_login(social_worker)
    page = client.get(reverse("education:plan-new", args=[teenager.pk])).content.decode()
    assert 'value="Hill Top Academy"' in page and 'value="103456"' in page


def test_a_worker_records_a_pep_and_a_bad_one_shows_an_error(client, social_worker, teenager):
    client.force_login(social_worker)
    url = reverse("education:plan-new", args=[teenager.pk])
    bad = client.post(
        url,
        {
            "kind": "initial",
            **date_fields("meeting_date", date(2026, 2, 2)),
            "school_name": "X",
            "school_urn": "12",
        },
    )
    assert bad.status_code == 400 and "6 digits" in bad.content.decode()
    good = client.post(
        url, {"kind": "initial", **date_fields("meeting_date", date(2026, 2, 2)), "school_name": "X"}
    )
    assert good.status_code == 302
    assert PersonalEducationPlan.objects.count() == 1
