from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save


def _load_code_lists(sender, **kwargs) -> None:
    from hearth.reference.services import code_lists_load

    code_lists_load()


def _forget_cached_codes(sender, **kwargs) -> None:
    from hearth.reference.selectors import clear_cache

    # Now, so this transaction reads its own change; and at commit, in case a read in between
    # cached the list as it stood before the change became everyone's.
    clear_cache()
    transaction.on_commit(clear_cache)


class ReferenceConfig(AppConfig):
    """Statutory code lists (DfE, Ofsted) as reference data with dates of validity."""

    name = "hearth.reference"
    label = "reference"
    verbose_name = "Reference data"

    def ready(self) -> None:
        from hearth.reference.models import Code

        # The lists are kept in step with hearth/reference/code_lists.py after every migrate.
        post_migrate.connect(_load_code_lists, sender=self)
        # The lists are cached per process (selectors.py); any saved or deleted code, from the
        # loader or the admin, drops that cache.
        post_save.connect(_forget_cached_codes, sender=Code, dispatch_uid="reference_code_saved")
        post_delete.connect(_forget_cached_codes, sender=Code, dispatch_uid="reference_code_deleted")
