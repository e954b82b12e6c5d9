from django.apps import AppConfig


class ChildprotectionConfig(AppConfig):
    """Strategy discussions, section 47 enquiries, conferences and child protection plans."""

    name = "hearth.childprotection"
    label = "childprotection"
    verbose_name = "Child protection"
