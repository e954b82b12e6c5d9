from django.apps import AppConfig


class LeavingcareConfig(AppConfig):
    """Care leavers to 25: eligibility, personal adviser, pathway plan, staying put, birthday contacts."""

    name = "hearth.leavingcare"
    label = "leavingcare"
    verbose_name = "Leaving care"
