from django.apps import AppConfig


class UascConfig(AppConfig):
    """Unaccompanied asylum-seeking children: the status recorded on the children-in-care model."""

    name = "hearth.uasc"
    label = "uasc"
    verbose_name = "Unaccompanied asylum-seeking children"
