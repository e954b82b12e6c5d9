"""The chronology's registry of sources.

The chronology holds nothing of its own: each source reads one kind of record (contacts,
referrals, conferences, visits, ...) for a set of children and turns it into dated entries.
A source is a function ``(child_ids, start, end) -> list[ChronologyEntry]`` that issues ONE
query, whatever the size of the history, so the page's queries never grow with the history.
Sources register under a kind, the filter a worker ticks.

A source also says which table it reads and the path from there to the child (``reads``).
Most children have nothing in most tables (a child who never came into care has no placements,
no pathway plan, ...), so before running many sources the page asks in ONE query which of
those tables hold anything for the children, and skips the sources of empty tables. The count
is then at most one more than the sources asked for, and still never grows with the history.

A new part of the service adds its events by registering a source in its own module
(imported from ``ChronologyConfig.ready``); nothing here changes.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from datetime import time as Time
from functools import lru_cache

from django.conf import settings
from django.db import connection
from django.db.models import Model, Q
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
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

# What a source reads: a model and the path (or paths, any of which may match) from it to the
# child, e.g. (Conference, "referral__child") or (Relationship, "person", "relative").
Reads = tuple


@dataclass(frozen=True)
class _Registered:
    kind: str
    function: Source
    reads: Reads | None


_SOURCES: list[_Registered] = []

# Below this many tables to look in, running the sources is cheaper than asking first.
ASK_FIRST_FROM = 4


def source(kind: str, *, reads: Reads | None = None) -> Callable[[Source], Source]:
    """Register a source of chronology entries of ``kind``. ``reads`` names the table the
    source's query reads and the path to the child: the source is skipped when that table holds
    no row for the children. Without it the source always runs."""
    if kind not in KINDS:
        raise ValueError(f"Unknown chronology kind {kind!r}")
    if reads is not None and not (
        len(reads) >= 2 and isinstance(reads[0], type) and issubclass(reads[0], Model)
    ):
        raise ValueError(f"reads must be (Model, path, ...), not {reads!r}")

    def decorator(function: Source) -> Source:
        _SOURCES.append(_Registered(kind, function, tuple(reads) if reads else None))
        return function

    return decorator


def _registered_for(kinds: Iterable[str] | None) -> list[_Registered]:
    wanted = set(kinds) if kinds else set(KINDS)
    return [registered for registered in _SOURCES if registered.kind in wanted]


def sources_for(kinds: Iterable[str] | None = None) -> list[Source]:
    return [registered.function for registered in _registered_for(kinds)]


def chronology_for(
    child_ids: Iterable[int],
    *,
    kinds: Iterable[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[ChronologyEntry]:
    """Every entry for the children from the sources of ``kinds`` (all when not given), oldest
    first. At most one query per source, plus one asking which tables hold anything."""
    ids = list(child_ids)
    registered = _registered_for(kinds)
    holding = _tables_holding([r.reads for r in registered if r.reads], ids)
    ranked: list[tuple[int, ChronologyEntry]] = []
    # The rank counts every source asked for, run or skipped, so the order never depends on
    # which tables happened to be empty.
    for rank, entry_source in enumerate(registered):
        if holding is not None and entry_source.reads and entry_source.reads not in holding:
            continue
        ranked.extend((rank, entry) for entry in entry_source.function(ids, start, end))
    if start or end:
        ranked = [(rank, entry) for rank, entry in ranked if in_range(entry.date, start, end)]
    # Within a day, events follow the journey's order (the order sources are registered in:
    # contact, referral, allocation, ...), and timed events of one source their times.
    ranked.sort(key=lambda item: (item[1].date, item[0], item[1].time or Time.min))
    return [entry for _, entry in ranked]


def _tables_holding(tables: list[Reads], child_ids: list[int]) -> set[Reads] | None:
    """Which of ``tables`` hold a row for any of the children, in one query of EXISTS tests on
    indexed foreign keys; None when there are too few tables for the question to pay."""
    tables = list(dict.fromkeys(tables))
    ids = sorted(set(child_ids))
    if len(tables) < ASK_FIRST_FROM or not ids:
        return None
    sql, slots = _holding_sql(tuple(tables), len(ids), connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [ids[slot] for slot in slots])
        row = cursor.fetchone()
    return {table for table, holds in zip(tables, row, strict=True) if holds}


@lru_cache(maxsize=64)
def _holding_sql(tables: tuple[Reads, ...], count: int, vendor: str) -> tuple[str, tuple[int, ...]]:
    """The question as SQL, compiled by the ORM once per process, shape and database vendor
    (compiling it is what costs, not running it). Returns the SQL and, for each parameter, which
    child id it is: the ids are compiled as stand-ins -1, -2, ... and put back on each run."""
    stand_ins = [-(i + 1) for i in range(count)]
    parts: list[str] = []
    slots: list[int] = []
    for model, *paths in tables:
        condition = Q()
        for path in paths:
            condition |= Q(**{f"{path}__in": stand_ins})
        query = model._default_manager.filter(condition).order_by().values("pk")[:1].query
        sql, params = query.get_compiler(connection=connection).as_sql()
        if any(param not in stand_ins for param in params):
            raise ValueError(f"Unexpected parameters {params!r} in {sql}")
        parts.append(f"EXISTS ({sql})")
        slots.extend(-param - 1 for param in params)
    return "SELECT " + ", ".join(parts), tuple(slots)


# --- helpers for sources --------------------------------------------------------------------


def link(url_name: str, *args) -> str:
    """The address of a page, or "" while the page does not exist (the entry shows unlinked)."""
    # A long chronology links to the same few pages hundreds of times; reversing is the cost.
    return _link(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), url_name, args)


@lru_cache(maxsize=4096)
def _link(urlconf, prefix: str, url_name: str, args: tuple) -> str:
    try:
        return reverse(url_name, args=args, urlconf=urlconf)
    except NoReverseMatch:
        return ""


def on_and_at(moment: datetime) -> tuple[date, Time]:
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return local.date(), local.time().replace(second=0, microsecond=0)


def in_range(day: date | None, start: date | None, end: date | None) -> bool:
    return day is not None and (start is None or day >= start) and (end is None or day <= end)
