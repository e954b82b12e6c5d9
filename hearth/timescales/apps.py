from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_timescales(sender, **kwargs) -> None:
    from hearth.timescales.services import timescales_load

    timescales_load()


class TimescalesConfig(AppConfig):
    """Statutory timescales and the working-day calendar they are counted in."""

    name = "hearth.timescales"
    label = "timescales"
    verbose_name = "Statutory timescales"

    def ready(self) -> None:
        post_migrate.connect(_load_timescales, sender=self)
