from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hearth.permanence.models import Adoption, PermanenceOutcome, PermanencePlan, PreviousPermanence


@admin.register(Adoption)
class AdoptionAdmin(SimpleHistoryAdmin):
    list_display = (
        "child",
        "should_be_placed_on",
        "placement_order_on",
        "matched_on",
        "placed_on",
        "adoption_order_on",
        "reversed_on",
    )
    raw_id_fields = ("child", "period", "placement", "created_by")
    readonly_fields = ("version",)


@admin.register(PermanencePlan)
class PermanencePlanAdmin(SimpleHistoryAdmin):
    list_display = ("child", "plan_type", "agreed_on", "ended_on")
    raw_id_fields = ("child", "ratified_at", "created_by")


@admin.register(PermanenceOutcome)
class PermanenceOutcomeAdmin(SimpleHistoryAdmin):
    list_display = ("child", "kind", "made_on", "reason_ceased")
    raw_id_fields = ("child", "period", "created_by")


@admin.register(PreviousPermanence)
class PreviousPermanenceAdmin(SimpleHistoryAdmin):
    list_display = ("period", "previous_permanence", "authority", "order_date")
    raw_id_fields = ("period", "created_by")
