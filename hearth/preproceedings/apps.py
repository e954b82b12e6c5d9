from django.apps import AppConfig


class PreproceedingsConfig(AppConfig):
    """Pre-proceedings under the Public Law Outline, within a child's episode of need."""

    name = "hearth.preproceedings"
    label = "preproceedings"
    verbose_name = "Pre-proceedings"
