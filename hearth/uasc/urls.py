"""A child's UASC status, under /children/<id>/uasc/."""

from django.urls import path

from hearth.uasc import views

app_name = "uasc"

urlpatterns = [
    path("children/<int:pk>/uasc/", views.status, name="status"),
    path("children/<int:pk>/uasc/new/", views.status_new, name="status-new"),
    path("children/<int:pk>/uasc/change/", views.status_edit, name="status-edit"),
    path("children/<int:pk>/uasc/cease/", views.status_cease, name="status-cease"),
]
