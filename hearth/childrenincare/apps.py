from django.apps import AppConfig


class ChildrenincareConfig(AppConfig):
    """Children looked after: periods of care, legal statuses, placements, reviews, IROs."""

    name = "hearth.childrenincare"
    label = "childrenincare"
    verbose_name = "Children in care"
