from django.apps import AppConfig


class TimescalesConfig(AppConfig):
    """Statutory timescales and the working-day calendar they are counted in."""

    name = "hearth.timescales"
    label = "timescales"
    verbose_name = "Statutory timescales"
