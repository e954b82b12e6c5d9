from django.urls import path

from hearth.worktray import views

app_name = "worktray"

urlpatterns = [
    path("", views.home, name="home"),
]
