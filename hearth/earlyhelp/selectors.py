"""Reads of early help episodes."""

from hearth.earlyhelp.models import EarlyHelpEpisode
from hearth.people.models import Person


def episodes_for_child(child: Person) -> list[EarlyHelpEpisode]:
    """The child's early help episodes, newest first, with the lead worker and the referrals
    they came from or went to (one query)."""
    return list(
        EarlyHelpEpisode.objects.filter(child=child)
        .select_related("lead_worker", "stepped_down_from", "stepped_up_to", "stepped_up_via")
        .order_by("-start_date", "-pk")
    )


def open_episode(child: Person) -> EarlyHelpEpisode | None:
    return EarlyHelpEpisode.objects.filter(child=child, end_date__isnull=True).first()
