from django.apps import AppConfig


class HealthConfig(AppConfig):
    """The health of children in care: assessments, checks, SDQ, substance misuse, convictions."""

    name = "hearth.health"
    label = "health"
    verbose_name = "Health of children in care"
