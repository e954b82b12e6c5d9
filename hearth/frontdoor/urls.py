"""The front door's URLs, mounted at /front-door/."""

from django.urls import path

from hearth.frontdoor import views

app_name = "frontdoor"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("contacts/new/", views.contact_new, name="contact-new"),
    path("contacts/<int:pk>/", views.contact, name="contact"),
    path("contacts/<int:pk>/details/", views.contact_edit, name="contact-edit"),
    path("contacts/<int:pk>/people/", views.people, name="people"),
    path("contacts/<int:pk>/people/<int:link_pk>/remove/", views.person_remove, name="person-remove"),
    path("contacts/<int:pk>/checks/", views.checks, name="checks"),
    path("contacts/<int:pk>/checks/<int:check_pk>/", views.check_respond, name="check-respond"),
    path("contacts/<int:pk>/rag/", views.rag, name="rag"),
    path("contacts/<int:pk>/decision/", views.decide, name="decide"),
    path("contacts/<int:pk>/sign-off/", views.sign_off, name="sign-off"),
    path("contacts/<int:pk>/hand-over/", views.hand_over, name="hand-over"),
]
