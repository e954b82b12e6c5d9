"""A child's missing episodes, under /children/<id>/missing/."""

from django.urls import path

from hearth.missing import views

app_name = "missing"

urlpatterns = [
    path("children/<int:pk>/missing/", views.episodes, name="episodes"),
    path("children/<int:pk>/missing/new/", views.episode_new, name="episode-new"),
    path("children/<int:pk>/missing/<int:episode_id>/change/", views.episode_edit, name="episode-edit"),
]
