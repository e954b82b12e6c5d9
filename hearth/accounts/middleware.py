"""Tell a worker when their session has timed out, rather than silently showing sign-in.

On sign-in we set a browser-session cookie. If a later request arrives anonymous but still
carries it, the server-side session must have expired through inactivity. The sign-in page
shows the notice once and clears the cookie.
"""

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


@receiver(user_logged_in)
def _mark_signed_in(sender, request: HttpRequest, **kwargs) -> None:
    if request is not None:
        request.set_signed_in_marker = True


@receiver(user_logged_out)
def _clear_marker(sender, request: HttpRequest, **kwargs) -> None:
    if request is not None:
        request.clear_signed_in_marker = True
