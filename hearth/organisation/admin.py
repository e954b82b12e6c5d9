"""Administrators keep the register, areas, teams and staff up to date here."""

from django.contrib import admin

from hearth.organisation.models import Area, Service, ServiceScopeChange, StaffMember, Team


class ServiceScopeChangeInline(admin.TabularInline):
    model = ServiceScopeChange
    extra = 0
    ordering = ["-effective_from"]
    fields = (
        "effective_from",
        "status",
        "delivery",
        "agreement_party",
        "agreement_detail",
        "reason",
        "source",
    )


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code", "description")
    prepopulated_fields = {"code": ("name",)}
    inlines = [ServiceScopeChangeInline]


@admin.register(ServiceScopeChange)
class ServiceScopeChangeAdmin(admin.ModelAdmin):
    list_display = ("service", "effective_from", "status", "delivery", "agreement_party", "source")
    list_filter = ("status", "delivery", "effective_from")
    search_fields = ("service__name", "reason", "source")
    list_select_related = ("service",)
    date_hierarchy = "effective_from"


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "team_type", "area", "service", "manager")
    list_filter = ("team_type", "area")
    search_fields = ("name",)
    list_select_related = ("area", "service", "manager")
    autocomplete_fields = ("service", "manager")


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "role_label", "team", "fte", "employment_type", "user")
    list_filter = ("employment_type", "transfer_arrangement", "team__area", "team")
    search_fields = ("first_name", "last_name", "role_label", "registration_number", "user__username")
    list_select_related = ("team", "user")
    autocomplete_fields = ("user", "team", "line_manager")
