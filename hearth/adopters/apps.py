from django.apps import AppConfig


class AdoptersConfig(AppConfig):
    """Prospective adopter households and their journey from enquiry to adoption order."""

    name = "hearth.adopters"
    label = "adopters"
    verbose_name = "Adopters"
