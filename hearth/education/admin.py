"""PEPs in the admin, to read only: the services hold the rules."""

from django.contrib import admin

from hearth.education.models import PersonalEducationPlan


@admin.register(PersonalEducationPlan)
class PersonalEducationPlanAdmin(admin.ModelAdmin):
    list_display = ("pk", "child_id", "kind", "meeting_date", "school_name", "school_urn")
    list_filter = ("kind",)
    date_hierarchy = "meeting_date"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
