"""A restricted record opens for the people named on it; anyone else must give a reason, which
is logged on every view and flagged to a manager."""

from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.audit.access import SESSION_OVERRIDES
from hearth.audit.models import AccessLogEntry, RestrictedAccessOverride, RestrictedRecordGrant
from hearth.audit.selectors import overrides_to_review, overrides_to_review_count
from hearth.audit.services import (
    person_restrict,
    person_unrestrict,
    restricted_access_override_add,
    restricted_access_override_review,
    restricted_grant_add,
    restricted_grant_remove,
)
from hearth.audit.tests.conftest import ADDRESS_LINE, POSTCODE

REASON = "Duty call from the police about this child tonight"


def _secrets_of(person) -> list[str]:
    dob = person.date_of_birth
    return [
        person.first_name,
        person.last_name,
        f"{dob:%-d %b %Y}",
        f"{dob:%-d %B %Y}",
        f"{dob:%d/%m/%Y}",
        dob.isoformat(),
        ADDRESS_LINE,
        POSTCODE,
        "Leeds",
    ]


def test_a_named_worker_opens_a_restricted_record(client, restricted_child, social_worker):
    client.force_login(social_worker)
    response = client.get(f"/people/{restricted_child.pk}/")
    assert response.status_code == HTTPStatus.OK
    assert AccessLogEntry.objects.get(person=restricted_child).override_reason == ""


def test_a_worker_not_named_is_sent_to_the_restricted_page_which_shows_nothing_of_the_record(
    client, restricted_child, another_social_worker
):
    client.force_login(another_social_worker)
    response = client.get(f"/people/{restricted_child.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == f"/audit/restricted/{restricted_child.pk}/"
    page = response.content.decode()
    assert "This record is restricted" in page
    assert restricted_child.reference in page
    for secret in _secrets_of(restricted_child):
        assert secret not in page
    assert not AccessLogEntry.objects.filter(person=restricted_child).exists()


def test_an_empty_reason_shows_an_error_and_changes_nothing(client, restricted_child, another_social_worker):
    client.force_login(another_social_worker)
    response = client.post(f"/audit/restricted/{restricted_child.pk}/", {"reason": "   "})
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Enter why you need to open this record" in page
    assert "<title>Error:" in page
    assert not RestrictedAccessOverride.objects.exists()
    assert SESSION_OVERRIDES not in client.session
    assert client.get(f"/people/{restricted_child.pk}/").status_code == HTTPStatus.FOUND


def test_a_reason_opens_the_record_for_the_session_and_is_logged_on_each_view(
    client, restricted_child, another_social_worker
):
    client.force_login(another_social_worker)
    response = client.post(f"/audit/restricted/{restricted_child.pk}/", {"reason": REASON})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/people/{restricted_child.pk}/"

    override = RestrictedAccessOverride.objects.get()
    assert (override.user, override.person, override.reason) == (
        another_social_worker,
        restricted_child,
        REASON,
    )
    assert override.reviewed_by is None and override.reviewed_at is None

    assert client.get(f"/people/{restricted_child.pk}/").status_code == HTTPStatus.OK
    assert client.get(f"/people/{restricted_child.pk}/addresses/").status_code == HTTPStatus.OK
    reasons = AccessLogEntry.objects.filter(person=restricted_child).values_list("page", "override_reason")
    assert sorted(reasons) == [("addresses", REASON), ("summary", REASON)]


def test_the_override_ends_with_the_session(client, restricted_child, another_social_worker):
    client.force_login(another_social_worker)
    client.post(f"/audit/restricted/{restricted_child.pk}/", {"reason": REASON})
    client.logout()
    client.force_login(another_social_worker)
    assert (
        client.get(f"/people/{restricted_child.pk}/")["Location"]
        == f"/audit/restricted/{restricted_child.pk}/"
    )


def test_the_reason_appears_in_the_managers_list_and_on_their_worktray(
    client, restricted_child, another_social_worker, team_manager
):
    client.force_login(another_social_worker)
    client.post(f"/audit/restricted/{restricted_child.pk}/", {"reason": REASON})

    client.force_login(team_manager)
    worktray = client.get("/").content.decode()
    assert "1 restricted-record opening to review" in worktray
    page = client.get("/audit/overrides/").content.decode()
    assert REASON in page
    assert "Kim Shah" in page
    assert restricted_child.reference in page
    assert restricted_child.last_name not in page


def test_a_manager_marks_an_override_reviewed(client, restricted_child, another_social_worker, team_manager):
    override = restricted_access_override_add(
        user=another_social_worker, person=restricted_child, reason=REASON
    )
    client.force_login(team_manager)
    response = client.post(f"/audit/overrides/{override.pk}/review/", follow=True)
    assert "Marked as reviewed" in response.content.decode()
    override.refresh_from_db()
    assert override.reviewed_by == team_manager and override.reviewed_at is not None
    assert "There is nothing to review" in response.content.decode()
    assert "restricted-record opening" not in client.get("/").content.decode()


def test_a_manager_does_not_review_their_own_override(restricted_child, team_manager, another_team_manager):
    own = restricted_access_override_add(user=team_manager, person=restricted_child, reason=REASON)
    with pytest.raises(PermissionDenied):
        restricted_access_override_review(override=own, by=team_manager)
    restricted_access_override_review(override=own, by=another_team_manager)
    own.refresh_from_db()
    assert own.reviewed_by == another_team_manager


def test_the_overrides_page_can_only_review_overrides_flagged_to_you(client, restricted_child, team_manager):
    own = restricted_access_override_add(user=team_manager, person=restricted_child, reason=REASON)
    client.force_login(team_manager)
    assert client.post(f"/audit/overrides/{own.pk}/review/").status_code == HTTPStatus.NOT_FOUND
    assert client.get(f"/audit/overrides/{own.pk}/review/").status_code == HTTPStatus.METHOD_NOT_ALLOWED


@pytest.mark.parametrize(
    "url", ["/audit/overrides/", "/audit/people/{pk}/views/", "/audit/people/{pk}/restriction/"]
)
def test_only_managers_and_administrators_open_the_audit_pages(
    client, child, url, social_worker, analyst, no_role_user, team_manager, administrator
):
    url = url.format(pk=child.pk)
    for user in (social_worker, analyst, no_role_user):
        client.force_login(user)
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN, user
    for user in (team_manager, administrator):
        client.force_login(user)
        assert client.get(url).status_code == HTTPStatus.OK, user


def test_who_has_viewed_lists_who_when_which_page_and_the_reason_and_logs_itself(
    client, restricted_child, social_worker, another_social_worker, team_manager
):
    client.force_login(social_worker)
    client.get(f"/people/{restricted_child.pk}/addresses/")
    client.force_login(another_social_worker)
    client.post(f"/audit/restricted/{restricted_child.pk}/", {"reason": REASON})
    client.get(f"/people/{restricted_child.pk}/")
    restricted_grant_add(person=restricted_child, user=team_manager, by=team_manager)

    client.force_login(team_manager)
    page = client.get(f"/audit/people/{restricted_child.pk}/views/").content.decode()
    for expected in ("Sam Okafor", "addresses", "Kim Shah", REASON, "Tara Reid", "Who has viewed"):
        assert expected in page
    assert AccessLogEntry.objects.filter(
        person=restricted_child, user=team_manager, page="Who has viewed"
    ).exists()


def test_the_who_has_viewed_tab_shows_for_managers_only(client, child, social_worker, team_manager):
    tab = f'href="/audit/people/{child.pk}/views/"'
    client.force_login(social_worker)
    assert tab not in client.get(f"/people/{child.pk}/").content.decode()
    client.force_login(team_manager)
    assert tab in client.get(f"/people/{child.pk}/").content.decode()


def test_a_manager_not_named_gives_a_reason_to_see_who_viewed_a_restricted_record(
    client, restricted_child, another_team_manager
):
    client.force_login(another_team_manager)
    url = f"/audit/people/{restricted_child.pk}/views/"
    response = client.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(f"/audit/restricted/{restricted_child.pk}/?next=")
    assert client.post(response["Location"], {"reason": REASON})["Location"] == url
    assert client.get(url).status_code == HTTPStatus.OK


def test_the_restricted_page_only_returns_to_pages_of_the_same_record(
    client, restricted_child, another_social_worker
):
    client.force_login(another_social_worker)
    url = f"/audit/restricted/{restricted_child.pk}/?next=https://evil.example/people/{restricted_child.pk}/"
    assert client.post(url, {"reason": REASON})["Location"] == f"/people/{restricted_child.pk}/"


def test_a_record_that_is_not_restricted_sends_the_restricted_page_on_to_the_summary(
    client, child, social_worker
):
    client.force_login(social_worker)
    assert client.get(f"/audit/restricted/{child.pk}/")["Location"] == f"/people/{child.pk}/"


def test_only_managers_and_administrators_may_restrict_or_name_people(
    child, social_worker, another_social_worker
):
    with pytest.raises(PermissionDenied):
        person_restrict(person=child, by=social_worker, named_users=[social_worker], reason="Because")
    child.refresh_from_db()
    assert not child.is_restricted
    with pytest.raises(PermissionDenied):
        restricted_grant_add(person=child, user=another_social_worker, by=social_worker)


def test_restricting_needs_a_reason(child, team_manager):
    with pytest.raises(ValidationError):
        person_restrict(person=child, by=team_manager, named_users=[], reason=" ")
    child.refresh_from_db()
    assert not child.is_restricted


def test_restriction_and_named_people_keep_their_history(
    restricted_child, social_worker, another_social_worker, team_manager, administrator
):
    latest = restricted_child.history.latest()
    assert (latest.is_restricted, latest.history_user, latest.history_change_reason) == (
        True,
        team_manager,
        "A member of staff is a relative",
    )
    restricted_grant_add(person=restricted_child, user=another_social_worker, by=administrator)
    restricted_grant_remove(person=restricted_child, user=another_social_worker, by=team_manager)
    events = list(
        RestrictedRecordGrant.history.filter(user=another_social_worker)
        .order_by("history_date")
        .values_list("history_type", "history_user__username")
    )
    assert events == [("+", "ada.admin"), ("-", "tara.manager")]

    person_unrestrict(person=restricted_child, by=administrator, reason="The relative has left the trust")
    restricted_child.refresh_from_db()
    assert not restricted_child.is_restricted
    assert not RestrictedRecordGrant.objects.filter(person=restricted_child).exists()
    assert restricted_child.history.latest().history_change_reason == "The relative has left the trust"


def test_a_manager_restricts_names_removes_and_unrestricts_on_the_restriction_page(
    client, child, team_manager, social_worker
):
    url = f"/audit/people/{child.pk}/restriction/"
    client.force_login(team_manager)
    assert "is not restricted" in client.get(url).content.decode()

    empty = client.post(url, {"action": "restrict", "reason": ""})
    assert "Enter why this record is being restricted" in empty.content.decode()
    child.refresh_from_db()
    assert not child.is_restricted

    assert client.post(url, {"action": "restrict", "reason": "Adopted child"}).status_code == HTTPStatus.FOUND
    child.refresh_from_db()
    assert child.is_restricted

    client.post(url, {"action": "add", "user": social_worker.pk})
    assert "Sam Okafor" in client.get(url).content.decode()
    assert RestrictedRecordGrant.objects.filter(
        person=child, user=social_worker, granted_by=team_manager
    ).exists()

    client.post(url, {"action": "remove", "user": social_worker.pk})
    assert not RestrictedRecordGrant.objects.filter(person=child).exists()

    client.post(url, {"action": "unrestrict", "reason": "Restricted by mistake"})
    child.refresh_from_db()
    assert not child.is_restricted
    assert AccessLogEntry.objects.filter(person=child, page="Restriction settings").exists()


def test_an_override_is_flagged_to_the_workers_own_manager_once_the_organisation_says_who_that_is(
    restricted_child, another_social_worker, team_manager, another_team_manager, administrator
):
    from hearth.organisation.models import TeamType
    from hearth.organisation.services import (
        service_create,
        staff_member_create,
        team_create,
        team_manager_set,
    )

    service = service_create(code="safeguarding", name="Safeguarding")
    team = team_create(name="Safeguarding North", team_type=TeamType.SAFEGUARDING, service=service)
    max_doyle = staff_member_create(role_label="Team manager", team=team, user=another_team_manager)
    team_manager_set(team=team, manager=max_doyle)
    staff_member_create(
        role_label="Social worker", team=team, user=another_social_worker, line_manager=max_doyle
    )

    override = restricted_access_override_add(
        user=another_social_worker, person=restricted_child, reason=REASON
    )
    assert overrides_to_review(another_team_manager) == [override]
    assert overrides_to_review(administrator) == [override]
    assert overrides_to_review(team_manager) == []
    assert overrides_to_review_count(team_manager) == 0


def test_an_override_by_someone_with_no_recorded_manager_is_flagged_to_every_manager(
    restricted_child, another_social_worker, team_manager, another_team_manager
):
    override = restricted_access_override_add(
        user=another_social_worker, person=restricted_child, reason=REASON
    )
    assert overrides_to_review(team_manager) == [override]
    assert overrides_to_review(another_team_manager) == [override]


def test_the_audit_pages_read_in_a_fixed_number_of_queries(
    client,
    restricted_child,
    social_worker,
    another_social_worker,
    team_manager,
    django_assert_max_num_queries,
):
    def queries_for(url: str) -> int:

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == HTTPStatus.OK
        return len(captured)

    views_url = f"/audit/people/{restricted_child.pk}/views/"
    restricted_grant_add(person=restricted_child, user=team_manager, by=team_manager)
    client.force_login(team_manager)
    before = {url: queries_for(url) for url in (views_url, "/audit/overrides/", "/")}

    for user in (social_worker, another_social_worker):
        for _ in range(3):
            restricted_access_override_add(user=user, person=restricted_child, reason=REASON)
        client.force_login(user)
        client.get(f"/people/{restricted_child.pk}/")
    client.force_login(team_manager)
    after = {url: queries_for(url) for url in (views_url, "/audit/overrides/", "/")}
    assert after == before


def test_a_long_reason_for_restricting_is_kept_whole_in_the_history(child, team_manager):
    # The form takes up to 2,000 characters; PostgreSQL would refuse more than a column holds.
    reason = "The child's relative works in the front door team and has asked about the case. " * 20
    person_restrict(person=child, by=team_manager, named_users=[], reason=reason)
    assert child.history.latest().history_change_reason == reason.strip()
