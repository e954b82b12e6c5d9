"""A child's referrals and child in need plans, under /children/<id>/."""

from django.urls import path

from hearth.childinneed import views

app_name = "childinneed"

urlpatterns = [
    path("children/<int:pk>/referrals/", views.episodes, name="episodes"),
    path("children/<int:pk>/referrals/new/", views.referral_new, name="referral-new"),
    path("children/<int:pk>/referrals/<int:referral_id>/", views.referral, name="referral"),
    path("children/<int:pk>/referrals/<int:referral_id>/change/", views.referral_edit, name="referral-edit"),
    path("children/<int:pk>/referrals/<int:referral_id>/close/", views.referral_close, name="referral-close"),
    path(
        "children/<int:pk>/referrals/<int:referral_id>/cin-plans/new/",
        views.cin_plan_new,
        name="cin-plan-new",
    ),
    path(
        "children/<int:pk>/referrals/<int:referral_id>/cin-plans/<int:plan_id>/end/",
        views.cin_plan_end,
        name="cin-plan-end",
    ),
    path(
        "children/<int:pk>/referrals/<int:referral_id>/cin-plans/<int:plan_id>/reviews/new/",
        views.cin_plan_review,
        name="cin-plan-review",
    ),
]
