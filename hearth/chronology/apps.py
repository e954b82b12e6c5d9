from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    """The child's chronology: every significant event, derived from what is recorded."""

    name = "hearth.chronology"
    label = "chronology"
    verbose_name = "Chronology"

    def ready(self) -> None:
        # Each source registers itself when its module is imported.
        # The journey's own sources first: within a day, entries follow registration order.
        from hearth.chronology import sources  # noqa: F401, I001
        from hearth.chronology import legal_sources  # noqa: F401
        from hearth.chronology import care_sources  # noqa: F401
        from hearth.chronology import health_sources  # noqa: F401
        from hearth.chronology import permanence_sources  # noqa: F401
