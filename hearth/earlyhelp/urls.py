"""Early help on the child's record, under /children/<id>/early-help/."""

from django.urls import path

from hearth.earlyhelp import views

app_name = "earlyhelp"

urlpatterns = [
    path("children/<int:pk>/early-help/", views.episodes, name="episodes"),
    path("children/<int:pk>/early-help/new/", views.episode_new, name="episode-new"),
    path("children/<int:pk>/early-help/<int:episode_id>/", views.episode_edit, name="episode-edit"),
    path("children/<int:pk>/early-help/<int:episode_id>/end/", views.episode_end, name="episode-end"),
    path("children/<int:pk>/early-help/<int:episode_id>/step-up/", views.step_up, name="step-up"),
    path("children/<int:pk>/referrals/<int:referral_id>/step-down/", views.step_down, name="step-down"),
]
