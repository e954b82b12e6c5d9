from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from hearth.accounts.models import User


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("Hearth", {"fields": ("job_title",)}),)
    list_display = ("username", "first_name", "last_name", "job_title", "is_active")
