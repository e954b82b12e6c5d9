"""Chronology sources for children in care: health events, PEP meetings, missing episodes and
UASC status. One query each, for all the children asked for (imported from
``ChronologyConfig.ready``)."""

from hearth.childrenincare.models import UASCStatus
from hearth.chronology.registry import ChronologyEntry, link, on_and_at, source
from hearth.education.models import PersonalEducationPlan
from hearth.health.models import HealthEvent
from hearth.missing.models import MissingEpisode


def _dated(field: str, start, end) -> dict:
    filters = {}
    if start:
        filters[f"{field}__gte"] = start
    if end:
        filters[f"{field}__lte"] = end
    return filters


@source("health", reads=(HealthEvent, "child"))
def health_events(child_ids, start, end):
    rows = HealthEvent.objects.filter(child_id__in=child_ids, **_dated("event_date", start, end))
    entries = []
    for event in rows:
        detail = event.carried_out_by
        if event.kind == HealthEvent.Kind.SDQ:
            detail = (
                f"Score {event.sdq_score}"
                if event.sdq_score is not None
                else f"No score ({event.sdq_reason})"
            )
        entries.append(
            ChronologyEntry(
                event.event_date,
                "health",
                event.get_kind_display(),
                detail,
                link("health:overview", event.child_id),
                None,
                event.child_id,
            )
        )
    return entries


@source("health", reads=(PersonalEducationPlan, "child"))
def education_plans(child_ids, start, end):
    rows = PersonalEducationPlan.objects.filter(child_id__in=child_ids, **_dated("meeting_date", start, end))
    return [
        ChronologyEntry(
            plan.meeting_date,
            "health",
            plan.get_kind_display(),
            plan.school_name,
            link("education:plans", plan.child_id),
            None,
            plan.child_id,
        )
        for plan in rows
    ]


@source("missing", reads=(MissingEpisode, "child"))
def missing_episodes(child_ids, start, end):
    rows = MissingEpisode.objects.filter(child_id__in=child_ids)
    if end:
        rows = rows.filter(started_at__date__lte=end)
    entries = []
    for episode in rows:
        href = link("missing:episodes", episode.child_id)
        day, at = on_and_at(episode.started_at)
        what = "Missing" if episode.episode_type == "M" else "Away from placement without authorisation"
        police = "Reported to the police" if episode.reported_to_police else ""
        entries.append(ChronologyEntry(day, "missing", what, police, href, at, episode.child_id))
        if episode.ended_at:
            day, at = on_and_at(episode.ended_at)
            entries.append(ChronologyEntry(day, "missing", "Returned", "", href, at, episode.child_id))
        if episode.rhi_held_at:
            day, at = on_and_at(episode.rhi_held_at)
            entries.append(
                ChronologyEntry(
                    day,
                    "missing",
                    "Return home interview held",
                    f"By {episode.rhi_held_by}",
                    href,
                    at,
                    episode.child_id,
                )
            )
        elif episode.rhi_outcome == MissingEpisode.Outcome.DECLINED and episode.rhi_offered_at:
            day, at = on_and_at(episode.rhi_offered_at)
            entries.append(
                ChronologyEntry(
                    day, "missing", "Return home interview declined", "", href, at, episode.child_id
                )
            )
    return entries


@source("health", reads=(UASCStatus, "child"))
def uasc_statuses(child_ids, start, end):
    entries = []
    for status in UASCStatus.objects.filter(child_id__in=child_ids):
        href = link("uasc:status", status.child_id)
        entries.append(
            ChronologyEntry(
                status.status_from,
                "health",
                "Unaccompanied asylum-seeking child",
                "",
                href,
                None,
                status.child_id,
            )
        )
        if status.status_ceased_on:
            entries.append(
                ChronologyEntry(
                    status.status_ceased_on, "health", "UASC status ceased", "", href, None, status.child_id
                )
            )
    return entries
