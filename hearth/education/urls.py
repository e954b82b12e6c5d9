"""A child's personal education plans, under /children/<id>/education/."""

from django.urls import path

from hearth.education import views

app_name = "education"

urlpatterns = [
    path("children/<int:pk>/education/", views.plans, name="plans"),
    path("children/<int:pk>/education/new/", views.plan_new, name="plan-new"),
    path("children/<int:pk>/education/<int:plan_id>/change/", views.plan_edit, name="plan-edit"),
]
