from django.urls import path

from hearth.returns import views

app_name = "returns"

urlpatterns = [
    path("", views.data_quality, name="index"),
    path("validate/", views.validate_now, name="validate"),
    path("cin-census/", views.cin_census_download, name="cin-census"),
    path("annex-a/", views.annex_a, name="annex-a"),
    path("children/<int:pk>/", views.child_data_quality, name="child"),
]
