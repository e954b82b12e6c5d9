"""Mounted at the site root: a child's care lives under /children/<id>/care/."""

from django.urls import path

from hearth.childrenincare import views

app_name = "childrenincare"

PREFIX = "children/<int:person_id>/care/"
PERIOD = PREFIX + "periods/<int:pk>/"

urlpatterns = [
    path(PREFIX, views.care, name="care"),
    path(PREFIX + "start/", views.start, name="start"),
    path(PERIOD + "legal-status/", views.legal_status_change, name="legal-status-change"),
    path(PERIOD + "placement/", views.placement_change, name="placement-change"),
    path(PERIOD + "reviews/add/", views.review_hold, name="review-add"),
    path(PERIOD + "iro/", views.iro_assign, name="iro-assign"),
    path(PERIOD + "liberty-orders/add/", views.liberty_order_start, name="liberty-order-add"),
    path(PERIOD + "liberty-orders/<int:order_pk>/end/", views.liberty_order_end, name="liberty-order-end"),
    path(PERIOD + "leave/", views.leave, name="leave"),
]
