"""Mounted at /children/: a child's chronology."""

from django.urls import path

from hearth.chronology import views

app_name = "chronology"

urlpatterns = [
    path("<int:pk>/chronology/", views.chronology, name="child"),
]
