from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hearth.adopters.models import Adopter, AdopterEvent, AdopterHousehold


class AdopterInline(admin.TabularInline):
    model = Adopter
    raw_id_fields = ("person", "created_by")
    extra = 0


@admin.register(AdopterHousehold)
class AdopterHouseholdAdmin(SimpleHistoryAdmin):
    list_display = ("family_identifier", "name", "fostering_for_adoption", "fast_track")
    search_fields = ("name",)
    raw_id_fields = ("created_by",)
    readonly_fields = ("version",)
    inlines = [AdopterInline]


@admin.register(AdopterEvent)
class AdopterEventAdmin(SimpleHistoryAdmin):
    list_display = ("household", "step", "on", "children", "leaving_reason")
    list_filter = ("step",)
    raw_id_fields = ("household", "created_by")
