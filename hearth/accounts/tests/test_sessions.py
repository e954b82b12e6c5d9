from datetime import timedelta
from http import HTTPStatus
from unittest import mock

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from conftest import TEST_PASSWORD


def test_sessions_time_out_after_thirty_minutes_of_inactivity():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert "hearth.accounts.middleware.SessionRenewalMiddleware" in settings.MIDDLEWARE


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_request_renews_the_session_at_most_once_a_minute(client, social_worker):
    client.force_login(social_worker)
    with mock.patch("hearth.accounts.middleware.time.time", return_value=1_000_000):
        client.get("/")
    renewed = _expiry(client)
    with mock.patch("hearth.accounts.middleware.time.time", return_value=1_000_030):
        client.get("/")
    assert _expiry(client) == renewed, "half a minute later the session is not written again"
    later = timezone.now() + timedelta(minutes=5)
    with (
        mock.patch("hearth.accounts.middleware.time.time", return_value=1_000_061),
        mock.patch("django.utils.timezone.now", return_value=later),
    ):
        client.get("/")
    assert _expiry(client) == later + timedelta(minutes=30)


def test_an_expired_session_explains_itself_on_the_sign_in_page(client, social_worker):
    client.post("/sign-in/", {"username": "sam.social", "password": TEST_PASSWORD})
    assert client.cookies["hearth_was_signed_in"].value == "1"
    # The server forgets the session, as it does after thirty idle minutes.
    client.session.flush()
    client.cookies.pop(settings.SESSION_COOKIE_NAME)

    response = client.get("/", follow=True)
    assert response.status_code == HTTPStatus.OK
    assert b"You were signed out because you had not used" in response.content
    # The notice is shown once.
    again = client.get("/sign-in/")
    assert b"You were signed out because" not in again.content


def test_a_first_visit_is_not_told_its_session_expired(client, db):
    response = client.get("/", follow=True)
    assert b"You were signed out because" not in response.content
