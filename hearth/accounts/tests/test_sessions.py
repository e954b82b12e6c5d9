from http import HTTPStatus

from django.conf import settings

from conftest import TEST_PASSWORD


def test_sessions_time_out_after_thirty_minutes_of_inactivity():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


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
