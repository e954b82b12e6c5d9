from django.conf import settings

from hearth.casework.navigation import sections_for


def service(request) -> dict:
    return {
        "service_name": settings.HEARTH_SERVICE_NAME,
        "authority_name": settings.HEARTH_AUTHORITY_NAME,
        "navigation": sections_for(request.user, request.path) if hasattr(request, "user") else [],
    }
