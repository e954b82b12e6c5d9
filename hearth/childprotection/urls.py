"""Mounted at the site root: a child's child protection work lives under
/children/<id>/child-protection/."""

from django.urls import path

from hearth.childprotection import views

app_name = "childprotection"

PREFIX = "children/<int:person_id>/child-protection/"

urlpatterns = [
    path(PREFIX, views.overview, name="overview"),
    path(PREFIX + "strategy-discussions/add/", views.strategy_discussion_add, name="strategy-discussion-add"),
    path(PREFIX + "section-47/add/", views.section_47_add, name="section-47-add"),
    path(PREFIX + "section-47/<int:pk>/conclude/", views.section_47_conclude, name="section-47-conclude"),
    path(PREFIX + "conferences/add/", views.conference_add, name="conference-add"),
    path(PREFIX + "plans/<int:pk>/core-groups/add/", views.core_group_add, name="core-group-add"),
    path(PREFIX + "plans/<int:pk>/end/", views.plan_end, name="plan-end"),
]
