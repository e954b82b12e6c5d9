from django.apps import AppConfig


class ChildinneedConfig(AppConfig):
    """Referrals and child in need episodes, CIN plans and their reviews."""

    name = "hearth.childinneed"
    label = "childinneed"
    verbose_name = "Child in need"
