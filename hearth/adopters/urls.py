"""Mounted at /adopters/."""

from django.urls import path

from hearth.adopters import views

app_name = "adopters"

urlpatterns = [
    path("", views.household_list, name="list"),
    path("new/", views.enquiry_record, name="enquiry"),
    path("<int:pk>/", views.household_page, name="household"),
    path("<int:pk>/details/", views.household_edit, name="edit"),
    path("<int:pk>/adopters/add/", views.adopter_add, name="adopter-add"),
    path("<int:pk>/steps/<slug:step>/", views.step_record, name="step"),
    path("<int:pk>/steps/<slug:step>/correct/", views.step_correct, name="step-correct"),
    path("<int:pk>/steps/<slug:step>/withdraw/", views.step_withdraw, name="step-withdraw"),
]
