"""The people app's pages, a module per part: the record (record.py), finding a person
(search.py), adding one (create.py) and merging duplicates (merge.py). Each module offers
its own ``urlpatterns``; hearth/people/urls.py joins them."""
