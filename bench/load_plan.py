"""The pure parts of the load test (bench/load.py): who does what, how often, and the arithmetic.

Kept apart from the Locust file, which monkey-patches the standard library with gevent when
imported, so the tests can import this module safely. Nothing here touches the network.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

# --- the mix ----------------------------------------------------------------------------------

# What each page needs from the simulated worker's plan entry to build its URL.
CHILD, CONTACT, TEAM, SEARCH = "children", "contacts", "teams", "searches"


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # with {id} for the subject, if any
    needs: str | None = None


PAGES: dict[str, Page] = {
    p.name: p
    for p in [
        Page("worktray", "/"),
        Page("child record summary", "/people/{id}/", CHILD),
        Page("chronology", "/children/{id}/chronology/", CHILD),
        Page("case notes list", "/children/{id}/notes/", CHILD),
        Page("case-note form (GET)", "/children/{id}/notes/new/", CHILD),
        Page("person search", "/people/search/?{query}", SEARCH),
        Page("front-door queue", "/front-door/"),
        Page("contact", "/front-door/contacts/{id}/", CONTACT),
        Page("new contact form (GET)", "/front-door/contacts/new/"),
        Page("team caseload", "/teams/{id}/caseload/", TEAM),
        Page("team page", "/organisation/teams/{id}/", TEAM),
    ]
}
# The floor: a trivial public page under the same server (one SELECT 1), asked once a second.
FLOOR = Page("floor: /health/", "/health/")
STATIC = "static file (first visit)"


@dataclass(frozen=True)
class Persona:
    name: str
    think_seconds: tuple[float, float]  # uniform wait between one page and the next
    weights: dict[str, int]  # page name -> relative frequency (each persona's sum to 100)

    @property
    def mean_think(self) -> float:
        return sum(self.think_seconds) / 2


PERSONAS: dict[str, Persona] = {
    p.name: p
    for p in [
        # Case-holding workers (social workers, IROs, fostering, placements, LADO, YOT...): their
        # own children's records all day, reading more than writing, 10-30 s on each page.
        Persona(
            "social worker",
            (10, 30),
            {
                "worktray": 20,
                "child record summary": 25,
                "chronology": 15,
                "case notes list": 12,
                "case-note form (GET)": 8,
                "person search": 15,
                "team page": 5,
            },
        ),
        # The front door (MASH) triages contacts: mostly the queue, searches and contacts, and
        # turns pages faster, 8-20 s.
        Persona(
            "front door",
            (8, 20),
            {
                "front-door queue": 25,
                "person search": 30,
                "contact": 20,
                "new contact form (GET)": 10,
                "child record summary": 10,
                "worktray": 5,
            },
        ),
        # Team managers: the team's worktray and caseload, signing off contacts, dipping into records.
        Persona(
            "team manager",
            (10, 30),
            {
                "worktray": 25,
                "team caseload": 20,
                "team page": 10,
                "child record summary": 15,
                "chronology": 15,
                "person search": 10,
                "contact": 5,
            },
        ),
    ]
}


# Each worker's first page waits up to their longest think time (bench/locustfile.py).
FIRST_PAUSE_MAX = max(p.think_seconds[1] for p in PERSONAS.values())


def persona_for_roles(roles: set[str] | frozenset[str]) -> str:
    """A user with several roles works as the most specific of them."""
    if "team_manager" in roles:
        return "team manager"
    if "front_door" in roles:
        return "front door"
    return "social worker"


def page_url(page: Page, entry: dict, rng: random.Random) -> str | None:
    """The URL of one page for one simulated worker, or None if they have nothing to open there."""
    if page.needs is None:
        return page.path
    subjects = entry.get(page.needs) or []
    if not subjects:
        return None
    subject = rng.choice(subjects)
    if page.needs == SEARCH:
        return page.path.format(query=urlencode(subject))
    return page.path.format(id=subject)


def choose_request(entry: dict, rng: random.Random) -> tuple[str, str]:
    """A weighted pick of the next page for this worker, among the pages they can open."""
    persona = PERSONAS[entry["persona"]]
    names = list(persona.weights)
    weights = list(persona.weights.values())
    while names:
        name = rng.choices(names, weights)[0]
        url = page_url(PAGES[name], entry, rng)
        if url is not None:
            return name, url
        at = names.index(name)
        del names[at], weights[at]
    return "worktray", PAGES["worktray"].path


def search_query(person: dict, kind: str) -> dict[str, str]:
    """The Find a person form's GET parameters for a search a worker would type."""
    if kind == "name":
        return {"name": f"{person['first_name']} {person['last_name']}"}
    if kind == "name and year of birth" and person.get("year"):
        return {
            "name": f"{person['last_name']} {person['first_name']}",
            "date_of_birth_2": str(person["year"]),
        }
    if kind == "NHS number" and person.get("nhs_number"):
        return {"identifier": person["nhs_number"]}
    return {"identifier": f"{person['pk']:07d}"}  # the Hearth ID


SEARCH_KINDS = {"name": 50, "name and year of birth": 25, "NHS number": 15, "Hearth ID": 10}


def expected_rate(persona_counts: dict[str, int], mean_response_s: float = 0.0) -> float:
    """Requests a second in the steady state: each worker asks one page per think-and-wait cycle."""
    return sum(
        count / (PERSONAS[name].mean_think + mean_response_s) for name, count in persona_counts.items()
    )


# --- the report -------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: the smallest value with at least p% of the values at or below it."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class PageStats:
    name: str
    requests: int
    per_second: float
    p50: float
    p95: float
    p99: float
    p99_whole_run: float
    errors: int
    error_kinds: dict[str, int]


def parse_results(lines) -> list[tuple[float, str, float, bool, str]]:
    """Rows written by the Locust file: start time, page, milliseconds, ok (1/0), status."""
    rows = []
    for line in lines:
        line = line.rstrip("\n")
        if not line:
            continue
        started, name, millis, ok, status = line.split("\t")
        rows.append((float(started), name, float(millis), ok == "1", status))
    return rows


def summarise(rows, steady_from: float, steady_to: float) -> list[PageStats]:
    """Per page and overall: throughput and latency over the steady window, errors over the whole run.

    The steady window leaves out the ramp-up, when each gunicorn worker meets its first
    requests (templates compiled, connections opened) while staff are still arriving; the
    p99 over the whole run is kept beside it. The overall row covers the workers' pages only:
    static files (one visit each) and the floor have rows of their own.
    """
    window = max(steady_to - steady_from, 1e-9)
    by_page: dict[str, list] = defaultdict(list)
    for row in rows:
        by_page[row[1]].append(row)
    order = [n for n in PAGES if n in by_page] + sorted(n for n in by_page if n not in PAGES)
    stats = [_stats(name, by_page[name], steady_from, steady_to, window) for name in order]
    workers = [row for row in rows if row[1] in PAGES]
    stats.append(_stats(ALL_PAGES, workers, steady_from, steady_to, window))
    return stats


ALL_PAGES = "all worker pages"


def _stats(name, rows, steady_from, steady_to, window) -> PageStats:
    steady = [row[2] for row in rows if steady_from <= row[0] < steady_to]
    kinds: dict[str, int] = defaultdict(int)
    for row in rows:
        if not row[3]:
            kinds[row[4]] += 1
    return PageStats(
        name=name,
        requests=len(rows),
        per_second=len(steady) / window,
        p50=percentile(steady, 50),
        p95=percentile(steady, 95),
        p99=percentile(steady, 99),
        p99_whole_run=percentile([row[2] for row in rows], 99),
        errors=sum(kinds.values()),
        error_kinds=dict(kinds),
    )


def markdown_table(stats: list[PageStats]) -> str:
    lines = [
        "| page | requests | req/s | p50 ms | p95 ms | p99 ms | p99 ms, ramp included | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for s in stats:
        errors = str(s.errors)
        if s.errors:
            errors += " (" + ", ".join(f"{k} ×{v}" for k, v in sorted(s.error_kinds.items())) + ")"
        bold = "**" if s.name == ALL_PAGES else ""
        lines.append(
            f"| {bold}{s.name}{bold} | {s.requests:,} | {s.per_second:.1f} | {_ms(s.p50)} | {_ms(s.p95)} | "
            f"{_ms(s.p99)} | {_ms(s.p99_whole_run)} | {errors} |"
        )
    return "\n".join(lines)


def _ms(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.0f}"


# --- sessions ---------------------------------------------------------------------------------


def session_for(user) -> str:
    """A signed-in session for ``user``, made on the server as a sign-in would make it.

    The same three keys ``django.contrib.auth.login`` stores: the user, the backend that
    authenticated them and the hash that ends the session if the password changes. No password
    is hashed and django-axes sees no sign-in, so the run measures the pages, not PBKDF2.
    """
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key
