from django.urls import path

from hearth.worktray import views

app_name = "worktray"

urlpatterns = [
    path("", views.home, name="home"),
    path("worktray/team/<int:worker_id>/", views.team_member, name="team_member"),
]
