"""Mounted at the site root: a child's pre-proceedings live under /children/<id>/pre-proceedings/."""

from django.urls import path

from hearth.preproceedings import views

app_name = "preproceedings"

PREFIX = "children/<int:person_id>/pre-proceedings/"

urlpatterns = [
    path(PREFIX, views.overview, name="overview"),
    path(PREFIX + "start/", views.start, name="start"),
    path(PREFIX + "<int:pk>/", views.steps, name="steps"),
    path(PREFIX + "<int:pk>/review-meetings/add/", views.review_meeting_add, name="review-meeting-add"),
]
