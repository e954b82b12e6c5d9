"""The chronology's registry of sources.

The chronology holds nothing of its own: each source reads one kind of record (contacts,
referrals, conferences, visits, ...) for a set of children and turns it into dated entries.
A source is a function ``(child_ids, start, end) -> list[ChronologyEntry]`` that issues ONE
query, whatever the size of the history, so the whole page costs a fixed number of queries:
one per source asked for. Sources register under a kind, the filter a worker ticks.

A new part of the service adds its events by registering a source in its own module
(imported from ``ChronologyConfig.ready``); nothing here changes.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from datetime import time as Time

from django.urls import NoReverseMatch, reverse
from django.utils import timezone


@dataclass(frozen=True)
class ChronologyEntry:
    date: date
    kind: str
    title: str
    detail: str = ""
    href: str = ""
    time: Time | None = None
    child_id: int | None = None

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)


Source = Callable[[list[int], date | None, date | None], list[ChronologyEntry]]

# The kinds a worker filters by, in the order the filter lists them.
KINDS: dict[str, str] = {
    "front_door": "Contacts and decisions",
    "referral": "Referrals and closures",
    "early_help": "Early help",
    "assessment": "Assessments",
    "cin": "Child in need plans",
    "child_protection": "Child protection",
    "care": "Children in care",
    "visits": "Visits",
    "allocation": "Allocation",
    "family": "Addresses and family",
    "health": "Health, education and UASC",
    "missing": "Missing from care",
    "permanence": "Permanence and leaving care",
}

_SOURCES: list[tuple[str, Source]] = []


def source(kind: str) -> Callable[[Source], Source]:
    """Register a source of chronology entries of ``kind``."""
    if kind not in KINDS:
        raise ValueError(f"Unknown chronology kind {kind!r}")

    def decorator(function: Source) -> Source:
        _SOURCES.append((kind, function))
        return function

    return decorator


def sources_for(kinds: Iterable[str] | None = None) -> list[Source]:
    wanted = set(kinds) if kinds else set(KINDS)
    return [function for kind, function in _SOURCES if kind in wanted]


def chronology_for(
    child_ids: Iterable[int],
    *,
    kinds: Iterable[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[ChronologyEntry]:
    """Every entry for the children from the sources of ``kinds`` (all when not given), oldest
    first. One query per source."""
    ids = list(child_ids)
    ranked: list[tuple[int, ChronologyEntry]] = []
    for rank, function in enumerate(sources_for(kinds)):
        ranked.extend((rank, entry) for entry in function(ids, start, end))
    if start or end:
        ranked = [(rank, entry) for rank, entry in ranked if in_range(entry.date, start, end)]
    # Within a day, events follow the journey's order (the order sources are registered in:
    # contact, referral, allocation, ...), and timed events of one source their times.
    ranked.sort(key=lambda item: (item[1].date, item[0], item[1].time or Time.min))
    return [entry for _, entry in ranked]


# --- helpers for sources --------------------------------------------------------------------


def link(url_name: str, *args) -> str:
    """The address of a page, or "" while the page does not exist (the entry shows unlinked)."""
    try:
        return reverse(url_name, args=args)
    except NoReverseMatch:
        return ""


def on_and_at(moment: datetime) -> tuple[date, Time]:
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return local.date(), local.time().replace(second=0, microsecond=0)


def in_range(day: date | None, start: date | None, end: date | None) -> bool:
    return day is not None and (start is None or day >= start) and (end is None or day <= end)
