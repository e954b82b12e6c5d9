from http import HTTPStatus

import pytest
from django.urls import reverse

from conftest import TEST_PASSWORD

SIGN_IN = "/sign-in/"


def test_signing_in_lands_on_the_worktray(client, social_worker):
    response = client.post(SIGN_IN, {"username": "sam.social", "password": TEST_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("worktray:home")
    assert b"Your worktray" in response.content


def test_a_wrong_password_is_refused_with_401_and_an_error_summary(client, social_worker):
    response = client.post(SIGN_IN, {"username": "sam.social", "password": "wrong"})
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert b"govuk-error-summary" in response.content
    assert b"Enter a correct username and password" in response.content
    assert "_auth_user_id" not in client.session


def test_an_unknown_user_gets_the_same_message_as_a_wrong_password(client, db):
    response = client.post(SIGN_IN, {"username": "nobody", "password": "whatever"})
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert b"Enter a correct username and password" in response.content


def test_empty_fields_each_get_a_message(client, db):
    response = client.post(SIGN_IN, {"username": "", "password": ""})
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert b"Enter your username" in response.content
    assert b"Enter your password" in response.content


def test_repeated_failures_lock_the_account_out(client, social_worker):
    for _ in range(5):
        client.post(SIGN_IN, {"username": "sam.social", "password": "wrong"})
    response = client.post(SIGN_IN, {"username": "sam.social", "password": TEST_PASSWORD})
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert b"Too many attempts to sign in" in response.content
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_resets_the_count(client, social_worker):
    for _ in range(4):
        client.post(SIGN_IN, {"username": "sam.social", "password": "wrong"})
    client.post(SIGN_IN, {"username": "sam.social", "password": TEST_PASSWORD})
    client.post(reverse("accounts:sign-out"))
    for _ in range(4):
        client.post(SIGN_IN, {"username": "sam.social", "password": "wrong"})
    response = client.post(SIGN_IN, {"username": "sam.social", "password": TEST_PASSWORD})
    assert response.status_code == HTTPStatus.FOUND


def test_an_anonymous_visit_is_sent_to_sign_in_and_back(client, social_worker):
    response = client.get("/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(f"{SIGN_IN}?next=/")
    response = client.post(f"{SIGN_IN}?next=/", {"username": "sam.social", "password": TEST_PASSWORD})
    assert response["Location"] == "/"


def test_a_sign_in_page_does_not_redirect_offsite(client, social_worker):
    response = client.post(
        f"{SIGN_IN}?next=https://example.org/", {"username": "sam.social", "password": TEST_PASSWORD}
    )
    assert response["Location"] == reverse("worktray:home")


def test_signing_out_needs_a_post_and_ends_the_session(client, social_worker):
    client.force_login(social_worker)
    response = client.post(reverse("accounts:sign-out"), follow=True)
    assert b"You have signed out" in response.content
    assert client.get("/").status_code == HTTPStatus.FOUND


@pytest.mark.parametrize("method", ["get"])
def test_sign_out_by_get_changes_nothing(client, social_worker, method):
    client.force_login(social_worker)
    response = getattr(client, method)(reverse("accounts:sign-out"))
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert client.get("/").status_code == HTTPStatus.OK
