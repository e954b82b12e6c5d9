"""Every view says which roles may use it; everyone else gets a 403 page.

``requires_role`` marks the view with the roles it accepts, so a test can walk the URL
configuration and prove that no view was left without a declaration.
"""

import logging
from collections.abc import Callable, Iterable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

security_log = logging.getLogger("hearth.security")

View = Callable[..., HttpResponse]


def requires_role(roles: Iterable[str]) -> Callable[[View], View]:
    allowed = frozenset(roles)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = request.user
            if not (user.is_authenticated and user.is_active and user.has_role(*allowed)):
                security_log.warning(
                    "refused user=%s path=%s needs=%s", user.pk, request.path, sorted(allowed)
                )
                raise PermissionDenied("Your role does not give you access to this page.")
            return view(request, *args, **kwargs)

        wrapped.required_roles = allowed
        return wrapped

    return decorator


def public(view: View) -> View:
    """Mark a view as open to anyone (sign-in pages, error pages, health check)."""
    view.required_roles = frozenset()
    view.login_required = False
    return view
