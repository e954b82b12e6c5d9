from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hearth.assessment.models import Assessment


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    """Read-mostly: assessments are recorded through the child's record, where the rules run."""

    list_display = ("referral", "start_date", "completed_on", "authorised_on", "outcome")
    list_filter = ("outcome",)
    raw_id_fields = ("referral", "authorised_by", "created_by")
    date_hierarchy = "start_date"
