from django.apps import AppConfig


class WorktrayConfig(AppConfig):
    """Each worker's home page: what is due and overdue on their cases and their team's."""

    name = "hearth.worktray"
    label = "worktray"
    verbose_name = "Worktray"

    def ready(self) -> None:
        # Providers that live outside providers.py register themselves when imported.
        from hearth.worktray import care_providers, health_providers, permanence_providers  # noqa: F401
        from hearth.worktray.due_work import due_work_connect

        due_work_connect()
