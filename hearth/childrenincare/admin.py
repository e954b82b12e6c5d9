from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hearth.childrenincare.models import (
    CareReview,
    DeprivationOfLibertyOrder,
    IROAssignment,
    LegalStatus,
    PeriodOfCare,
    Placement,
)

# A child's care is recorded through the Care tab, where the rules run and the timelines stay
# whole; the admin is for looking things up, with the change history alongside. Periods and
# their timelines are read-only here, because a hand edit could open a gap or an overlap.


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class LegalStatusInline(admin.TabularInline):
    model = LegalStatus
    fields = ("legal_status", "start_date", "end_date")
    readonly_fields = fields
    extra = 0
    can_delete = False


class PlacementInline(admin.TabularInline):
    model = Placement
    fields = (
        "placement_type",
        "provider",
        "carer_name",
        "ofsted_urn",
        "start_date",
        "end_date",
        "reason_changed",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False


class LibertyOrderInline(admin.TabularInline):
    model = DeprivationOfLibertyOrder
    fields = ("start_date", "end_date")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(PeriodOfCare)
class PeriodOfCareAdmin(ReadOnlyAdmin):
    list_display = ("child", "start_date", "end_date", "category_of_need", "reason_ceased")
    list_filter = ("reason_ceased", "category_of_need")
    raw_id_fields = ("child", "created_by")
    inlines = [LegalStatusInline, PlacementInline, LibertyOrderInline]


@admin.register(CareReview)
class CareReviewAdmin(ReadOnlyAdmin):
    list_display = ("period", "review_date", "chair", "participation")
    raw_id_fields = ("period", "chair", "created_by")


@admin.register(IROAssignment)
class IROAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("period", "iro", "start_date", "end_date")
    raw_id_fields = ("period", "iro", "created_by")
