"""How fast is Find a person with a trust-sized number of people?

    .venv/bin/python bench/person_search.py --people 300000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hearth .venv/bin/python bench/person_search.py --people 300000

Loads N synthetic people into a database of its own (``hearth_bench`` on the PostgreSQL server
DATABASE_URL names, or var/bench.sqlite3), never the demo or development database, then times
``find_people`` by a misspelt name, a date of birth, an NHS number and a postcode. For each it
reports the median and 95th percentile, the number of SQL queries, whether the person looked
for was found, and a floor: the bare indexed SQL lookup for the same rows. It checks each
query's plan for a full scan of a people table, prints a table and appends it to
docs/performance.md.

A second run with the same --people reuses the loaded rows.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = "hearth_bench"
BENCH_SQLITE = ROOT / "var" / "bench.sqlite3"

# Names in groups of spellings that sound alike: the bench stores one and searches for another.
SURNAME_GROUPS = [
    ("Smith", "Smyth"),
    ("Jones",),
    ("Williams", "Wiliams"),
    ("Taylor", "Tailor"),
    ("Brown", "Browne"),
    ("Davies", "Davis"),
    ("Evans",),
    ("Wilson", "Willson"),
    ("Thomas", "Tomas"),
    ("Johnson", "Jonson"),
    ("Roberts",),
    ("Robinson", "Robinsen"),
    ("Thompson", "Thomson"),
    ("Wright", "Right"),
    ("Walker",),
    ("White", "Whyte"),
    ("Edwards",),
    ("Hughes", "Hughs"),
    ("Green", "Greene"),
    ("Hall",),
    ("Lewis", "Louis"),
    ("Harris", "Harriss"),
    ("Clarke", "Clark"),
    ("Patel", "Patell"),
    ("Jackson", "Jaxon"),
    ("Wood",),
    ("Turner",),
    ("Martin", "Martyn"),
    ("Cooper",),
    ("Hill",),
    ("Ward",),
    ("Morris", "Maurice"),
    ("Moore", "More"),
    ("Clayton",),
    ("Khan", "Kahn"),
    ("Ali", "Aly"),
    ("Hussain", "Hussein", "Husain"),
    ("Begum",),
    ("Ahmed", "Ahmad"),
    ("Mohammed", "Muhammad", "Mohamed"),
    ("Kowalski", "Kowalsky"),
    ("Nowak",),
    ("Okafor",),
    ("Mensah",),
    ("Osei",),
    ("Nguyen",),
    ("MacDonald", "McDonald"),
    ("O'Brien", "OBrien"),
    ("Murphy", "Murphey"),
    ("Kelly", "Kelley"),
    ("Stephenson", "Stevenson"),
]
FORENAME_GROUPS = [
    ("Mohammed", "Muhammad", "Mohamed", "Mohammad"),
    ("Oliver",),
    ("Jack",),
    ("Harry", "Harrie"),
    ("George",),
    ("Noah",),
    ("Leo",),
    ("Oscar",),
    ("Charlie", "Charley"),
    ("Jacob", "Jakob"),
    ("Stephen", "Steven"),
    ("Jon", "John"),
    ("Sean", "Shaun", "Shawn"),
    ("Aiden", "Aidan", "Ayden"),
    ("Jayden", "Jaden"),
    ("Philip", "Phillip"),
    ("Olivia",),
    ("Amelia",),
    ("Isla",),
    ("Ayla",),
    ("Ava",),
    ("Mia",),
    ("Ivy",),
    ("Lily", "Lilly"),
    ("Isabella", "Isabela"),
    ("Sophie", "Sophy"),
    ("Grace",),
    ("Freya",),
    ("Zara", "Zarah"),
    ("Aisha", "Ayesha"),
    ("Fatima", "Fatimah"),
    ("Catherine", "Kathryn"),
    ("Claire", "Clare"),
    ("Zoe", "Zoey"),
    ("Ellie", "Elly"),
    ("Chloe",),
    ("Jessica", "Jesica"),
    ("Amira", "Ameera"),
    ("Maya", "Maia"),
    ("Daniel", "Danial"),
    ("Ryan", "Rian"),
]
SYLLABLES = [
    "bar",
    "ton",
    "ley",
    "wick",
    "ford",
    "ham",
    "by",
    "ster",
    "mer",
    "den",
    "well",
    "cott",
    "ing",
    "ridge",
    "ash",
    "brook",
    "field",
    "more",
    "dale",
    "gate",
    "hurst",
    "lock",
    "ber",
    "ven",
]
CONSONANTS = "bcdfgklmnprstvw"


def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        return urlunsplit(parts._replace(path="/" + BENCH_DB))
    BENCH_SQLITE.parent.mkdir(exist_ok=True)
    return f"sqlite:///{BENCH_SQLITE}"


def create_postgres_database(url: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone():
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def setup_django() -> None:
    url = bench_database_url()
    if url.startswith("postgres"):
        create_postgres_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("HEARTH_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    name = str(settings.DATABASES["default"]["NAME"])
    assert name == BENCH_DB or name == str(BENCH_SQLITE), f"refusing to load into {name}"


# --- loading ----------------------------------------------------------------------------------


def nhs_number(rng: random.Random) -> str:
    from hearth.people.identifiers import nhs_number_check_digit

    while True:
        first_nine = "".join(rng.choice("0123456789") for _ in range(9))
        check = nhs_number_check_digit(first_nine)
        if check is not None:
            return first_nine + str(check)


def made_up_surname(rng: random.Random) -> str:
    return (
        rng.choice(CONSONANTS) + rng.choice("aeiou") + rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
    ).title()


def postcodes(rng: random.Random, how_many: int) -> list[str]:
    areas = ["LS", "M", "B", "BD", "S", "L", "NE", "HU", "WF", "HD", "E", "N", "SE", "CR", "OL"]
    made = set()
    while len(made) < how_many:
        made.add(
            f"{rng.choice(areas)}{rng.randint(1, 29)} {rng.randint(0, 9)}"
            f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        )
    return sorted(made)


def load(people: int) -> None:
    from django.db import connection, transaction

    from hearth.people.models import Address, Person, PersonName, PersonType
    from hearth.people.search import name_keys, normalise_postcode

    have = Person.objects.count()
    if have >= people:
        print(f"Reusing {have:,} people already loaded")
        return
    rng = random.Random(have or 1)
    codes = postcodes(rng, max(people // 5, 100))
    today = date(2026, 1, 1)
    batch = 5000
    started = time.perf_counter()
    for first in range(have, people, batch):
        rows, names = [], []
        for _ in range(min(batch, people - first)):
            surname = rng.choice(rng.choice(SURNAME_GROUPS)) if rng.random() < 0.6 else made_up_surname(rng)
            forename = rng.choice(rng.choice(FORENAME_GROUPS))
            surname_key, forename_key = name_keys(forename, surname)
            child = rng.random() < 0.5
            born = today - timedelta(
                days=rng.randint(0, 18 * 365) if child else rng.randint(18 * 365, 85 * 365)
            )
            rows.append(
                Person(
                    person_type=PersonType.CHILD if child else PersonType.ADULT,
                    first_name=forename,
                    last_name=surname,
                    date_of_birth=born,
                    sex=rng.choice("MF"),
                    nhs_number=nhs_number(rng) if rng.random() < 0.8 else "",
                    search_surname_key=surname_key,
                    search_forename_key=forename_key,
                )
            )
        with transaction.atomic():
            created = Person.objects.bulk_create(rows, batch_size=1000)
            if connection.vendor == "sqlite" and created[0].pk is None:
                created = list(Person.objects.order_by("-pk")[: len(rows)])[::-1]
            addresses = []
            for person in created:
                code = rng.choice(codes)
                addresses.append(
                    Address(
                        person=person,
                        line_1=f"{rng.randint(1, 200)} {made_up_surname(rng)} Road",
                        postcode=code,
                        postcode_key=normalise_postcode(code),
                        start_date=date(2020, 1, 1),
                    )
                )
                if rng.random() < 0.03:
                    earlier = made_up_surname(rng)
                    keys = name_keys(person.first_name, earlier)
                    names.append(
                        PersonName(
                            person=person,
                            kind="previous",
                            first_name=person.first_name,
                            last_name=earlier,
                            search_surname_key=keys[0],
                            search_forename_key=keys[1],
                        )
                    )
            Address.objects.bulk_create(addresses, batch_size=1000)
            PersonName.objects.bulk_create(names, batch_size=1000)
        done = first + len(rows)
        print(f"\r  loaded {done:,} people ({time.perf_counter() - started:.0f} s)", end="", flush=True)
    print()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- timing -----------------------------------------------------------------------------------


def misspell(name: str, groups, rng: random.Random) -> str:
    """Another spelling of the same-sounding name: a variant from its group, else a doubled letter."""
    for group in groups:
        if name in group and len(group) > 1:
            return rng.choice([variant for variant in group if variant != name])
    for i in range(len(name) - 2, 0, -1):
        if name[i].lower() in CONSONANTS and name[i - 1].lower() in "aeiou":
            return name[: i + 1] + name[i] + name[i + 1 :]
    return name


def plan_scans(sql: str, params) -> list[str]:
    """Lines of the query plan that read a whole people table."""
    from django.db import connection

    tables = ("people_person", "people_address", "people_personname")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN " + sql, params)
            lines = [row[0] for row in cursor.fetchall()]
            return [line.strip() for line in lines if "Seq Scan" in line and any(t in line for t in tables)]
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        lines = [row[-1] for row in cursor.fetchall()]
        return [
            line
            for line in lines
            if line.startswith("SCAN") and any(t in line for t in tables) and "INDEX" not in line
        ]


def run(repeat: int) -> list[dict]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from hearth.people.models import Address, Person
    from hearth.people.search import find_people, normalise_postcode

    rng = random.Random(42)
    highest = Person.objects.order_by("-pk").values_list("pk", flat=True).first()
    picked = []
    while len(picked) < repeat:
        candidate = Person.objects.filter(pk=rng.randint(1, highest)).exclude(nhs_number="").first()
        if candidate:
            picked.append(candidate)
    postcode_of = dict(Address.objects.filter(person__in=picked).values_list("person_id", "postcode"))

    def name_case(p):
        first = misspell(p.first_name, FORENAME_GROUPS, rng)
        last = misspell(p.last_name, SURNAME_GROUPS, rng)
        text = f"{last} {first}" if rng.random() < 0.5 else f"{first} {last}"
        return {"text": text}, (
            "SELECT id FROM people_person WHERE search_surname_key = %s AND search_forename_key = %s",
            [p.search_surname_key, p.search_forename_key],
        )

    def name_and_birth_case(p):
        terms, floor = name_case(p)
        return {**terms, "date_of_birth": p.date_of_birth}, floor

    cases = {
        "name, misspelt, either order": name_case,
        "name, misspelt, and date of birth": name_and_birth_case,
        "date of birth": lambda p: (
            {"date_of_birth": p.date_of_birth},
            ("SELECT id FROM people_person WHERE date_of_birth = %s", [p.date_of_birth]),
        ),
        "NHS number with spaces": lambda p: (
            {"identifier": f"{p.nhs_number[:3]} {p.nhs_number[3:6]} {p.nhs_number[6:]}"},
            ("SELECT id FROM people_person WHERE nhs_number = %s", [p.nhs_number]),
        ),
        "postcode, any case": lambda p: (
            {"postcode": postcode_of[p.pk].lower().replace(" ", "")},
            (
                "SELECT person_id FROM people_address WHERE postcode_key = %s",
                [normalise_postcode(postcode_of[p.pk])],
            ),
        ),
    }
    results = []
    for label, make in cases.items():
        timings, floors, queries, found, sizes, scans = [], [], 0, 0, [], set()
        for person in picked:
            terms, (floor_sql, floor_params) = make(person)
            reset_queries()  # DEBUG keeps only the last 9,000 queries; start each count afresh
            with CaptureQueriesContext(connection) as captured:
                find_people(**terms)
            queries = max(queries, len(captured))
            for query in captured.captured_queries:
                sql = query["sql"]
                if sql.upper().startswith("SELECT"):
                    scans.update(plan_scans_from_logged(sql))
            started = time.perf_counter()
            hits = find_people(**terms)
            timings.append((time.perf_counter() - started) * 1000)
            found += any(hit.pk == person.pk for hit in hits)
            sizes.append(len(hits))
            with connection.cursor() as cursor:
                started = time.perf_counter()
                cursor.execute(floor_sql, floor_params)
                cursor.fetchall()
                floors.append((time.perf_counter() - started) * 1000)
        results.append(
            {
                "search": label,
                "median": statistics.median(timings),
                "p95": statistics.quantiles(timings, n=20)[18],
                "floor": statistics.median(floors),
                "queries": queries,
                "found": f"{found}/{len(picked)}",
                "rows": statistics.median(sizes),
                "scans": sorted(scans),
            }
        )
    return results


def plan_scans_from_logged(sql: str) -> list[str]:
    """The logged SQL has its parameters inlined; explain it as it stands."""
    from django.db import connection

    if connection.vendor == "postgresql" or connection.vendor == "sqlite":
        try:
            return plan_scans(sql, None)
        except Exception as error:  # a logged query that cannot be re-run as written
            return [f"could not explain: {error.__class__.__name__}"]
    return []


def report(results: list[dict], people: int) -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            engine = f"PostgreSQL {cursor.fetchone()[0]}"
    else:
        import sqlite3

        engine = f"SQLite {sqlite3.sqlite_version}"
    lines = [
        f"### {people:,} people on {engine} ({date.today():%-d %B %Y})",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}. "
        "Times in milliseconds over the same sampled people; the floor is the bare indexed SQL lookup.",
        "",
        "| search | median | p95 | floor | queries | person found | rows returned | full scans |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['search']} | {r['median']:.1f} | {r['p95']:.1f} | {r['floor']:.2f} | {r['queries']} | "
            f"{r['found']} | {r['rows']:.0f} | {', '.join(r['scans']) or 'none'} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=60, help="searches of each kind to time")
    parser.add_argument(
        "--no-append", action="store_true", help="print only; leave docs/performance.md alone"
    )
    args = parser.parse_args()

    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    load(args.people)
    table = report(run(args.repeat), args.people)
    print(table)
    if not args.no_append:
        with open(ROOT / "docs" / "performance.md", "a", encoding="utf-8") as out:
            out.write("\n" + table)
        print("Appended to docs/performance.md")


if __name__ == "__main__":
    main()
