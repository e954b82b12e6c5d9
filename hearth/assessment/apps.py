from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    """Single assessments of a child's needs, with DfE factors and authorisation."""

    name = "hearth.assessment"
    label = "assessment"
    verbose_name = "Assessment"
