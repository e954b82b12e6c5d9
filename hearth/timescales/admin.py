from django.contrib import admin

from hearth.timescales import clocks
from hearth.timescales.models import Force, Timescale


@admin.register(Timescale)
class TimescaleAdmin(admin.ModelAdmin):
    list_display = ("key", "name", "amount", "unit", "force", "local_amount")
    list_filter = ("force", "unit")
    readonly_fields = ("key", "name", "anchor", "amount", "unit", "repeats", "force", "source")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # Only a local-procedure clock takes a local figure; the law is not configurable.
        if obj is not None and obj.force != Force.LOCAL_PROCEDURE:
            return (*self.readonly_fields, "local_amount")
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        clocks.clear_cache()
