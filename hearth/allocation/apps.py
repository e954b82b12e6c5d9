from django.apps import AppConfig


class AllocationConfig(AppConfig):
    """Which team and worker hold a child's case, with the history of transfers."""

    name = "hearth.allocation"
    label = "allocation"
    verbose_name = "Allocation"

    def ready(self) -> None:
        # The organisation app's team pages show caseloads counted here.
        from hearth.allocation.selectors import staff_caseloads
        from hearth.organisation.selectors import caseload_counter_register

        caseload_counter_register(staff_caseloads)
