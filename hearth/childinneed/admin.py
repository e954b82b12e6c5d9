"""Referrals and CIN plans in the admin, to read only: the services hold the census rules."""

from django.contrib import admin

from hearth.childinneed.models import CINPlan, Referral
from hearth.frontdoor.admin import ReadOnlyAdmin


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = (
        "pk",
        "child_id",
        "referral_date",
        "source",
        "primary_need",
        "closure_date",
        "closure_reason",
    )
    list_filter = ("source", "closure_reason", "no_further_action")
    date_hierarchy = "referral_date"


@admin.register(CINPlan)
class CINPlanAdmin(ReadOnlyAdmin):
    list_display = ("pk", "referral_id", "start_date", "end_date")
