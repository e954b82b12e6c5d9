"""A care leaver's record: category, adviser, pathway plan, staying put and birthday contacts."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.concurrency import ConcurrentEditError
from hearth.leavingcare.models import BirthdayContact, Category, EligibilityDecision, StayingPut
from hearth.leavingcare.selectors import care_leaver_record, oc3_row, suggested_category
from hearth.leavingcare.services import (
    birthday_contact_record,
    birthday_contact_update,
    eligibility_decide,
    pathway_plan_record,
    pathway_plan_review,
    personal_adviser_assign,
    staying_put_start,
    support_request_record,
)
from hearth.leavingcare.tests.conftest import in_care, young_person
from hearth.reference.selectors import code_label


def errors_of(call, **kwargs) -> dict:
    with pytest.raises(ValidationError) as refused:
        call(**kwargs)
    return refused.value.message_dict


def contact(person, by, age=19, day=date(2026, 5, 20), in_touch="YES", activity="F2", accommodation="U1"):
    return birthday_contact_record(
        young_person=person,
        age=age,
        contact_date=day,
        in_touch=in_touch,
        activity=activity,
        accommodation=accommodation,
        by=by,
    )


# --- the category the care history suggests -------------------------------------------------------


def test_a_child_still_in_care_for_13_weeks_since_14_and_after_16_is_eligible(eligible_child):
    assert suggested_category(eligible_child, date(2026, 11, 1)) == Category.ELIGIBLE


def test_a_young_person_who_left_care_at_18_after_years_in_care_is_former_relevant(care_leaver):
    assert suggested_category(care_leaver, date(2026, 11, 1)) == Category.FORMER_RELEVANT


def test_a_young_person_who_left_care_at_17_is_relevant(db, social_worker):
    person = young_person("Lou", date(2009, 1, 15))
    in_care(person, date(2024, 1, 8), social_worker, end=date(2026, 3, 2))
    assert suggested_category(person, date(2026, 6, 1)) == Category.RELEVANT


def test_a_few_weeks_in_care_after_16_make_a_young_person_qualifying(db, social_worker):
    person = young_person("Mo", date(2008, 10, 1))
    in_care(person, date(2025, 1, 6), social_worker, end=date(2025, 2, 20))
    assert suggested_category(person, date(2026, 11, 1)) == Category.QUALIFYING


def test_a_child_in_care_before_14_only_is_not_a_care_leaver(db, social_worker):
    person = young_person("Ned", date(2009, 6, 1))
    in_care(person, date(2020, 1, 6), social_worker, end=date(2022, 1, 6))
    assert suggested_category(person, date(2026, 11, 1)) == ""


def test_a_decision_against_the_suggestion_needs_a_reason(care_leaver, social_worker):
    errors = errors_of(
        eligibility_decide,
        young_person=care_leaver,
        category="qualifying",
        decided_on=date(2025, 6, 1),
        by=social_worker,
    )
    assert "former relevant" in errors["reason"][0]
    decision = eligibility_decide(
        young_person=care_leaver, category="former_relevant", decided_on=date(2025, 6, 1), by=social_worker
    )
    assert decision.suggested == Category.FORMER_RELEVANT


# --- who may have a care leaver record ----------------------------------------------------------------


def test_no_care_leaver_record_for_someone_never_looked_after(db, social_worker):
    person = young_person("Oli", date(2007, 1, 1))
    errors = errors_of(
        eligibility_decide,
        young_person=person,
        category="qualifying",
        decided_on=date(2025, 6, 1),
        by=social_worker,
    )
    assert "has not been looked after" in errors["decided_on"][0]


def test_staying_put_and_birthday_contacts_wait_until_the_child_leaves_care_or_turns_18(
    eligible_child, social_worker
):
    errors = errors_of(
        birthday_contact_record,
        young_person=eligible_child,
        age=17,
        contact_date=date(2026, 3, 1),
        in_touch="YES",
        activity="F2",
        accommodation="Z1",
        by=social_worker,
    )
    assert "still looked after" in errors["contact_date"][0]
    errors = errors_of(
        staying_put_start,
        young_person=eligible_child,
        carer_name="Pat Evans",
        start_date=date(2026, 3, 1),
        by=social_worker,
    )
    assert "18th birthday" in errors["start_date"][0]


def test_an_eligible_child_in_care_may_have_a_pathway_plan_from_16(eligible_child, social_worker):
    assert pathway_plan_record(young_person=eligible_child, agreed_on=date(2025, 4, 1), by=social_worker)


def test_dates_in_the_future_are_refused(care_leaver, social_worker):
    tomorrow = timezone.localdate() + timedelta(days=1)
    errors = errors_of(pathway_plan_record, young_person=care_leaver, agreed_on=tomorrow, by=social_worker)
    assert "today or in the past" in errors["agreed_on"][0]


# --- adviser, pathway plan, staying put ---------------------------------------------------------------


def test_a_new_personal_adviser_ends_the_last_one_and_keeps_the_history(
    care_leaver, social_worker, team_manager
):
    first = personal_adviser_assign(
        young_person=care_leaver, adviser=social_worker, start_date=date(2025, 5, 12), by=team_manager
    )
    personal_adviser_assign(
        young_person=care_leaver, adviser=team_manager, start_date=date(2026, 1, 5), by=team_manager
    )
    first.refresh_from_db()
    assert first.end_date == date(2026, 1, 5)
    assert care_leaver_record(care_leaver).adviser.adviser == team_manager


def test_the_pathway_plan_is_reviewed_every_6_months_from_the_last_review(care_leaver, social_worker):
    plan = pathway_plan_record(young_person=care_leaver, agreed_on=date(2025, 5, 20), by=social_worker)
    assert care_leaver_record(care_leaver).plan_review_due == date(2025, 11, 20)
    pathway_plan_review(plan=plan, review_date=date(2025, 10, 31), by=social_worker)
    assert care_leaver_record(care_leaver).plan_review_due == date(2026, 4, 30)


def test_staying_put_with_the_former_foster_carers_from_18(care_leaver, social_worker):
    staying_put_start(
        young_person=care_leaver,
        carer_name="Pat and Sol Evans",
        start_date=date(2025, 5, 10),
        by=social_worker,
    )
    assert StayingPut.objects.get().end_date is None


# --- birthday contacts (OC3) -------------------------------------------------------------------------


def test_a_contact_is_recorded_in_DfE_codes_around_the_birthday(care_leaver, social_worker):
    recorded = contact(care_leaver, social_worker)
    assert (recorded.in_touch, recorded.activity, recorded.accommodation) == ("YES", "F2", "U1")


def test_a_contact_outside_3_months_before_to_1_month_after_the_birthday_is_refused(
    care_leaver, social_worker
):
    errors = errors_of(contact, person=care_leaver, by=social_worker, day=date(2026, 6, 11))
    assert "between 10 February 2026 and 10 June 2026" in errors["contact_date"][0]


def test_birthday_contacts_are_for_the_17th_to_the_21st_birthday(care_leaver, social_worker):
    errors = errors_of(contact, person=care_leaver, by=social_worker, age=16, day=date(2023, 5, 10))
    assert "17th to the 21st" in errors["age"][0]


def test_after_21_a_contact_needs_a_request_for_support(db, social_worker):
    person = young_person("Pip", date(2004, 3, 1))
    in_care(person, date(2019, 1, 7), social_worker, end=date(2022, 3, 1))
    errors = errors_of(contact, person=person, by=social_worker, age=22, day=date(2026, 3, 1))
    assert "asked for support" in errors["age"][0]
    support_request_record(young_person=person, requested_on=date(2025, 3, 10), by=social_worker)
    assert contact(person, social_worker, age=22, day=date(2026, 3, 1)).age == 22


def test_died_or_refused_gives_activity_and_accommodation_0(care_leaver, social_worker):
    recorded = contact(care_leaver, social_worker, in_touch="REFU", activity="", accommodation="")
    assert (recorded.activity, recorded.accommodation) == ("0", "0")


def test_refused_contact_with_an_activity_is_inconsistent(care_leaver, social_worker):
    errors = errors_of(
        contact, person=care_leaver, by=social_worker, in_touch="DIED", activity="F1", accommodation="0"
    )
    assert "it is 0" in errors["activity"][0]


def test_returned_home_for_good_has_no_activity_or_accommodation(care_leaver, social_worker):
    # DfE rule 344: RHOM, like DIED, leaves activity and accommodation 0.
    errors = errors_of(
        contact, person=care_leaver, by=social_worker, in_touch="RHOM", activity="F2", accommodation="B1"
    )
    assert "it is 0" in errors["activity"][0] and "it is 0" in errors["accommodation"][0]
    recorded = contact(care_leaver, social_worker, in_touch="RHOM", activity="", accommodation="")
    assert (recorded.activity, recorded.accommodation) == ("0", "0")


def test_returned_home_is_a_continuous_six_months_not_a_short_stay(db):
    # DfE's OC3 IN_TOUCH code set: RHOM is a return to a parent (or someone with parental
    # responsibility) for a continuous 6 months or more, which is also why ACTIV and ACCOM are 0.
    assert "6 months" in code_label("oc3_in_touch", "RHOM")
    assert "7 days" not in code_label("oc3_in_touch", "RHOM")
    for code_list in ("oc3_activity", "oc3_accommodation"):
        assert "returned home" in code_label(code_list, "0")


def test_no_staying_put_accommodation_at_the_17th_birthday(care_leaver, social_worker):
    # DfE rule 3001: living with former foster carers (Z1, Z2) begins at 18.
    errors = errors_of(
        contact, person=care_leaver, by=social_worker, age=17, day=date(2024, 5, 20), accommodation="Z1"
    )
    assert "staying put begins at 18" in errors["accommodation"][0]
    assert contact(care_leaver, social_worker, accommodation="Z1").accommodation == "Z1"  # at 19


def test_codes_outside_the_DfE_lists_are_refused(care_leaver, social_worker):
    errors = errors_of(
        contact, person=care_leaver, by=social_worker, in_touch="YES", activity="F3", accommodation="S1"
    )
    assert set(errors) == {"activity", "accommodation"}
    assert not BirthdayContact.objects.exists()


def test_in_touch_with_no_information_is_refused(care_leaver, social_worker):
    errors = errors_of(
        contact, person=care_leaver, by=social_worker, in_touch="YES", activity="0", accommodation="U1"
    )
    assert "not 0" in errors["activity"][0]


def test_two_people_correcting_one_contact_never_overwrite_each_other(
    care_leaver, social_worker, team_manager
):
    recorded = contact(care_leaver, social_worker)
    opened_at = recorded.version
    birthday_contact_update(
        contact=recorded,
        contact_date=date(2026, 5, 20),
        in_touch="YES",
        activity="F5",
        accommodation="U1",
        expected_version=opened_at,
        by=team_manager,
    )
    with pytest.raises(ConcurrentEditError):
        birthday_contact_update(
            contact=recorded,
            contact_date=date(2026, 5, 20),
            in_touch="NO",
            activity="G5",
            accommodation="R1",
            expected_version=opened_at,
            by=social_worker,
        )
    assert BirthdayContact.objects.get().activity == "F5"


def test_the_OC3_row_is_the_contact_for_the_birthday_in_the_collection_year(care_leaver, social_worker):
    EligibilityDecision.objects.create(
        young_person=care_leaver, category="former_relevant", decided_on=date(2025, 6, 1)
    )
    contact(care_leaver, social_worker)

    assert oc3_row(care_leaver, 2027) == {
        "CHILD": care_leaver.reference,
        "DOB": "10/05/2007",
        "IN_TOUCH": "YES",
        "ACTIV": "F2",
        "ACCOM": "U1",
    }
    assert oc3_row(care_leaver, 2024) is None
