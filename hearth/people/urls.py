"""The people app's URLs, mounted at /people/: each views module offers its own list."""

from hearth.people.views import create, merge, record, search

app_name = "people"

urlpatterns = [
    *search.urlpatterns,
    *create.urlpatterns,
    *merge.urlpatterns,
    *record.urlpatterns,
]
