"""The person record in Django's admin: for administrators to look, never to change.

Every change to a person goes through hearth.people.services (validation, version check,
attributed history); an admin form would go around all of that, so these pages are read-only.
Opening a person here is not written to the access log, so the admin shows no more than the
identifiers needed to find a record.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hearth.people.models import Address, Person, PersonName, Relationship


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("reference", "display_name", "person_type", "date_of_birth", "is_restricted", "version")
    list_filter = ("person_type", "is_restricted")
    search_fields = ("=id", "last_name", "nhs_number", "upn")
    list_select_related = True
    show_full_result_count = False


@admin.register(Address)
class AddressAdmin(ReadOnlyAdmin):
    list_display = ("person", "line_1", "postcode", "start_date", "end_date")
    list_select_related = ("person",)
    raw_id_fields = ("person",)


@admin.register(PersonName)
class PersonNameAdmin(ReadOnlyAdmin):
    list_display = ("person", "kind", "first_name", "last_name")
    list_select_related = ("person",)
    raw_id_fields = ("person",)


@admin.register(Relationship)
class RelationshipAdmin(ReadOnlyAdmin):
    list_display = ("person", "kind", "relative", "start_date", "end_date")
    list_select_related = ("person", "relative")
    raw_id_fields = ("person", "relative")
