from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hearth.childprotection.models import (
    ChildProtectionPlan,
    Conference,
    CoreGroup,
    Section47,
    StrategyDiscussion,
)

# Child protection is recorded through the child's record, where the rules run; the admin is
# for looking things up and for the rare correction, with the change history alongside.


@admin.register(StrategyDiscussion)
class StrategyDiscussionAdmin(SimpleHistoryAdmin):
    list_display = ("referral", "held_on", "section_47_initiated")
    raw_id_fields = ("referral", "created_by")


@admin.register(Section47)
class Section47Admin(SimpleHistoryAdmin):
    list_display = ("referral", "start_date", "completed_on", "outcome")
    raw_id_fields = ("referral", "strategy_discussion", "created_by")


@admin.register(Conference)
class ConferenceAdmin(SimpleHistoryAdmin):
    list_display = ("referral", "kind", "held_on", "chair", "outcome", "category")
    list_filter = ("kind", "outcome")
    raw_id_fields = ("referral", "section_47", "plan", "chair", "created_by")


@admin.register(ChildProtectionPlan)
class ChildProtectionPlanAdmin(SimpleHistoryAdmin):
    list_display = ("referral", "start_date", "end_date", "latest_category")
    raw_id_fields = ("referral", "initial_conference", "created_by")


@admin.register(CoreGroup)
class CoreGroupAdmin(SimpleHistoryAdmin):
    list_display = ("plan", "held_on")
    raw_id_fields = ("plan", "created_by")
