from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    """The child's chronology: every significant event, derived from what is recorded."""

    name = "hearth.chronology"
    label = "chronology"
    verbose_name = "Chronology"

    def ready(self) -> None:
        # Each source registers itself when its module is imported.
        from hearth.chronology import sources  # noqa: F401
