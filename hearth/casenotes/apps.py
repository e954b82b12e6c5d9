from django.apps import AppConfig


class CasenotesConfig(AppConfig):
    """Case notes and visits, with the child's voice in its own field."""

    name = "hearth.casenotes"
    label = "casenotes"
    verbose_name = "Case notes and visits"
