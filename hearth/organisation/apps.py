from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    """The trust itself: its services and their scope, its areas, teams and staff."""

    name = "hearth.organisation"
    label = "organisation"
    verbose_name = "Organisation and service scope"
