from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hearth.preproceedings.models import PreProceedings, PreProceedingsReviewMeeting

# Recorded through the child's Pre-proceedings tab, where the order of the steps is checked;
# the admin is for looking things up with their history.


class ReviewMeetingInline(admin.TabularInline):
    model = PreProceedingsReviewMeeting
    fields = ("held_on",)
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(PreProceedings)
class PreProceedingsAdmin(SimpleHistoryAdmin):
    list_display = ("referral", "decided_on", "step_decision_on", "outcome")
    raw_id_fields = ("referral", "created_by")
    inlines = [ReviewMeetingInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
