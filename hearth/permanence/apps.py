from django.apps import AppConfig


class PermanenceConfig(AppConfig):
    """Permanence for children in care: the plan, adoption step by step, SGOs and CAOs, return home."""

    name = "hearth.permanence"
    label = "permanence"
    verbose_name = "Permanence"
