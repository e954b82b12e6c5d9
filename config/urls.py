from django.contrib import admin
from django.urls import include, path

from hearth.casework import views as casework_views

urlpatterns = [
    path("", include("hearth.worktray.urls")),
    path("", include("hearth.accounts.urls")),
    path("organisation/", include("hearth.organisation.urls")),
    path("timescales/", include("hearth.timescales.urls")),
    path("people/", include("hearth.people.urls")),
    path("audit/", include("hearth.audit.urls")),
    path("children/", include("hearth.casenotes.urls")),
    path("children/", include("hearth.chronology.urls")),
    path("", include("hearth.assessment.urls")),
    path("", include("hearth.childprotection.urls")),
    path("", include("hearth.preproceedings.urls")),
    path("front-door/", include("hearth.frontdoor.urls")),
    path("", include("hearth.childinneed.urls")),
    path("", include("hearth.earlyhelp.urls")),
    path("", include("hearth.allocation.urls")),
    path("", include("hearth.childrenincare.urls")),
    path("", include("hearth.health.urls")),
    path("", include("hearth.education.urls")),
    path("", include("hearth.missing.urls")),
    path("", include("hearth.uasc.urls")),
    path("", include("hearth.permanence.urls")),
    path("", include("hearth.leavingcare.urls")),
    path("adopters/", include("hearth.adopters.urls")),
    path("returns/", include("hearth.returns.urls")),
    path("health/", casework_views.health, name="health"),
    path("admin/", admin.site.urls),
]

handler403 = "hearth.casework.views.forbidden"
handler404 = "hearth.casework.views.not_found"
handler500 = "hearth.casework.views.server_error"
