"""Health events in the admin, to read only: the services hold the OC2 rules."""

from django.contrib import admin

from hearth.health.models import HealthEvent


@admin.register(HealthEvent)
class HealthEventAdmin(admin.ModelAdmin):
    list_display = ("pk", "child_id", "kind", "event_date", "sdq_score", "sdq_reason")
    list_filter = ("kind",)
    date_hierarchy = "event_date"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
