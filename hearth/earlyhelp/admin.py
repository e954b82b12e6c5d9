from django.contrib import admin

from hearth.earlyhelp.models import EarlyHelpEpisode
from hearth.frontdoor.admin import ReadOnlyAdmin


@admin.register(EarlyHelpEpisode)
class EarlyHelpEpisodeAdmin(ReadOnlyAdmin):
    """Read only: step up and step down are single actions in the services."""

    list_display = ("pk", "child_id", "start_date", "end_date", "outcome")
    list_filter = ("outcome",)
