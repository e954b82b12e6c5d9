from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The synthetic demo authority, built through the same services workers use."""

    name = "hearth.demo"
    label = "demo"
    verbose_name = "Demo authority"
