from django.apps import AppConfig


class MissingConfig(AppConfig):
    """Missing and away-from-placement episodes, and the return home interview."""

    name = "hearth.missing"
    label = "missing"
    verbose_name = "Missing from care"
