from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_role_groups(sender, **kwargs) -> None:
    from hearth.accounts.services import role_groups_ensure

    role_groups_ensure()


class AccountsConfig(AppConfig):
    name = "hearth.accounts"
    label = "accounts"
    verbose_name = "Staff accounts and roles"

    def ready(self) -> None:
        # After every migrate (and every flush) each role has its group.
        post_migrate.connect(_ensure_role_groups, sender=self)
