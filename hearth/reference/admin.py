from django.contrib import admin

from hearth.reference.models import Code, CodeList


@admin.register(CodeList)
class CodeListAdmin(admin.ModelAdmin):
    list_display = ("name", "title")


@admin.register(Code)
class CodeAdmin(admin.ModelAdmin):
    list_display = ("code_list", "code", "label", "valid_from", "valid_to")
    list_filter = ("code_list",)
