"""The people services: each change is validated, attributed, and all-or-nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.people.models import Address, Person, PersonName, Relationship
from hearth.people.search import name_keys
from hearth.people.selectors import family_network, person_history
from hearth.people.services import (
    ConcurrentEditError,
    address_add,
    address_end,
    other_name_add,
    person_update,
    relationship_add,
    relationship_end,
)
from hearth.people.tests.record_helpers import adult, child


def _only_message(refused: pytest.ExceptionInfo, field: str) -> str:
    return " ".join(refused.value.message_dict[field])


# --- creating and changing a person ----------------------------------------------------------


def test_a_new_person_is_saved_with_search_keys_and_who_made_them(social_worker):
    person = child(social_worker, first_name="Mohammed", last_name="Thompson", nhs_number="943 476 5919")
    assert person.created_by == social_worker
    assert person.nhs_number == "9434765919"
    assert (person.search_surname_key, person.search_forename_key) == name_keys("Mohammed", "Thompson")
    assert person.history.get().history_user == social_worker


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nhs_number", "9434765918", "fails its check digit"),
        ("nhs_number", "12345", "10 digits"),
        ("upn", "Z938201500123", "check letter does not match"),
        ("upn", "not-a-upn", "a letter followed by 12 characters"),
        ("ethnicity", "XXXX", "not a valid ethnicity code"),
    ],
)
def test_a_person_with_a_bad_identifier_or_code_is_refused_and_nothing_saved(
    social_worker, field, value, message
):
    with pytest.raises(ValidationError) as refused:
        child(social_worker, **{field: value})
    assert message in _only_message(refused, field)
    assert Person.objects.count() == 0
    assert Person.history.count() == 0


def test_a_date_of_birth_in_the_future_is_refused(social_worker):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        child(social_worker, date_of_birth=tomorrow)
    assert "must be today or in the past" in _only_message(refused, "date_of_birth")
    assert Person.objects.count() == 0


def test_an_update_saves_the_change_bumps_the_version_and_names_who_made_it(social_worker, team_manager):
    person = child(social_worker)
    updated = person_update(person=person, by=team_manager, expected_version=1, last_name="Smyth")
    assert updated.version == 2
    assert Person.objects.get().last_name == "Smyth"
    assert updated.search_surname_key == name_keys("Sam", "Smyth")[0]
    latest = person.history.latest()
    assert (latest.history_user, latest.version, latest.last_name) == (team_manager, 2, "Smyth")


def test_a_bad_update_is_refused_and_leaves_the_record_as_it_was(social_worker):
    person = child(social_worker)
    with pytest.raises(ValidationError) as refused:
        person_update(
            person=person, by=social_worker, expected_version=1, last_name="Smyth", nhs_number="1234567890"
        )
    assert "nhs_number" in refused.value.message_dict
    saved = Person.objects.get()
    assert (saved.last_name, saved.version, saved.nhs_number) == ("Jones", 1, "")
    assert person.history.count() == 1


def test_an_update_that_changes_nothing_does_not_make_a_new_version(social_worker):
    person = child(social_worker)
    person_update(person=person, by=social_worker, expected_version=1, last_name="Jones")
    assert Person.objects.get().version == 1


def test_an_edit_from_a_stale_form_is_refused_with_what_changed_since(social_worker, team_manager):
    person = child(social_worker)
    # Both opened the form at version 1; the manager saved first.
    person_update(person=person, by=team_manager, expected_version=1, last_name="Smyth", ethnicity="WBRI")
    with pytest.raises(ConcurrentEditError) as refused:
        person_update(person=person, by=social_worker, expected_version=1, first_name="Samuel")
    changes = {change.field: (change.before_text, change.after_text) for change in refused.value.changes}
    assert changes == {"last_name": ("Jones", "Smyth"), "ethnicity": ("Not recorded", "White British")}
    assert refused.value.changed_by == [team_manager]
    saved = Person.objects.get()
    assert (saved.first_name, saved.last_name, saved.version) == ("Sam", "Smyth", 2)


def test_only_fields_a_worker_may_edit_can_be_changed(social_worker):
    person = child(social_worker)
    with pytest.raises(TypeError, match="version"):
        person_update(person=person, by=social_worker, expected_version=1, version=9)


# --- names and addresses ---------------------------------------------------------------------


def test_another_name_is_saved_with_its_own_search_keys(social_worker):
    person = child(social_worker)
    name = other_name_add(
        person=person, by=social_worker, kind=PersonName.Kind.BIRTH, first_name="Samir", last_name="Khan"
    )
    assert (name.search_surname_key, name.search_forename_key) == name_keys("Samir", "Khan")
    assert name.history.get().history_user == social_worker


def test_a_move_ends_the_address_they_lived_at_until_then(social_worker):
    person = child(social_worker)
    first = address_add(
        person=person,
        by=social_worker,
        line_1="1 High Street",
        postcode="b15 2tt",
        start_date=date(2020, 1, 1),
    )
    second = address_add(
        person=person, by=social_worker, line_1="2 Low Road", postcode="B5 7QQ", start_date=date(2023, 6, 1)
    )
    first.refresh_from_db()
    assert first.end_date == date(2023, 6, 1)
    assert (first.postcode, first.postcode_key) == ("B15 2TT", "B152TT")
    assert second.end_date is None
    assert first.history.latest().history_user == social_worker


def test_a_move_dated_before_the_current_address_is_refused_and_nothing_changes(social_worker):
    person = child(social_worker)
    address_add(person=person, by=social_worker, line_1="1 High Street", start_date=date(2022, 1, 1))
    with pytest.raises(ValidationError) as refused:
        address_add(person=person, by=social_worker, line_1="2 Low Road", start_date=date(2021, 1, 1))
    assert "must be on or after" in _only_message(refused, "start_date")
    assert list(Address.objects.values_list("line_1", "end_date")) == [("1 High Street", None)]


def test_an_address_with_a_made_up_postcode_is_refused(social_worker):
    with pytest.raises(ValidationError) as refused:
        address_add(
            person=child(social_worker),
            by=social_worker,
            line_1="1 High Street",
            postcode="NOT A CODE",
            start_date=date(2022, 1, 1),
        )
    assert "real postcode" in _only_message(refused, "postcode")
    assert Address.objects.count() == 0


def test_an_address_cannot_end_before_it_started(social_worker):
    address = address_add(
        person=child(social_worker), by=social_worker, line_1="1 High Street", start_date=date(2022, 1, 1)
    )
    with pytest.raises(ValidationError) as refused:
        address_end(address=address, by=social_worker, end_date=date(2021, 1, 1))
    assert "on or after the date they moved in" in _only_message(refused, "end_date")
    assert Address.objects.get().end_date is None


# --- relationships ---------------------------------------------------------------------------


def test_a_relationship_reads_the_right_way_from_both_sides(social_worker):
    sam, jo = child(social_worker), adult(social_worker, "Jo")
    relationship_add(person=sam, relative=jo, kind="mother", by=social_worker, lives_with=True)
    [from_sam] = family_network(sam)
    [from_jo] = family_network(jo)
    assert (from_sam.other, from_sam.label) == (jo, "Mother")
    assert (from_jo.other, from_jo.label) == (sam, "Child")
    assert from_sam.relationship == from_jo.relationship
    assert Relationship.history.get().history_user == social_worker


def test_a_person_cannot_be_related_to_themselves(social_worker):
    sam = child(social_worker)
    with pytest.raises(ValidationError) as refused:
        relationship_add(person=sam, relative=sam, kind="sibling", by=social_worker)
    assert "cannot be related to themselves" in _only_message(refused, "relative")
    assert Relationship.objects.count() == 0


def test_an_unknown_kind_of_relationship_is_refused(social_worker):
    with pytest.raises(ValidationError) as refused:
        relationship_add(
            person=child(social_worker), relative=adult(social_worker, "Jo"), kind="nemesis", by=social_worker
        )
    assert "Choose a relationship" in _only_message(refused, "kind")
    assert Relationship.objects.count() == 0


def test_a_relationship_that_ends_before_it_starts_is_refused(social_worker):
    with pytest.raises(ValidationError) as refused:
        relationship_add(
            person=child(social_worker),
            relative=adult(social_worker, "Jo"),
            kind="carer",
            by=social_worker,
            start_date=date(2022, 5, 1),
            end_date=date(2022, 4, 1),
        )
    assert "on or after the date it started" in _only_message(refused, "end_date")
    assert Relationship.objects.count() == 0


def test_the_same_relationship_cannot_be_recorded_twice_either_way_round(social_worker):
    sam, jo = child(social_worker), adult(social_worker, "Jo")
    relationship_add(person=sam, relative=jo, kind="mother", by=social_worker)
    with pytest.raises(ValidationError, match="already recorded as Sam Jones's mother"):
        relationship_add(person=sam, relative=jo, kind="mother", by=social_worker)
    with pytest.raises(ValidationError, match="already recorded as Jo Jones's child"):
        relationship_add(person=jo, relative=sam, kind="child", by=social_worker)
    assert Relationship.objects.count() == 1


def test_a_relationship_can_be_ended_but_not_twice(social_worker):
    sam, jo = child(social_worker), adult(social_worker, "Jo")
    rel = relationship_add(
        person=sam, relative=jo, kind="carer", by=social_worker, start_date=date(2020, 1, 1)
    )
    relationship_end(relationship=rel, by=social_worker, end_date=date(2024, 1, 1))
    with pytest.raises(ValidationError, match="already ended"):
        relationship_end(relationship=rel, by=social_worker, end_date=date(2024, 2, 1))
    assert Relationship.objects.get().end_date == date(2024, 1, 1)


# --- history ---------------------------------------------------------------------------------


def test_the_history_says_who_changed_what_from_what_to_what(social_worker, team_manager):
    sam = child(social_worker)
    person_update(person=sam, by=team_manager, expected_version=1, last_name="Smyth")
    relationship_add(person=sam, relative=adult(social_worker, "Jo"), kind="mother", by=social_worker)
    address_add(person=sam, by=social_worker, line_1="1 High Street", start_date=date(2022, 1, 1))
    entries = person_history(sam)
    assert [entry.what for entry in entries[:3]] == [
        "Address: 1 High Street",
        "Relationship: Jo Jones, mother",
        "Person details",
    ]
    change = entries[2]
    assert (change.who, change.action) == ("Tara Reid", "Changed")
    assert [(c.label, c.before, c.after) for c in change.changes] == [("Last name", "Jones", "Smyth")]
    created = entries[-1]
    assert (created.who, created.action) == ("Sam Okafor", "Created")
