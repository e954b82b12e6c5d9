"""UASC statuses in the admin, to read only: the services hold the rules. The model belongs to
the children-in-care app; register it here only if that app has not."""

from django.contrib import admin

from hearth.childrenincare.models import UASCStatus


class UASCStatusAdmin(admin.ModelAdmin):
    list_display = ("pk", "child_id", "status_from", "status_ceased_on", "age_disputed")
    list_filter = ("age_disputed",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


if not admin.site.is_registered(UASCStatus):
    admin.site.register(UASCStatus, UASCStatusAdmin)
