"""Every view of a person's record is logged, and the log cannot be changed or deleted."""

from http import HTTPStatus

import pytest
from django.contrib import admin
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.test import RequestFactory

from hearth.audit.access import open_person_record
from hearth.audit.models import AccessLogChangeRefused, AccessLogEntry
from hearth.audit.selectors import access_log_for_person


def _request(user, path="/people/1/"):
    request = RequestFactory().get(path)
    request.user = user
    request.session = SessionStore()
    return request


def test_opening_a_record_logs_who_which_page_and_the_path(child, social_worker):
    open_person_record(_request(social_worker, f"/people/{child.pk}/addresses/"), child.pk, page="addresses")
    entry = AccessLogEntry.objects.get(person=child)
    assert (entry.user, entry.page, entry.path, entry.override_reason) == (
        social_worker,
        "addresses",
        f"/people/{child.pk}/addresses/",
        "",
    )


def test_each_view_writes_its_own_entry(child, social_worker):
    for _ in range(3):
        open_person_record(_request(social_worker), child.pk, page="summary")
    assert AccessLogEntry.objects.filter(person=child, user=social_worker).count() == 3


def test_viewing_the_record_summary_page_is_logged(client, child, social_worker):
    client.force_login(social_worker)
    assert client.get(f"/people/{child.pk}/").status_code == HTTPStatus.OK
    entry = AccessLogEntry.objects.get(person=child)
    assert entry.user == social_worker
    assert entry.path == f"/people/{child.pk}/"


@pytest.fixture
def entry(child, social_worker):
    return open_person_record(_request(social_worker), child.pk, page="summary").access_log.get()


def test_an_entry_cannot_be_saved_again(entry):
    entry.page = "something else"
    with pytest.raises(AccessLogChangeRefused):
        entry.save()
    with pytest.raises(AccessLogChangeRefused):
        entry.save(update_fields=["page"])
    entry.refresh_from_db()
    assert entry.page == "summary"


def test_the_log_cannot_be_updated_through_a_queryset(entry):
    with pytest.raises(AccessLogChangeRefused):
        AccessLogEntry.objects.filter(pk=entry.pk).update(page="something else")
    # bulk_update joins the surrounding transaction, so it gets a savepoint of its own here.
    with pytest.raises(AccessLogChangeRefused), transaction.atomic():
        AccessLogEntry.objects.bulk_update([entry], ["page"])
    with pytest.raises(AccessLogChangeRefused):
        AccessLogEntry.objects.update_or_create(pk=entry.pk, defaults={"page": "something else"})
    entry.refresh_from_db()
    assert entry.page == "summary"


def test_the_log_cannot_be_deleted(entry):
    with pytest.raises(AccessLogChangeRefused):
        entry.delete()
    with pytest.raises(AccessLogChangeRefused):
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AccessLogChangeRefused):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_the_admin_shows_the_log_but_lets_nobody_add_change_or_delete(client, entry, administrator):
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    model_admin = admin.site._registry[AccessLogEntry]
    request = RequestFactory().get("/admin/")
    request.user = administrator
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)

    client.force_login(administrator)
    assert client.get("/admin/audit/accesslogentry/").status_code == HTTPStatus.OK
    assert client.get(f"/admin/audit/accesslogentry/{entry.pk}/change/").status_code == HTTPStatus.OK
    assert client.get("/admin/audit/accesslogentry/add/").status_code == HTTPStatus.FORBIDDEN
    assert client.post(f"/admin/audit/accesslogentry/{entry.pk}/delete/").status_code == HTTPStatus.FORBIDDEN
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_the_log_for_a_person_is_newest_first_and_read_in_one_query(
    child, social_worker, team_manager, django_assert_num_queries
):
    for user, page in [(social_worker, "summary"), (team_manager, "addresses"), (social_worker, "history")]:
        open_person_record(_request(user), child.pk, page=page)
    with django_assert_num_queries(1):
        entries = access_log_for_person(child, limit=2)
        assert [(e.user.username, e.page) for e in entries] == [
            ("sam.social", "history"),
            ("tara.manager", "addresses"),
        ]
