from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_code_lists(sender, **kwargs) -> None:
    from hearth.reference.services import code_lists_load

    code_lists_load()


class ReferenceConfig(AppConfig):
    """Statutory code lists (DfE, Ofsted) as reference data with dates of validity."""

    name = "hearth.reference"
    label = "reference"
    verbose_name = "Reference data"

    def ready(self) -> None:
        # The lists are kept in step with hearth/reference/code_lists.py after every migrate.
        post_migrate.connect(_load_code_lists, sender=self)
