from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    """The case-working shell every part of Hearth sits in: layout, navigation, error pages."""

    name = "hearth.casework"
    label = "casework"
    verbose_name = "Case-working shell"

    def ready(self) -> None:
        from hearth.lookups import register

        register()
