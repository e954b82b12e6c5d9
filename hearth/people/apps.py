from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """Children, their families, carers and professionals: the person record."""

    name = "hearth.people"
    label = "people"
    verbose_name = "People"
