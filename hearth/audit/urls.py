from django.urls import path

from hearth.audit import views

app_name = "audit"

urlpatterns = [
    path("restricted/<int:pk>/", views.restricted, name="restricted"),
    path("people/<int:pk>/views/", views.person_views, name="person-views"),
    path("people/<int:pk>/restriction/", views.person_restriction, name="restriction"),
    path("overrides/", views.overrides, name="overrides"),
    path("overrides/<int:pk>/review/", views.override_review, name="override-review"),
]
