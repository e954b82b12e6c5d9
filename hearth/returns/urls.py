from django.urls import path

from hearth.returns import views

app_name = "returns"

urlpatterns = [
    path("", views.data_quality, name="index"),
    path("validate/", views.validate_now, name="validate"),
    path("cin-census/", views.cin_census_download, name="cin-census"),
    path("annex-a/", views.annex_a, name="annex-a"),
    path("ssda903/", views.ssda903_download, name="ssda903"),
    path("ssda903/validate/", views.validate_903_now, name="validate-903"),
    path("children/<int:pk>/", views.child_data_quality, name="child"),
]
