from django.contrib import admin

from hearth.allocation.models import Allocation
from hearth.frontdoor.admin import ReadOnlyAdmin


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    """Read only: a transfer ends one allocation and starts the next in one service call."""

    list_display = ("pk", "child_id", "team", "worker", "start_date", "end_date")
    list_filter = ("team",)
    list_select_related = ("team", "worker")
