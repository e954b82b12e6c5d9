"""A merge carries the duplicate's case records from other parts of Hearth to the kept record."""

from datetime import UTC, date, datetime

from hearth.audit.models import AccessLogEntry, RestrictedRecordGrant
from hearth.casenotes.models import CaseNote
from hearth.childinneed.models import Referral
from hearth.people.merge import person_merge, person_unmerge
from hearth.people.services import person_create


def _child(by, first_name):
    return person_create(by=by, first_name=first_name, last_name="Okoro", date_of_birth=date(2016, 2, 3))


def test_referrals_case_notes_and_grants_follow_the_merge_but_the_access_log_stays(
    social_worker, team_manager
):
    keep = _child(social_worker, "Tobi")
    duplicate = _child(social_worker, "Toby")
    referral = Referral.objects.create(child=duplicate, referral_date=date(2026, 9, 1), source="2A")
    note = CaseNote.objects.create(
        occurred_at=datetime(2026, 9, 2, 10, tzinfo=UTC), kind="home_visit", narrative="Seen at home"
    )
    note.children.add(duplicate)
    RestrictedRecordGrant.objects.create(person=duplicate, user=social_worker, granted_by=team_manager)
    AccessLogEntry.objects.create(user=social_worker, person=duplicate, page="Summary", path="/people/2/")

    record = person_merge(keep=keep, merge=duplicate, by=team_manager, reason="Same child, misspelt")

    referral.refresh_from_db()
    assert referral.child_id == keep.pk
    assert list(note.children.all()) == [keep]
    assert RestrictedRecordGrant.objects.get(user=social_worker).person_id == keep.pk
    assert AccessLogEntry.objects.get().person_id == duplicate.pk

    person_unmerge(record=record, by=team_manager, reason="Twins, not one child")
    referral.refresh_from_db()
    assert referral.child_id == duplicate.pk
    assert list(note.children.all()) == [duplicate]
    assert RestrictedRecordGrant.objects.get(user=social_worker).person_id == duplicate.pk


def test_a_case_note_about_both_records_is_not_duplicated_onto_the_kept_one(social_worker, team_manager):
    keep = _child(social_worker, "Ada")
    duplicate = _child(social_worker, "Adah")
    note = CaseNote.objects.create(
        occurred_at=datetime(2026, 9, 2, 10, tzinfo=UTC), kind="home_visit", narrative="Both seen"
    )
    note.children.add(keep, duplicate)

    person_merge(keep=keep, merge=duplicate, by=team_manager, reason="Same child")

    assert set(note.children.all()) == {keep, duplicate}


def test_a_manager_is_offered_the_merge_from_the_summary_and_a_social_worker_is_not(
    client, social_worker, team_manager
):
    child = _child(social_worker, "Kemi")
    client.force_login(team_manager)
    assert b"Merge with a duplicate record" in client.get(f"/people/{child.pk}/").content
    client.force_login(social_worker)
    assert b"Merge with a duplicate record" not in client.get(f"/people/{child.pk}/").content
