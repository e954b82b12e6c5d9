"""Reads for the missing page: the episodes with their return home interview clocks, and the
flag for repeated episodes. One query however many episodes.

The clock (``missing.rhi``) is 72 elapsed hours from the child's return, not working days: a
child back at 18:00 on Friday is due an interview by 18:00 on Monday.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from hearth.missing.models import MissingEpisode
from hearth.people.models import Person
from hearth.timescales.clocks import due_date

Outcome = MissingEpisode.Outcome
REPEAT_COUNT = 3
REPEAT_WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class InterviewState:
    label: str
    colour: str  # GOV.UK tag modifier
    due_at: datetime | None
    late: bool = False


def rhi_due_at(episode: MissingEpisode) -> datetime | None:
    return due_date("missing.rhi", episode.ended_at) if episode.ended_at else None


def rhi_state(episode: MissingEpisode, now: datetime) -> InterviewState:
    """Where the return home interview stands: due, overdue, held in time or late, declined."""
    due_at = rhi_due_at(episode)
    if due_at is None:
        return InterviewState("Still missing", "red", None)
    if episode.rhi_held_at:
        if episode.rhi_held_at <= due_at:
            return InterviewState("Held within 72 hours", "green", due_at)
        return InterviewState("Held late", "orange", due_at, late=True)
    if episode.rhi_outcome == Outcome.DECLINED:
        if episode.rhi_offered_at and episode.rhi_offered_at <= due_at:
            return InterviewState("Declined", "grey", due_at)
        return InterviewState("Declined (offered late)", "orange", due_at, late=True)
    if now > due_at:
        return InterviewState("Overdue", "red", due_at, late=True)
    return InterviewState("Due", "blue", due_at)


@dataclass(frozen=True)
class RepeatFlag:
    first: datetime
    last: datetime
    count: int


def repeat_flag(starts: list[datetime]) -> RepeatFlag | None:
    """The latest run of 3 or more episodes starting within 30 days of each other (a common
    trigger for a strategy meeting), or None."""
    ordered = sorted(starts)
    found = None
    for i in range(len(ordered) - REPEAT_COUNT + 1):
        window = [s for s in ordered[i:] if s - ordered[i] <= REPEAT_WINDOW]
        if len(window) >= REPEAT_COUNT:
            found = RepeatFlag(first=window[0], last=window[-1], count=len(window))
    return found


@dataclass
class EpisodeRow:
    episode: MissingEpisode
    interview: InterviewState


@dataclass
class MissingSummary:
    rows: list[EpisodeRow]
    open_episode: MissingEpisode | None
    repeat: RepeatFlag | None


def missing_for_child(child: Person, now: datetime | None = None) -> MissingSummary:
    now = now or timezone.now()
    episodes = list(MissingEpisode.objects.filter(child=child))
    return MissingSummary(
        rows=[EpisodeRow(e, rhi_state(e, now)) for e in episodes],
        open_episode=next((e for e in episodes if e.ended_at is None), None),
        repeat=repeat_flag([e.started_at for e in episodes]),
    )


def missing_episode_for_child(child: Person, episode_id: int) -> MissingEpisode:
    return MissingEpisode.objects.get(child=child, pk=episode_id)


def missing_rows_for_return(child: Person, year_start, year_end) -> list[dict[str, str]]:
    """The child's rows of the SSDA903 Missing table for the collection year: episodes that
    started in the year (MIS_END blank while still missing)."""
    rows = []
    for episode in MissingEpisode.objects.filter(
        child=child, started_at__date__gte=year_start, started_at__date__lte=year_end
    ).order_by("started_at"):
        rows.append(
            {
                "CHILD": child.reference,
                "DOB": f"{child.date_of_birth:%d/%m/%Y}" if child.date_of_birth else "",
                "MISSING": episode.episode_type,
                "MIS_START": f"{timezone.localtime(episode.started_at):%d/%m/%Y}",
                "MIS_END": f"{timezone.localtime(episode.ended_at):%d/%m/%Y}" if episode.ended_at else "",
            }
        )
    return rows
