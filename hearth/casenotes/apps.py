from django.apps import AppConfig


class CasenotesConfig(AppConfig):
    """Case notes and visits, with the child's voice in its own field."""

    name = "hearth.casenotes"
    label = "casenotes"
    verbose_name = "Case notes and visits"

    def ready(self) -> None:
        # A merge moves case notes between people: their latest visits are worked out again.
        from hearth.casenotes.services import latest_visits_refresh
        from hearth.people.merge import merge_refresh_register

        merge_refresh_register(latest_visits_refresh)
