"""Mounted at the site root: a child's permanence lives under /children/<id>/permanence/."""

from django.urls import path

from hearth.permanence import views

app_name = "permanence"

PREFIX = "children/<int:person_id>/permanence/"
ADOPTION = PREFIX + "adoption/<int:pk>/"

urlpatterns = [
    path(PREFIX, views.overview, name="overview"),
    path(PREFIX + "plan/", views.plan_record, name="plan"),
    path(PREFIX + "adoption/decision/", views.decision_record, name="decision"),
    path(ADOPTION + "authority/", views.authority_record, name="authority"),
    path(ADOPTION + "match/", views.match_record, name="match"),
    path(ADOPTION + "placed/", views.placed_record, name="placed"),
    path(ADOPTION + "order/", views.order_record, name="order"),
    path(ADOPTION + "reverse/", views.reverse_decision, name="reverse"),
    path(PREFIX + "order/", views.outcome_record, name="outcome"),
    path(PREFIX + "previous/<int:period_id>/", views.previous_permanence, name="previous"),
]
