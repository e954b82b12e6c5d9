from django.urls import path

from hearth.organisation import views

app_name = "organisation"

urlpatterns = [
    path("", views.index, name="index"),
    path("services/", views.register, name="register"),
    path("services/<slug:code>/", views.service_detail, name="service"),
    path("teams/<int:pk>/", views.team_detail, name="team"),
    path("staff/<int:pk>/", views.staff_detail, name="staff"),
]
