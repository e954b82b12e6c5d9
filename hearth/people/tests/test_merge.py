"""Merging two records of the same person, and undoing it."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hearth.people.merge import person_merge, person_unmerge
from hearth.people.models import Address, Person, PersonMerge, PersonName, Relationship
from hearth.people.search import find_people
from hearth.people.services import address_add, other_name_add, person_create, relationship_add

NHS_NUMBER = "9434765919"


def person(by, first_name="John", last_name="Smith", **fields):
    values = {"date_of_birth": date(2015, 4, 1), "sex": "M"}
    return person_create(by=by, first_name=first_name, last_name=last_name, **{**values, **fields})


@pytest.fixture
def pair(social_worker):
    """A child recorded twice: the second record has an address, an alias, a mother and an NHS number."""
    keep = person(social_worker, "John", "Smith")
    duplicate = person(social_worker, "Jon", "Smyth", nhs_number=NHS_NUMBER)
    address_add(
        person=duplicate,
        by=social_worker,
        line_1="1 High St",
        postcode="LS6 2AB",
        start_date=date(2020, 1, 1),
    )
    other_name_add(person=duplicate, by=social_worker, kind="birth", first_name="Jon", last_name="Brown")
    mother = person(social_worker, "Mary", "Smith", person_type="adult", date_of_birth=date(1990, 1, 1))
    relationship_add(person=duplicate, relative=mother, kind="mother", by=social_worker)
    return keep, duplicate, mother


def test_a_merge_moves_addresses_names_relationships_and_missing_identifiers(pair, team_manager):
    keep, duplicate, mother = pair
    record = person_merge(keep=keep, merge=duplicate, by=team_manager, reason="Same child, same school")
    keep.refresh_from_db()
    duplicate.refresh_from_db()
    assert [a.line_1 for a in keep.addresses.all()] == ["1 High St"]
    assert {str(n) for n in keep.other_names.all()} == {"Jon Brown", "Jon Smyth"}
    assert Relationship.objects.get(relative=mother).person == keep
    assert keep.nhs_number == NHS_NUMBER
    assert duplicate.merged_into == keep
    assert record.merged_by == team_manager and record.reason == "Same child, same school"
    assert record.moved["fields_filled"] == {"nhs_number": NHS_NUMBER}


def test_the_merged_record_is_kept_not_deleted(pair, team_manager):
    keep, duplicate, _ = pair
    person_merge(keep=keep, merge=duplicate, by=team_manager, reason="Same child")
    assert Person.objects.filter(pk=duplicate.pk, merged_into=keep).exists()
    assert duplicate.history.count() >= 2


def test_after_a_merge_the_duplicates_name_finds_the_kept_record(pair, team_manager):
    keep, duplicate, _ = pair
    person_merge(keep=keep, merge=duplicate, by=team_manager, reason="Same child")
    assert [p.pk for p in find_people(text="Jon Smyth")] == [keep.pk]
    assert [p.pk for p in find_people(identifier=NHS_NUMBER)] == [keep.pk]


def test_a_relationship_that_would_repeat_one_the_kept_record_has_stays_behind(
    pair, social_worker, team_manager
):
    keep, duplicate, mother = pair
    relationship_add(person=keep, relative=mother, kind="mother", by=social_worker)
    record = person_merge(keep=keep, merge=duplicate, by=team_manager, reason="Same child")
    assert Relationship.objects.filter(person=keep, relative=mother).count() == 1
    assert Relationship.objects.filter(person=duplicate, relative=mother).count() == 1
    assert len(record.moved["relationships_left"]) == 1


def test_a_relationship_between_the_two_records_is_not_turned_on_itself(social_worker, team_manager):
    keep = person(social_worker, "Mary", "Smith", person_type="adult", date_of_birth=date(1990, 1, 1))
    duplicate = person(social_worker, "Mary", "Smyth", person_type="adult", date_of_birth=date(1990, 1, 1))
    relationship_add(person=keep, relative=duplicate, kind="sibling", by=social_worker)
    person_merge(keep=keep, merge=duplicate, by=team_manager, reason="Same woman")
    assert not Relationship.objects.filter(person=keep, relative=keep).exists()


def test_a_restricted_duplicate_makes_the_kept_record_restricted(social_worker, team_manager):
    keep = person(social_worker)
    duplicate = person(social_worker, is_restricted=True)
    person_merge(keep=keep, merge=duplicate, by=team_manager, reason="Same child")
    keep.refresh_from_db()
    assert keep.is_restricted


def test_a_record_cannot_be_merged_into_itself(pair, team_manager):
    keep, _, _ = pair
    with pytest.raises(ValidationError, match="cannot be merged into itself"):
        person_merge(keep=keep, merge=keep, by=team_manager, reason="Oops")
    assert not PersonMerge.objects.exists()


def test_merged_records_cannot_be_merged_again_either_way(pair, social_worker, team_manager):
    keep, duplicate, _ = pair
    third = person(social_worker, "Johnny", "Smith")
    person_merge(keep=keep, merge=duplicate, by=team_manager, reason="Same child")
    with pytest.raises(ValidationError, match="already merged"):
        person_merge(keep=third, merge=duplicate, by=team_manager, reason="Again")
    with pytest.raises(ValidationError, match="merge into that record instead"):
        person_merge(keep=duplicate, merge=third, by=team_manager, reason="Again")
    assert PersonMerge.objects.count() == 1
    assert Person.objects.get(pk=third.pk).merged_into is None


def test_a_merge_needs_a_reason(pair, team_manager):
    keep, duplicate, _ = pair
    with pytest.raises(ValidationError, match="Enter why"):
        person_merge(keep=keep, merge=duplicate, by=team_manager, reason="  ")
    assert Person.objects.get(pk=duplicate.pk).merged_into is None


def test_only_managers_and_administrators_may_merge(pair, social_worker, administrator):
    keep, duplicate, _ = pair
    with pytest.raises(PermissionDenied):
        person_merge(keep=keep, merge=duplicate, by=social_worker, reason="Same child")
    person_merge(keep=keep, merge=duplicate, by=administrator, reason="Same child")


def test_an_unmerge_puts_everything_back(pair, team_manager):
    keep, duplicate, mother = pair
    record = person_merge(keep=keep, merge=duplicate, by=team_manager, reason="Same child")
    person_unmerge(record=record, by=team_manager, reason="Twins, not one child")
    keep.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    assert Address.objects.get(line_1="1 High St").person == duplicate
    assert PersonName.objects.get(last_name="Brown").person == duplicate
    assert not PersonName.objects.filter(person=keep).exists()
    assert Relationship.objects.get(relative=mother).person == duplicate
    assert keep.nhs_number == ""
    record.refresh_from_db()
    assert record.unmerged_by == team_manager and record.unmerge_reason == "Twins, not one child"
    with pytest.raises(ValidationError, match="already been undone"):
        person_unmerge(record=record, by=team_manager, reason="Again")


# --- the page ---------------------------------------------------------------------------------


def test_a_social_worker_may_not_open_the_merge_page(client, pair, social_worker):
    keep, _, _ = pair
    client.force_login(social_worker)
    assert client.get(f"/people/{keep.pk}/merge/").status_code == 403
    assert client.post(f"/people/{keep.pk}/merge/").status_code == 403


def test_a_manager_compares_the_records_then_merges_with_a_reason(client, pair, team_manager):
    keep, duplicate, _ = pair
    client.force_login(team_manager)
    page = client.get(f"/people/{keep.pk}/merge/", {"other": duplicate.reference})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Compare the records" in html and "Jon Smyth" in html and "1 High St" in html
    done = client.post(
        f"/people/{keep.pk}/merge/",
        {"other": duplicate.reference, "keep": str(keep.pk), "reason": "Same NHS number"},
    )
    assert done.status_code == 302 and done.url == f"/people/{keep.pk}/"
    assert Person.objects.get(pk=duplicate.pk).merged_into_id == keep.pk


def test_the_page_refuses_a_merge_into_itself(client, pair, team_manager):
    keep, _, _ = pair
    client.force_login(team_manager)
    html = client.get(f"/people/{keep.pk}/merge/", {"other": keep.reference}).content.decode()
    assert "govuk-error-summary" in html and "cannot be merged into itself" in html


def test_the_page_says_when_no_record_has_the_hearth_id(client, pair, team_manager):
    keep, _, _ = pair
    client.force_login(team_manager)
    html = client.get(f"/people/{keep.pk}/merge/", {"other": "9999999"}).content.decode()
    assert "There is no record with that Hearth ID" in html


def test_the_page_needs_a_reason_and_saves_nothing_without_one(client, pair, team_manager):
    keep, duplicate, _ = pair
    client.force_login(team_manager)
    page = client.post(
        f"/people/{keep.pk}/merge/", {"other": duplicate.reference, "keep": str(keep.pk), "reason": ""}
    )
    assert "Enter why these records are the same person" in page.content.decode()
    assert not PersonMerge.objects.exists()
