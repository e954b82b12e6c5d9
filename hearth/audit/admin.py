from django.contrib import admin

from hearth.audit.models import AccessLogEntry, RestrictedAccessOverride


class ReadOnlyAdmin(admin.ModelAdmin):
    """Administrators may search and read these trails in the admin, never add, change or delete."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    list_display = ("viewed_at", "user", "person_id", "page", "override_reason")
    list_filter = ("viewed_at",)
    search_fields = ("user__username", "person__id", "page", "path")
    list_select_related = ("user",)
    date_hierarchy = "viewed_at"


@admin.register(RestrictedAccessOverride)
class RestrictedAccessOverrideAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "person_id", "reviewed_by", "reviewed_at")
    list_filter = ("reviewed_at",)
    list_select_related = ("user", "reviewed_by")
