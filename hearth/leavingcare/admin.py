from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hearth.leavingcare import models


@admin.register(models.EligibilityDecision)
class EligibilityDecisionAdmin(SimpleHistoryAdmin):
    list_display = ("young_person", "category", "decided_on", "suggested")
    raw_id_fields = ("young_person", "created_by")


@admin.register(models.PersonalAdviser)
class PersonalAdviserAdmin(SimpleHistoryAdmin):
    list_display = ("young_person", "adviser", "start_date", "end_date")
    raw_id_fields = ("young_person", "adviser", "created_by")


@admin.register(models.BirthdayContact)
class BirthdayContactAdmin(SimpleHistoryAdmin):
    list_display = ("young_person", "age", "contact_date", "in_touch", "activity", "accommodation")
    raw_id_fields = ("young_person", "created_by")


for model in (
    models.NeedsAssessment,
    models.PathwayPlan,
    models.PathwayPlanReview,
    models.StayingPut,
    models.SupportRequest,
):
    admin.site.register(model, SimpleHistoryAdmin)
