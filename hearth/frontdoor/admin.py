"""Contacts in the admin, to read only: every change goes through the front door's services,
which hold the rules (sign-off by managers, the clocks), so the admin cannot go around them."""

from django.contrib import admin

from hearth.frontdoor.models import AgencyCheck, Contact


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ("pk", "received_at", "source", "out_of_hours", "rag", "decision", "signed_off_at")
    list_filter = ("decision", "out_of_hours", "rag")
    date_hierarchy = "received_at"


@admin.register(AgencyCheck)
class AgencyCheckAdmin(ReadOnlyAdmin):
    list_display = ("contact_id", "agency", "requested_on", "responded_on")
    list_filter = ("agency",)
