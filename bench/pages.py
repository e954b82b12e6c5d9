"""How fast are the pages a worker opens all day, on a demo authority of any size?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hearth_bench_pages .venv/bin/python bench/pages.py
    .venv/bin/python bench/pages.py            # SQLite: the demo in var/hearth.sqlite3 (make demo)

Reads an EXISTING demo database (``manage.py generate_demo_authority``) and times, through the
whole Django stack in this process (``django.test.Client``: WSGI handler, every middleware,
a signed-in session saved on each request, templates rendered; DEBUG off, HTTPS as behind the
proxy), the worktray of the busiest worker, the worktray and team caseload of the manager of
the biggest team, the record summary and chronology of the child with the longest history,
the new-contact form, and Find a person as htmx asks for it (by name, date of birth, NHS
number). For each: median and p95 over --requests after --warm-up, the SQL queries of one
request, the page's own SELECTs replayed as raw SQL, and a floor measured in the same run (a
signed-in empty page through the same middleware and session). Prints a Markdown table and
appends it to docs/performance.md (--no-append to only print).

The subjects are picked from the data with aggregate queries on indexed columns (0.9 s on the
small demo; nothing is loaded whole into Python). The run writes what use writes: a session
(deleted at the end) and an access-log entry for every record page viewed.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import secrets
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DAILY_TARGET_MS = 50
SEARCH_TARGET_MS = 20
# Children short-listed from each big table of events before their chronologies are counted.
SHORTLIST_PER_TABLE = 5
SEARCH_PEOPLE = 20
# A full scan of a table this big is reported; below it a scan is often the planner's best choice.
BIG_TABLE = 10_000
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def production_environment() -> None:
    """Production's settings module with DEBUG off, as gunicorn would run it."""
    os.environ["HEARTH_DEBUG"] = "0"
    os.environ.setdefault("HEARTH_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["HEARTH_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    # As config.wsgi does once the application has loaded.
    from hearth.heap import settle

    settle()


class BenchURLs:
    """Hearth's URLs plus the floor page, used for this run only."""

    @classmethod
    def patterns(cls):
        from django.http import HttpResponse
        from django.urls import path

        from config.urls import urlpatterns
        from hearth.accounts.permissions import requires_role
        from hearth.accounts.roles import ALL_ROLES

        # The cheapest signed-in page: the role check every page makes, and nothing else.
        floor = requires_role(ALL_ROLES)(lambda request: HttpResponse("ok"))
        return [path("bench/floor/", floor), *urlpatterns]


def refuse_unmigrated() -> None:
    """A bench of old tables measures nothing useful; the lead migrates, not the bench."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        sys.exit("The database has migrations to apply: run manage.py migrate first")


def ensure_statistics() -> str:
    """Plans are only as good as the planner's statistics. Production's autovacuum keeps them;
    a freshly generated demo on a server with autovacuum off has none, and PostgreSQL then
    guesses a few rows per table. Analyse only when none were ever gathered."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_stat_user_tables WHERE n_live_tup > 0 "
                "AND last_analyze IS NULL AND last_autoanalyze IS NULL"
            )
            missing = cursor.fetchone()[0]
        else:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            missing = 0 if cursor.fetchone()[0] else 1
        if not missing:
            return "as found"
        started = time.perf_counter()
        cursor.execute("ANALYZE")
        return f"none found, so ANALYZE was run first ({time.perf_counter() - started:.1f} s)"


# --- picking the subjects --------------------------------------------------------------------


@dataclass
class Page:
    label: str
    subject: str
    user: object
    urls: list[str]
    target: int
    headers: dict = field(default_factory=dict)
    timings: list[float] = field(default_factory=list)
    floors: list[float] = field(default_factory=list)
    queries: int = 0
    sql_ms: float = 0.0
    scans: set = field(default_factory=set)


def with_role(role: str):
    from hearth.accounts.models import User

    return User.objects.filter(is_active=True, groups__name=role).order_by("pk").first()


def busiest_worker():
    """The active worker with the most open allocations (one GROUP BY on the allocation index)."""
    from django.db.models import Count

    from hearth.accounts.models import User
    from hearth.allocation.models import Allocation

    row = (
        Allocation.objects.filter(end_date__isnull=True, worker__is_active=True)
        .values("worker")
        .annotate(cases=Count("id"))
        .order_by("-cases", "worker")
        .first()
    )
    if row is None:
        sys.exit("No open allocation: is this a demo database? (manage.py generate_demo_authority)")
    return User.objects.get(pk=row["worker"]), row["cases"]


def biggest_team_manager():
    """The team with the most open cases whose manager signs in as a team manager."""
    from django.db.models import Count

    from hearth.accounts.models import User
    from hearth.accounts.roles import Role
    from hearth.allocation.models import Allocation
    from hearth.organisation.models import Team

    managers = User.objects.filter(is_active=True, groups__name=Role.TEAM_MANAGER)
    row = (
        Allocation.objects.filter(end_date__isnull=True, team__manager__user__in=managers)
        .values("team")
        .annotate(cases=Count("id"))
        .order_by("-cases", "team")
        .first()
    )
    if row is None:
        sys.exit("No team with open cases has a team manager who signs in")
    team = Team.objects.select_related("manager__user").get(pk=row["team"])
    return team, team.manager.user, row["cases"]


def longest_history_child():
    """The child with the longest chronology: the top few children of each big table of events
    by an aggregate query, then their chronologies counted exactly."""
    from django.db.models import Count

    from hearth.allocation.models import Allocation
    from hearth.casenotes.models import CaseNote
    from hearth.chronology.registry import chronology_for
    from hearth.frontdoor.models import ContactPerson
    from hearth.health.models import HealthEvent
    from hearth.people.models import Person, PersonType

    tables = [
        (CaseNote.children.through.objects, "person_id"),
        (HealthEvent.objects, "child_id"),
        (Allocation.objects, "child_id"),
        (ContactPerson.objects, "person_id"),
    ]
    # Grouped on the foreign key's own index, with no join; three times as many as needed, so
    # that leaving out adults, restricted and merged records still leaves SHORTLIST_PER_TABLE.
    ranked = [
        [
            row[column]
            for row in manager.values(column)
            .annotate(n=Count("pk"))
            .order_by("-n", column)[: SHORTLIST_PER_TABLE * 3]
        ]
        for manager, column in tables
    ]
    openable = set(
        Person.objects.filter(
            pk__in={pk for ids in ranked for pk in ids},
            person_type=PersonType.CHILD,
            is_restricted=False,
            merged_into__isnull=True,
        ).values_list("pk", flat=True)
    )
    shortlist = {pk for ids in ranked for pk in [i for i in ids if i in openable][:SHORTLIST_PER_TABLE]}
    if not shortlist:
        sys.exit("No child has any history")
    sizes = {pk: len(chronology_for([pk])) for pk in sorted(shortlist)}
    child_id = max(sizes, key=lambda pk: (sizes[pk], -pk))
    return Person.objects.get(pk=child_id), sizes[child_id]


def worker_for(child, fallback):
    from hearth.allocation.models import Allocation

    current = (
        Allocation.objects.filter(child=child, end_date__isnull=True, worker__is_active=True)
        .select_related("worker")
        .first()
    )
    return current.worker if current else fallback


def people_to_search(rng: random.Random) -> list:
    """People sampled by primary key (indexed), each with a name, date of birth and NHS number."""
    from hearth.people.models import Person

    highest = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    picked, tries = [], 0
    while len(picked) < SEARCH_PEOPLE and tries < SEARCH_PEOPLE * 50:
        tries += 1
        person = (
            Person.objects.filter(
                pk__gte=rng.randint(1, highest),
                merged_into__isnull=True,
                date_of_birth__isnull=False,
                nhs_number__gt="",
            )
            .order_by("pk")
            .first()
        )
        if person and person not in picked:
            picked.append(person)
    return picked


def busiest_in_team(team):
    """The member of ``team`` holding most of its open cases, and how many."""
    from django.db.models import Count

    from hearth.accounts.models import User
    from hearth.allocation.models import Allocation

    row = (
        Allocation.objects.filter(end_date__isnull=True, team=team, worker__isnull=False)
        .values("worker")
        .annotate(cases=Count("id"))
        .order_by("-cases", "worker")
        .first()
    )
    return (User.objects.get(pk=row["worker"]), row["cases"]) if row else (None, 0)


def plan(rng: random.Random) -> tuple[list[Page], dict]:
    from urllib.parse import urlencode

    from django.urls import reverse

    from hearth.accounts.roles import Role

    worker, cases = busiest_worker()
    team, manager, team_cases = biggest_team_manager()
    member, member_cases = busiest_in_team(team)
    child, entries = longest_history_child()
    reader = worker_for(child, worker)
    front_door = with_role(Role.FRONT_DOOR) or worker
    searched = people_to_search(rng)
    htmx = {"HX-Request": "true"}

    def search_urls(terms) -> list[str]:
        return [reverse("people:search") + "?" + urlencode(terms(p)) for p in searched]

    pages = [
        Page(
            "Worktray `/`",
            f"busiest worker, {cases} open cases",
            worker,
            [reverse("worktray:home")],
            DAILY_TARGET_MS,
        ),
        Page(
            "Team manager's worktray `/` (team's work)",
            f"manager of the biggest team, {team_cases} open cases",
            manager,
            [reverse("worktray:home")],
            DAILY_TARGET_MS,
        ),
        *(
            [
                Page(
                    "A team member's work `/worktray/team/<id>/`",
                    f"{member_cases} open cases, opened by their manager",
                    manager,
                    [reverse("worktray:team_member", args=[member.pk])],
                    DAILY_TARGET_MS,
                )
            ]
            if member is not None and member.pk != manager.pk
            else []
        ),
        Page(
            "Team caseload `/teams/<id>/caseload/`",
            f"{team.name}, {team_cases} open cases",
            manager,
            [reverse("allocation:team-caseload", args=[team.pk])],
            DAILY_TARGET_MS,
        ),
        Page(
            "Record summary `/people/<id>/`",
            f"child with the longest history, {entries} chronology entries",
            reader,
            [reverse("people:summary", args=[child.pk])],
            DAILY_TARGET_MS,
        ),
        Page(
            "Chronology `/children/<id>/chronology/`",
            f"the same child, {entries} entries",
            reader,
            [reverse("chronology:child", args=[child.pk])],
            DAILY_TARGET_MS,
        ),
        Page(
            "New contact form `/front-door/contacts/new/`",
            "front-door worker",
            front_door,
            [reverse("frontdoor:contact-new")],
            DAILY_TARGET_MS,
        ),
        Page(
            "Find a person (htmx) by name",
            f"{len(searched)} sampled people",
            front_door,
            search_urls(lambda p: {"name": f"{p.first_name} {p.last_name}"}),
            SEARCH_TARGET_MS,
            htmx,
        ),
        Page(
            "Find a person (htmx) by date of birth",
            f"{len(searched)} sampled people",
            front_door,
            search_urls(
                lambda p: {
                    "date_of_birth_0": p.date_of_birth.day,
                    "date_of_birth_1": p.date_of_birth.month,
                    "date_of_birth_2": p.date_of_birth.year,
                }
            ),
            SEARCH_TARGET_MS,
            htmx,
        ),
        Page(
            "Find a person (htmx) by NHS number",
            f"{len(searched)} sampled people",
            front_door,
            search_urls(
                lambda p: {"identifier": f"{p.nhs_number[:3]} {p.nhs_number[3:6]} {p.nhs_number[6:]}"}
            ),
            SEARCH_TARGET_MS,
            htmx,
        ),
    ]
    return pages, {"child": child, "worker": worker, "manager": manager}


# --- timing ----------------------------------------------------------------------------------


def signed_in_client(user):
    from django.test import Client

    # Every request arrives as from the TLS proxy, so the HTTPS redirect does not answer it.
    client = Client(headers={"X-Forwarded-Proto": "https"})
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def timed_get(client, url: str, headers: dict) -> float:
    started = time.perf_counter()
    response = client.get(url, headers=headers)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}, not 200")
    return elapsed


def replay_selects(captured) -> float:
    """The page's own SELECTs (as logged, parameters inlined) run as raw SQL: the database's
    share of the page, without the ORM, the view or the template."""
    from django.db import connection

    selects = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith("SELECT")]
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in selects:
                cursor.execute(sql)
                cursor.fetchall()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def full_scans(captured) -> set[str]:
    """Tables of at least BIG_TABLE rows that one of the page's SELECTs reads whole."""
    from django.db import connection

    found = set()
    with connection.cursor() as cursor:
        for query in captured:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
                found.update(_pg_seq_scans(cursor.fetchone()[0][0]["Plan"]))
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
                for row in cursor.fetchall():
                    words = row[-1].split()
                    if words[0] == "SCAN" and "INDEX" not in words:
                        found.add(words[1])
    return {table for table in found if _rows_in(table) >= BIG_TABLE}


def _pg_seq_scans(node: dict) -> set[str]:
    # A sequential scan, or an index scan with no condition (the whole index in its order).
    whole = node["Node Type"] == "Seq Scan" or (
        node["Node Type"] in ("Index Scan", "Index Only Scan") and "Index Cond" not in node
    )
    tables = {node["Relation Name"]} if whole else set()
    for child in node.get("Plans", []):
        tables |= _pg_seq_scans(child)
    return tables


_ROWS: dict[str, int] = {}


def _rows_in(table: str) -> int:
    """The table's size: the planner's estimate on PostgreSQL, a count on SQLite."""
    from django.db import connection

    if table not in _ROWS:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
                row = cursor.fetchone()
                _ROWS[table] = int(row[0]) if row else 0
            else:
                quoted = connection.ops.quote_name(table)
                try:
                    cursor.execute(f"SELECT COUNT(*) FROM {quoted}")
                except Exception:  # an alias or a subquery named in the plan, not a table
                    _ROWS[table] = 0
                else:
                    _ROWS[table] = cursor.fetchone()[0]
    return _ROWS[table]


def run(pages: list[Page], requests: int, warm_up: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    # Plain static URLs: the bench measures the server, not the hashed-file manifest (which
    # would need collectstatic first).
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    BenchURLs.urlpatterns = BenchURLs.patterns()
    with override_settings(ROOT_URLCONF=BenchURLs, STORAGES=storages):
        clients = {}
        for page in pages:
            if page.user.pk not in clients:
                clients[page.user.pk] = signed_in_client(page.user)
            client = clients[page.user.pk]
            for i in range(warm_up):
                timed_get(client, page.urls[i % len(page.urls)], page.headers)
                timed_get(client, "/bench/floor/", {})
            with CaptureQueriesContext(connection) as captured:
                timed_get(client, page.urls[0], page.headers)
            page.queries = len(captured)
            page.sql_ms = replay_selects(captured.captured_queries)
            page.scans = full_scans(captured.captured_queries)
            # The page and the floor alternate, so both see the same machine at the same time.
            for i in range(requests):
                page.timings.append(timed_get(client, page.urls[i % len(page.urls)], page.headers))
                page.floors.append(timed_get(client, "/bench/floor/", {}))
        for client in clients.values():
            client.logout()  # deletes the session the run made


# --- the report ------------------------------------------------------------------------------


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def engine() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def scale() -> str:
    from hearth.demo.models import DemoRun
    from hearth.people.models import Person

    run_ = DemoRun.objects.order_by("-pk").first()
    people = Person.objects.count()
    if run_ is None:
        return f"a database of {people:,} people"
    return f"{run_.scale} demo (seed {run_.seed}, {people:,} people)"


def report(pages: list[Page], requests: int, warm_up: int, statistics_note: str) -> str:
    lines = [
        f"### Daily pages: {scale()} on {engine()} ({date.today():%-d %B %Y})",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}. "
        f"In-process `django.test.Client`, DEBUG off, every middleware, a signed-in session; "
        f"{requests} requests per page after {warm_up} to warm up. Times in milliseconds. "
        "SQL: the page's own SELECTs replayed raw. Floor: a signed-in empty page through the same "
        "middleware and session, timed alternately with the page; ratio = median ÷ floor median. "
        f"Full scans: tables of {BIG_TABLE:,} rows or more that a query of the page reads whole. "
        f"Planner statistics: {statistics_note}.",
        "",
        "| page | subject | median | p95 | queries | SQL | floor | ratio | target p95 | met | full scans |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for page in pages:
        median, floor = statistics.median(page.timings), statistics.median(page.floors)
        high = p95(page.timings)
        lines.append(
            f"| {page.label} | {page.subject} | {median:.1f} | {high:.1f} | {page.queries} | "
            f"{page.sql_ms:.1f} | {floor:.1f} | {median / floor:.1f}× | < {page.target} | "
            f"{'yes' if high < page.target else '**no**'} | {', '.join(sorted(page.scans)) or 'none'} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("--warm-up", type=int, default=5, help="untimed requests per page first")
    parser.add_argument("--seed", type=int, default=1, help="which people the searches look for")
    parser.add_argument(
        "--only", default="", help="time only the pages whose name contains this (implies --no-append)"
    )
    parser.add_argument(
        "--no-append", action="store_true", help="print only; leave docs/performance.md alone"
    )
    args = parser.parse_args()
    if args.requests < 2:
        parser.error("--requests must be at least 2 for a p95")

    production_environment()
    refuse_unmigrated()
    statistics_note = ensure_statistics()
    print(statistics_note)
    started = time.perf_counter()
    pages, _ = plan(random.Random(args.seed))
    print(f"Picked the subjects in {time.perf_counter() - started:.1f} s")
    if args.only:
        pages = [page for page in pages if args.only.lower() in page.label.lower()]
        args.no_append = True
    run(pages, args.requests, args.warm_up)
    table = report(pages, args.requests, args.warm_up, statistics_note)
    print(table)
    if not args.no_append:
        with open(ROOT / "docs" / "performance.md", "a", encoding="utf-8") as out:
            out.write("\n" + table)
        print("Appended to docs/performance.md")


if __name__ == "__main__":
    main()
