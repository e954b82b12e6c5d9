"""Allocation: on the child's record, and each team's caseload."""

from django.urls import path

from hearth.allocation import views

app_name = "allocation"

urlpatterns = [
    path("children/<int:pk>/allocation/", views.history, name="history"),
    path("children/<int:pk>/allocation/new/", views.allocate, name="allocate"),
    path("children/<int:pk>/allocation/transfer/", views.transfer, name="transfer"),
    path("teams/<int:team_id>/caseload/", views.team_caseload, name="team-caseload"),
]
