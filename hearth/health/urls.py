"""A child's health in care, under /children/<id>/health/."""

from django.urls import path

from hearth.health import views

app_name = "health"

urlpatterns = [
    path("children/<int:pk>/health/", views.overview, name="overview"),
    path("children/<int:pk>/health/<slug:kind>/new/", views.event_new, name="event-new"),
    path("children/<int:pk>/health/<int:event_id>/change/", views.event_edit, name="event-edit"),
]
