from django.apps import AppConfig


class EarlyhelpConfig(AppConfig):
    """Early help and family support episodes, with step-up and step-down."""

    name = "hearth.earlyhelp"
    label = "earlyhelp"
    verbose_name = "Early help"
