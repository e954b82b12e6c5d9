from django.apps import AppConfig


class EducationConfig(AppConfig):
    """The personal education plans of children in care."""

    name = "hearth.education"
    label = "education"
    verbose_name = "Education of children in care"
