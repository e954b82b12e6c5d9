"""Error pages that explain themselves, with the right status, and a health check."""

import logging

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from hearth.accounts.permissions import public

security_log = logging.getLogger("hearth.security")


def forbidden(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    user = getattr(request, "user", None)
    security_log.info("not found user=%s path=%s", getattr(user, "pk", None), request.path)
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    security_log.warning("csrf failure path=%s reason=%s", request.path, reason)
    return render(request, "errors/csrf.html", status=403)


@public
def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
