"""Mounted at /children/: a child's notes and visits."""

from django.urls import path

from hearth.casenotes import views

app_name = "casenotes"

urlpatterns = [
    path("<int:pk>/notes/", views.notes, name="list"),
    path("<int:pk>/notes/new/", views.note_new, name="new"),
    path("<int:pk>/notes/draft/", views.note_draft, name="draft"),
    path("<int:pk>/notes/<int:note_pk>/", views.note_edit, name="edit"),
]
