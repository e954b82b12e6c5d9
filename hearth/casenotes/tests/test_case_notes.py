from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hearth.casenotes.models import CaseNote
from hearth.casenotes.services import ConcurrentEditError, case_note_record, case_note_update
from hearth.people.models import PersonType
from hearth.people.services import person_create, relationship_add
from hearth.worktray.tests.journey import at


@pytest.fixture
def child(social_worker):
    return person_create(
        by=social_worker, first_name="Ava", last_name="Stone", date_of_birth=date(2018, 5, 1)
    )


@pytest.fixture
def brother(social_worker, child):
    person = person_create(
        by=social_worker, first_name="Leo", last_name="Stone", date_of_birth=date(2020, 2, 3)
    )
    relationship_add(person=child, relative=person, kind="sibling", by=social_worker)
    return person


@pytest.fixture
def half_sister(social_worker, child):
    person = person_create(
        by=social_worker, first_name="Mia", last_name="Cole", date_of_birth=date(2016, 9, 9)
    )
    relationship_add(person=person, relative=child, kind="half_sibling", by=social_worker)
    return person


@pytest.fixture
def mother(social_worker, child):
    person = person_create(
        by=social_worker, person_type=PersonType.ADULT, first_name="Jade", last_name="Stone"
    )
    relationship_add(person=child, relative=person, kind="mother", by=social_worker)
    return person


def record(child, by, **fields):
    values = {
        "children": [child],
        "occurred_at": at(date(2026, 3, 2)),
        "kind": "home_visit",
        "narrative": "Visited the family at home.",
        "by": by,
    }
    return case_note_record(**{**values, **fields})


# --- the rules ---------------------------------------------------------------------------------


def test_a_visit_is_recorded_with_the_childs_voice_and_who_recorded_it(child, social_worker):
    note = record(child, social_worker, child_seen=True, child_seen_alone=True, child_voice="I like football")
    assert list(note.children.all()) == [child]
    assert note.child_voice == "I like football"
    assert note.created_by == social_worker
    assert note.history.first().history_user == social_worker


def test_one_note_is_recorded_for_several_children_of_a_family(child, brother, social_worker):
    note = record(child, social_worker, children=[child, brother, child])
    assert set(note.children.all()) == {child, brother}
    assert brother.case_notes.get() == note


def test_seen_alone_without_seen_is_refused(child, social_worker):
    with pytest.raises(ValidationError) as refused:
        record(child, social_worker, child_seen=False, child_seen_alone=True)
    assert "child_seen_alone" in refused.value.message_dict
    assert not CaseNote.objects.exists()


def test_only_a_visit_records_whether_the_child_was_seen(child, social_worker):
    with pytest.raises(ValidationError) as refused:
        record(child, social_worker, kind="phone", child_seen=True)
    assert "child_seen" in refused.value.message_dict


def test_a_note_in_the_future_is_refused(child, social_worker):
    with pytest.raises(ValidationError) as refused:
        record(child, social_worker, occurred_at=timezone.now() + timedelta(hours=2))
    assert "occurred_at" in refused.value.message_dict


def test_a_note_before_the_child_was_born_is_refused(child, social_worker):
    with pytest.raises(ValidationError) as refused:
        record(child, social_worker, occurred_at=at(date(2017, 1, 1)))
    assert "occurred_at" in refused.value.message_dict


def test_a_note_is_about_children_not_adults(child, mother, social_worker):
    with pytest.raises(ValidationError) as refused:
        record(child, social_worker, children=[child, mother])
    assert "children" in refused.value.message_dict


def test_a_note_needs_a_narrative_but_a_draft_does_not(child, social_worker):
    with pytest.raises(ValidationError):
        record(child, social_worker, narrative="  ")
    draft = record(child, social_worker, narrative="", child_voice="She said…", is_draft=True)
    assert draft.is_draft
    with pytest.raises(ValidationError):
        case_note_update(note=draft, by=social_worker, expected_version=draft.version, is_draft=False)


def test_a_stale_edit_is_refused_and_changes_nothing(child, social_worker, another_social_worker):
    note = record(child, social_worker)
    case_note_update(note=note, by=another_social_worker, expected_version=1, narrative="Corrected by Kim")
    stale = CaseNote.objects.get(pk=note.pk)
    stale.version = 1
    with pytest.raises(ConcurrentEditError):
        case_note_update(note=stale, by=social_worker, expected_version=1, narrative="Sam's version")
    assert CaseNote.objects.get(pk=note.pk).narrative == "Corrected by Kim"


# --- the pages ---------------------------------------------------------------------------------


def test_the_notes_list_is_newest_first_and_filters_by_kind(client, child, social_worker):
    record(child, social_worker, occurred_at=at(date(2026, 1, 5)), kind="phone", narrative="Phoned mum")
    record(child, social_worker, occurred_at=at(date(2026, 2, 5)), narrative="Second visit")
    client.force_login(social_worker)
    page = client.get(reverse("casenotes:list", args=[child.pk]))
    text = page.content.decode()
    assert text.index("Second visit") < text.index("Phoned mum")
    assert 'data-testid="child-banner"' in text
    filtered = client.get(reverse("casenotes:list", args=[child.pk]), {"kind": "phone"}).content.decode()
    assert "Phoned mum" in filtered and "Second visit" not in filtered


def test_another_workers_draft_is_not_shown(client, child, social_worker, another_social_worker):
    record(child, another_social_worker, narrative="Kim's unfinished words", is_draft=True)
    client.force_login(social_worker)
    assert (
        "Kim's unfinished words"
        not in client.get(reverse("casenotes:list", args=[child.pk])).content.decode()
    )


def test_the_notes_list_costs_the_same_queries_for_one_note_or_twenty(client, child, brother, social_worker):
    client.force_login(social_worker)
    url = reverse("casenotes:list", args=[child.pk])
    record(child, social_worker, children=[child, brother])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for day in range(1, 20):
        record(child, social_worker, occurred_at=at(date(2026, 1, day)), children=[child, brother])
    with CaptureQueriesContext(connection) as twenty:
        assert client.get(url).status_code == 200
    assert len(twenty) == len(one)


def test_the_recording_page_offers_the_brothers_and_sisters_but_not_the_parents(
    client, child, brother, half_sister, mother, social_worker
):
    client.force_login(social_worker)
    text = client.get(reverse("casenotes:new", args=[child.pk])).content.decode()
    assert "Leo Stone" in text and "Mia Cole" in text
    assert f'value="{mother.pk}"' not in text
    assert 'hx-trigger="keyup changed delay:2s"' in text
    assert 'data-testid="child-banner"' in text


def _form(**fields):
    values = {
        "kind": "home_visit",
        "occurred_on_0": "2",
        "occurred_on_1": "3",
        "occurred_on_2": "2026",
        "occurred_time": "14:30",
        "narrative": "Saw both children at home.",
        "child_voice": "Leo showed me his drawing.",
    }
    return {**values, **fields}


def test_saving_a_note_for_two_siblings_shows_it_on_both_records(client, child, brother, social_worker):
    client.force_login(social_worker)
    response = client.post(
        reverse("casenotes:new", args=[child.pk]), _form(child_seen="on", also_about=[str(brother.pk)])
    )
    assert response.status_code == 302
    note = CaseNote.objects.get()
    assert set(note.children.all()) == {child, brother}
    assert timezone.localtime(note.occurred_at).strftime("%Y-%m-%d %H:%M") == "2026-03-02 14:30"
    assert "Saw both children" in client.get(reverse("casenotes:list", args=[brother.pk])).content.decode()


def test_seen_alone_without_seen_shows_an_error_and_saves_nothing(client, child, social_worker):
    client.force_login(social_worker)
    response = client.post(reverse("casenotes:new", args=[child.pk]), _form(child_seen_alone="on"))
    assert response.status_code == 400
    assert "must also have been seen" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not CaseNote.objects.exists()


def test_a_time_that_is_not_a_time_is_refused(client, child, social_worker):
    client.force_login(social_worker)
    response = client.post(reverse("casenotes:new", args=[child.pk]), _form(occurred_time="25:99"))
    assert response.status_code == 400
    assert "Enter a time like 14:30" in response.content.decode()


def test_drafts_are_saved_as_the_worker_types_and_the_final_save_keeps_one_note(client, child, social_worker):
    client.force_login(social_worker)
    draft_url = reverse("casenotes:draft", args=[child.pk])
    first = client.post(draft_url, _form(narrative="Saw Ava", child_voice=""), HTTP_HX_REQUEST="true")
    draft = CaseNote.objects.get()
    assert draft.is_draft and draft.narrative == "Saw Ava"
    assert f'name="draft" value="{draft.pk}"' in first.content.decode()
    client.post(
        draft_url,
        _form(narrative="Saw Ava at home", draft=str(draft.pk), version=str(draft.version)),
        HTTP_HX_REQUEST="true",
    )
    draft.refresh_from_db()
    assert draft.narrative == "Saw Ava at home" and draft.is_draft
    # Coming back to the page carries on with the draft.
    assert "Saw Ava at home" in client.get(reverse("casenotes:new", args=[child.pk])).content.decode()
    client.post(
        reverse("casenotes:new", args=[child.pk]),
        _form(narrative="Saw Ava at home, all well", draft=str(draft.pk), version=str(draft.version)),
    )
    note = CaseNote.objects.get()
    assert note.pk == draft.pk and not note.is_draft and note.narrative == "Saw Ava at home, all well"


def test_a_draft_with_nothing_typed_is_not_saved(client, child, social_worker):
    client.force_login(social_worker)
    client.post(reverse("casenotes:draft", args=[child.pk]), _form(narrative="", child_voice=""))
    assert not CaseNote.objects.exists()


def test_correcting_a_note_that_someone_else_changed_is_refused(client, child, social_worker, team_manager):
    note = record(child, social_worker)
    case_note_update(note=note, by=team_manager, expected_version=1, narrative="Manager's correction")
    client.force_login(social_worker)
    response = client.post(
        reverse("casenotes:edit", args=[child.pk, note.pk]), _form(narrative="My correction", version="1")
    )
    assert response.status_code == 409
    assert "Someone else changed this note" in response.content.decode()
    assert CaseNote.objects.get().narrative == "Manager's correction"


def test_another_worker_cannot_correct_my_note(client, child, social_worker, another_social_worker):
    note = record(child, social_worker)
    client.force_login(another_social_worker)
    assert client.get(reverse("casenotes:edit", args=[child.pk, note.pk])).status_code == 403


def test_an_analyst_may_read_the_notes_but_not_record_one(client, child, analyst):
    client.force_login(analyst)
    assert client.get(reverse("casenotes:list", args=[child.pk])).status_code == 200
    assert client.get(reverse("casenotes:new", args=[child.pk])).status_code == 403


def test_an_adult_has_no_notes_page(client, mother, social_worker):
    client.force_login(social_worker)
    assert client.get(reverse("casenotes:list", args=[mother.pk])).status_code == 404
