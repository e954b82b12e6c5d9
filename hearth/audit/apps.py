from django.apps import AppConfig


class AuditConfig(AppConfig):
    """Who looked at which record, and who may open restricted records."""

    name = "hearth.audit"
    label = "audit"
    verbose_name = "Access log and restricted records"
