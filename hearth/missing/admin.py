"""Missing episodes in the admin, to read only: the services hold the rules."""

from django.contrib import admin

from hearth.missing.models import MissingEpisode


@admin.register(MissingEpisode)
class MissingEpisodeAdmin(admin.ModelAdmin):
    list_display = ("pk", "child_id", "episode_type", "started_at", "ended_at", "rhi_outcome", "rhi_held_at")
    list_filter = ("episode_type", "rhi_outcome", "reported_to_police")
    date_hierarchy = "started_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
