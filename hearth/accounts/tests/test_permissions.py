"""Every view says which roles it needs, and refuses the rest with a clear 403."""

from http import HTTPStatus

from django.urls import URLPattern, URLResolver, get_resolver

from hearth.accounts.roles import ALL_ROLES, CASEWORK_ROLES, Role


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin: staff only, guarded by its own is_staff check.
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_view_declares_the_roles_it_needs():
    undeclared = [
        route for route, view in _walk(get_resolver().url_patterns) if not hasattr(view, "required_roles")
    ]
    assert undeclared == []


def test_role_codes_cover_every_user_in_the_brief():
    assert len(ALL_ROLES) == 11
    assert Role.PERFORMANCE not in CASEWORK_ROLES
    assert Role.ADMINISTRATOR not in CASEWORK_ROLES


def test_a_user_with_no_role_is_refused_with_a_clear_403(client, no_role_user):
    client.force_login(no_role_user)
    response = client.get("/")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert b"You do not have access to this page" in response.content


def test_the_worktray_opens_for_every_role(client, social_worker, analyst, administrator):
    for user in (social_worker, analyst, administrator):
        client.force_login(user)
        assert client.get("/").status_code == HTTPStatus.OK


def test_a_missing_page_is_a_404_with_a_way_back(client, social_worker):
    client.force_login(social_worker)
    response = client.get("/no-such-record/123/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert b"Page not found" in response.content
    assert b"Go to your worktray" in response.content


def test_the_health_check_is_open(client, db):
    assert client.get("/health/").json() == {"status": "ok"}
