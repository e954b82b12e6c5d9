"""Mounted at the site root: a child's assessments live under /children/<id>/assessments/."""

from django.urls import path

from hearth.assessment import views

app_name = "assessment"

PREFIX = "children/<int:person_id>/assessments/"

urlpatterns = [
    path(PREFIX, views.assessment_list, name="list"),
    path(PREFIX + "start/", views.assessment_start, name="start"),
    path(PREFIX + "<int:pk>/", views.assessment_detail, name="detail"),
    path(PREFIX + "<int:pk>/complete/", views.assessment_complete, name="complete"),
    path(PREFIX + "<int:pk>/authorise/", views.assessment_authorise, name="authorise"),
]
