from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    """The front door: contacts, MASH information-gathering and decisions, out-of-hours."""

    name = "hearth.frontdoor"
    label = "frontdoor"
    verbose_name = "Front door"
