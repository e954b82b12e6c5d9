"""Sessions that end after 30 idle minutes, and a worker told when theirs has.

On sign-in we set a browser-session cookie. If a later request arrives anonymous but still
carries it, the server-side session must have expired through inactivity. The sign-in page
shows the notice once and clears the cookie.

Each request of a signed-in worker pushes the session's expiry back, but at most once a minute
(``SessionRenewalMiddleware``): writing the session on every request was three of a page's ten
queries. A session therefore ends between 29 and 30 minutes after the last request, never later.
"""

import time
from collections.abc import Callable

from django.contrib.auth import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

MARKER_COOKIE = "hearth_was_signed_in"


class SessionExpiryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.session_expired = bool(
            request.COOKIES.get(MARKER_COOKIE) and not request.user.is_authenticated
        )
        response = self.get_response(request)
        if getattr(request, "set_signed_in_marker", False):
            response.set_cookie(MARKER_COOKIE, "1", httponly=True, samesite="Lax", secure=request.is_secure())
        elif getattr(request, "clear_signed_in_marker", False):
            response.delete_cookie(MARKER_COOKIE, samesite="Lax")
        return response


RENEWED_AT = "hearth_renewed_at"
RENEW_AFTER_SECONDS = 60


class SessionRenewalMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            if now - request.session.get(RENEWED_AT, 0) >= RENEW_AFTER_SECONDS:
                # A change to the session makes SessionMiddleware save it with a fresh expiry.
                request.session[RENEWED_AT] = now
        return response


@receiver(user_logged_in)
def _mark_signed_in(sender, request: HttpRequest, **kwargs) -> None:
    if request is not None:
        request.set_signed_in_marker = True


@receiver(user_logged_out)
def _clear_marker(sender, request: HttpRequest, **kwargs) -> None:
    if request is not None:
        request.clear_signed_in_marker = True
