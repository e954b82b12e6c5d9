"""Mounted at the site root: a care leaver's record lives under /children/<id>/leaving-care/."""

from django.urls import path

from hearth.leavingcare import views

app_name = "leavingcare"

PREFIX = "children/<int:person_id>/leaving-care/"

urlpatterns = [
    path(PREFIX, views.overview, name="overview"),
    path(PREFIX + "eligibility/", views.eligibility, name="eligibility"),
    path(PREFIX + "adviser/", views.adviser, name="adviser"),
    path(PREFIX + "adviser/contact/", views.adviser_contact, name="adviser-contact"),
    path(PREFIX + "needs-assessment/", views.assessment, name="assessment"),
    path(PREFIX + "pathway-plan/", views.plan, name="plan"),
    path(PREFIX + "pathway-plan/<int:pk>/review/", views.plan_review, name="plan-review"),
    path(PREFIX + "staying-put/", views.staying_put, name="staying-put"),
    path(PREFIX + "staying-put/<int:pk>/end/", views.staying_put_end, name="staying-put-end"),
    path(PREFIX + "support-request/", views.support_request, name="support-request"),
    path(PREFIX + "birthdays/<int:age>/", views.contact, name="contact"),
]
