from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save


def _load_timescales(sender, **kwargs) -> None:
    from hearth.timescales.services import timescales_load

    timescales_load()


def _forget_cached_clocks(sender, **kwargs) -> None:
    from hearth.timescales.clocks import clear_cache

    # Now, so this transaction reads its own change; and at commit, in case a read in between
    # cached the row as it stood before the change became everyone's.
    clear_cache()
    transaction.on_commit(clear_cache)


class TimescalesConfig(AppConfig):
    """Statutory timescales and the working-day calendar they are counted in."""

    name = "hearth.timescales"
    label = "timescales"
    verbose_name = "Statutory timescales"

    def ready(self) -> None:
        from hearth.timescales.models import Timescale

        post_migrate.connect(_load_timescales, sender=self)
        # clocks.py caches each row per process; a saved row (the loader, a local figure set
        # in the admin) must be read afresh.
        post_save.connect(_forget_cached_clocks, sender=Timescale, dispatch_uid="timescale_saved")
        post_delete.connect(_forget_cached_clocks, sender=Timescale, dispatch_uid="timescale_deleted")
