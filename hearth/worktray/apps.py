from django.apps import AppConfig


class WorktrayConfig(AppConfig):
    """Each worker's home page: what is due and overdue on their cases and their team's."""

    name = "hearth.worktray"
    label = "worktray"
    verbose_name = "Worktray"
