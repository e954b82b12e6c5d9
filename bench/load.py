"""Does Hearth hold up with a large authority's staff all at work at once?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hearth_bench_load .venv/bin/python bench/load.py --users 800 --minutes 5

Runs Hearth as in production (gunicorn, PostgreSQL, DEBUG off, whitenoise, HTTPS as seen
behind the proxy) on loopback against the existing demo database DATABASE_URL names, and
drives it with Locust, headless, with up to --users simulated staff: each signed in with a
session of their own, working through a mix of pages on their own children with think time
between pages. Reports throughput, p50/p95/p99 and errors per page and overall, with the
public health check as a floor measured in the same run; prints a Markdown table and
appends it to docs/performance.md (--no-append to only print). Stops itself, and gunicorn,
after --minutes. The mix and the arithmetic are in bench/README.md and bench/load_plan.py.

The run writes to the database as real use does (sessions, the access log of every record
viewed); its sessions are deleted afterwards, the access log is append-only and stays.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import load_plan  # noqa: E402

OUT_DIR = ROOT / "var" / "load"
BIN = Path(sys.executable).parent
CHILDREN_PER_WORKER = 40
SEARCHES_PER_WORKER = 20
CONTACTS_PER_WORKER = 30


def default_workers() -> int:
    # Gunicorn's own rule for sync workers, (2 x cores) + 1: on 2 cores, 5 processes keep both
    # busy while some wait on PostgreSQL, without so many that they fight Locust and PostgreSQL
    # (on the same 2 cores here) for CPU.
    return 2 * (os.cpu_count() or 1) + 1


def production_environment() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "Set DATABASE_URL to the PostgreSQL demo database to load, e.g. "
            "postgres://postgres@127.0.0.1:5432/hearth_bench_load"
        )
    os.environ["HEARTH_DEBUG"] = "0"
    # A key of the run's own unless one is given: the sessions are made and read with it.
    os.environ.setdefault("HEARTH_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["HEARTH_ALLOWED_HOSTS"] = "127.0.0.1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"


# --- the plan: who is signed in, and what each of them opens ------------------------------------


def build_plan(users: int, seed: int) -> tuple[dict, dict]:
    """One plan entry per simulated worker, picked with indexed queries before the run."""
    from django.contrib.auth.models import Group

    from hearth.accounts.models import User
    from hearth.accounts.roles import CASEWORK_ROLES
    from hearth.allocation.models import Allocation
    from hearth.frontdoor.models import Contact
    from hearth.organisation.models import StaffMember, Team
    from hearth.people.models import Person

    rng = random.Random(seed)
    roles_of: dict[int, set[str]] = {}
    for user_id, role in Group.user_set.through.objects.filter(group__name__in=CASEWORK_ROLES).values_list(
        "user_id", "group__name"
    ):
        roles_of.setdefault(user_id, set()).add(role)
    active = set(User.objects.filter(pk__in=roles_of, is_active=True).values_list("pk", flat=True))
    staff = sorted(active)
    if not staff:
        sys.exit("No active casework staff in this database: load a demo first (generate_demo_authority).")
    if len(staff) > users:
        staff = sorted(rng.sample(staff, users))

    def open_cases(**where) -> dict[int, list[int]]:
        key = next(iter(where)).removesuffix("_id__in") + "_id"
        found: dict[int, list[int]] = {}
        rows = Allocation.objects.filter(
            end_date__isnull=True, child__is_restricted=False, child__merged_into__isnull=True, **where
        ).values_list(key, "child_id")
        for owner, child in rows:
            found.setdefault(owner, []).append(child)
        return found

    own = open_cases(worker_id__in=staff)
    team_of = dict(
        StaffMember.objects.filter(user_id__in=staff, team__isnull=False).values_list("user_id", "team_id")
    )
    managed: dict[int, list[int]] = {}
    for team_id, user_id in Team.objects.filter(manager__user_id__in=staff).values_list(
        "pk", "manager__user_id"
    ):
        managed.setdefault(user_id, []).append(team_id)
    team_ids = set(team_of.values()) | {t for ts in managed.values() for t in ts}
    by_team = open_cases(team_id__in=team_ids)
    # Workers with no cases of their own or their team's (a LADO, say) open any child's record.
    anyone = list(
        Allocation.objects.filter(
            end_date__isnull=True, child__is_restricted=False, child__merged_into__isnull=True
        )
        .order_by("pk")
        .values_list("child_id", flat=True)[:500]
    )
    contacts = list(Contact.objects.order_by("-pk").values_list("pk", flat=True)[:300])

    highest = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    sampled = Person.objects.filter(
        pk__in=[rng.randint(1, highest) for _ in range(400)], merged_into__isnull=True
    ).values("pk", "first_name", "last_name", "date_of_birth", "nhs_number")
    kinds, kind_weights = list(load_plan.SEARCH_KINDS), list(load_plan.SEARCH_KINDS.values())
    searches = [
        load_plan.search_query(
            {**p, "year": p["date_of_birth"].year if p["date_of_birth"] else None},
            rng.choices(kinds, kind_weights)[0],
        )
        for p in sampled
        if p["first_name"] and p["last_name"]
    ]

    def sample(items: list, k: int) -> list:
        return rng.sample(items, min(k, len(items)))

    workers = []
    for index in range(users):
        user_id = staff[index % len(staff)]
        persona = load_plan.persona_for_roles(roles_of[user_id])
        teams = (
            managed.get(user_id, [])
            if persona == "team manager"
            else [team_of[user_id]]
            if user_id in team_of
            else []
        )
        children = own.get(user_id) or [c for t in teams for c in by_team.get(t, [])] or anyone
        workers.append(
            {
                "user_id": user_id,
                "persona": persona,
                load_plan.CHILD: sample(children, CHILDREN_PER_WORKER),
                load_plan.TEAM: teams,
                load_plan.CONTACT: sample(contacts, CONTACTS_PER_WORKER)
                if persona != "social worker"
                else [],
                load_plan.SEARCH: sample(searches, SEARCHES_PER_WORKER),
            }
        )
    facts = {
        "staff": len(staff),
        "own cases": sum(1 for w in workers if w["user_id"] in own),
        "personas": Counter(w["persona"] for w in workers),
    }
    return {"seed": seed, "workers": workers}, facts


def create_sessions(plan: dict) -> list[str]:
    from django.conf import settings

    from hearth.accounts.models import User

    users = User.objects.in_bulk({w["user_id"] for w in plan["workers"]})
    for worker in plan["workers"]:
        worker["session"] = load_plan.session_for(users[worker["user_id"]])
    plan["session_cookie"] = settings.SESSION_COOKIE_NAME
    return [w["session"] for w in plan["workers"]]


# --- the servers --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, workers: int, log: Path) -> subprocess.Popen:
    command = [
        str(BIN / "gunicorn"),
        "config.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--timeout=30",
        "--graceful-timeout=10",
        f"--error-logfile={log}",
        f"--chdir={ROOT}",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy(), start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped at start:\n{tail(log)}")
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/health/", headers={"X-Forwarded-Proto": "https"}
            )
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            pass
        time.sleep(0.5)
    stop(server)
    sys.exit(f"gunicorn was not ready within 60 s:\n{tail(log)}")


def stop(process: subprocess.Popen, grace: float = 20) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def first_traceback(path: Path) -> str | None:
    text = path.read_text(errors="replace") if path.exists() else ""
    at = text.find("Traceback (most recent call last)")
    if at < 0:
        return None
    start = text.rfind("\n", 0, max(at - 200, 0)) + 1
    return "\n".join(text[start:].splitlines()[:60])


def run_locust(
    port: int,
    users: int,
    seconds: int,
    ramp: int,
    plan_path: Path,
    results: Path,
    log: Path,
    server: subprocess.Popen,
    cpu_samples: list,
) -> None:
    spawned = users + 1  # the workers and the floor
    command = [
        str(BIN / "locust"),
        f"--locustfile={ROOT / 'bench' / 'locustfile.py'}",
        "--headless",
        f"--users={spawned}",
        f"--spawn-rate={spawned / ramp:.3f}",
        f"--run-time={seconds}s",
        f"--host=http://127.0.0.1:{port}",
        "--stop-timeout=5",
        "--only-summary",
        "--exit-code-on-error=0",
        "--loglevel=WARNING",
    ]
    env = {**os.environ, "HEARTH_LOAD_PLAN": str(plan_path), "HEARTH_LOAD_RESULTS": str(results)}
    with open(log, "w") as out:
        locust = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        finished = threading.Event()
        sampler = threading.Thread(
            target=sample_cpu, args=({"gunicorn": server, "locust": locust}, finished, cpu_samples)
        )
        sampler.start()
        try:
            # Locust stops itself at --run-time; this is the hard bound should it not.
            locust.wait(seconds + 60)
        except subprocess.TimeoutExpired:
            print("Locust overran its time: stopping it")
            stop(locust, grace=10)
        finally:
            finished.set()
            sampler.join()
            stop(locust, grace=10)
    if locust.returncode not in (0, None, -signal.SIGTERM):
        print(f"Locust exited with {locust.returncode}:\n{tail(log)}")


# --- the machine: who used the CPU -------------------------------------------------------------


def _cpu_seconds_of_tree(root: int) -> float:
    """CPU seconds used so far by a process and its live children (gunicorn's workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, pids = 0.0, [root]
    try:
        pids += [int(p) for p in Path(f"/proc/{root}/task/{root}/children").read_text().split()]
    except OSError:
        return 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def _machine_cpu_seconds() -> tuple[float, float]:
    """(busy, all) CPU seconds of the whole machine since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle and iowait
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(values) - idle) / tick, sum(values) / tick


def sample_cpu(processes: dict[str, subprocess.Popen], stop_event, out: list) -> None:
    """Every 5 s: the machine's busy cores and the share of them used by our processes."""
    last = (
        _machine_cpu_seconds(),
        {n: _cpu_seconds_of_tree(p.pid) for n, p in processes.items()},
        time.time(),
    )
    while not stop_event.wait(5):
        now = (
            _machine_cpu_seconds(),
            {n: _cpu_seconds_of_tree(p.pid) for n, p in processes.items()},
            time.time(),
        )
        (busy0, all0), ours0, t0 = last
        (busy1, all1), ours1, t1 = now
        cores = (all1 - all0) / (t1 - t0)
        row = {"at": t1, "busy": (busy1 - busy0) / (t1 - t0), "cores": cores}
        for name in processes:
            row[name] = max(ours1[name] - ours0.get(name, 0.0), 0.0) / (t1 - t0)
        out.append(row)
        last = now


def cpu_summary(samples: list[dict], steady_from: float) -> str:
    steady = [s for s in samples if s["at"] >= steady_from]
    if not steady:
        return ""
    mean = {k: sum(s[k] for s in steady) / len(steady) for k in ("busy", "gunicorn", "locust")}
    others = [s["busy"] - s["gunicorn"] - s["locust"] for s in steady]
    return (
        f"CPU in the steady part, in cores busy out of {steady[0]['cores']:.0f}: {mean['busy']:.2f} in all, "
        f"gunicorn {mean['gunicorn']:.2f}, Locust {mean['locust']:.2f}, everything else (PostgreSQL and "
        f"anyone else on the machine) {sum(others) / len(others):.2f} on average and "
        f"{max(others):.2f} at most over 5 s."
    )


# --- the report ---------------------------------------------------------------------------------


def describe(args, facts: dict, stats, expected: float, ramp: int, seconds: int) -> str:
    steady = ramp + load_plan.FIRST_PAUSE_MAX
    from importlib.metadata import version

    import django
    from django.db import connection

    from hearth.demo.models import DemoRun
    from hearth.people.models import Person

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        engine = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    demo = DemoRun.objects.order_by("-pk").first()
    what = f"{demo}" if demo else "database"
    people = Person.objects.count()
    personas = ", ".join(f"{count} {name}" for name, count in sorted(facts["personas"].items()))
    shared = (
        f"; only {facts['staff']} casework staff in this database, so each sign-in is shared by about "
        f"{args.users / facts['staff']:.0f} simulated workers, each with a session of its own"
        if facts["staff"] < args.users
        else ""
    )
    workers_row = next(s for s in stats if s.name == load_plan.ALL_PAGES)
    floor = next((s for s in stats if s.name == load_plan.FLOOR.name), None)
    met = workers_row.errors == 0 and workers_row.p99 < 300 and (floor is None or floor.errors == 0)
    think = "; ".join(
        f"{p.name} {p.think_seconds[0]:g}-{p.think_seconds[1]:g} s" for p in load_plan.PERSONAS.values()
    )
    lines = [
        f"### {args.users} simulated staff, {args.minutes:g} minute{'' if args.minutes == 1 else 's'}, on the {what} ({people:,} people), "
        f"{engine} ({date.today():%-d %B %Y})",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores shared by Locust, gunicorn and PostgreSQL, "
        f"Python {platform.python_version()}. gunicorn {version('gunicorn')} ({args.workers} sync workers), "
        f"Django {django.get_version()}, DEBUG off, whitenoise; Locust {version('locust')} headless on loopback. "
        f"Workers: {personas}{shared}. Think time {think}. Ramp-up: workers arrive over {ramp} s and each "
        f"pauses up to its longest think time before its first page (the worktray, with the static files), "
        f"so all are at work after {steady:g} s; then {seconds - steady:g} s steady. "
        f"Offered load: {expected:.1f} requests/s expected in the steady state (each worker one page per "
        f"mean think time), {workers_row.per_second:.1f} measured. Requests and errors over the whole run; "
        "req/s and times (milliseconds) over the steady part, with the p99 of the whole run beside them. The floor is the public `/health/` (one `SELECT 1`) "
        "asked once a second under the same load.",
        "",
        load_plan.markdown_table(stats),
        "",
        f"Target (no errors, p99 under 300 ms over all worker pages in the steady part): **{'met' if met else 'not met'}**.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=800, help="simulated staff (default 800)")
    parser.add_argument("--minutes", type=float, default=5, help="whole run, ramp-up included (default 5)")
    parser.add_argument(
        "--ramp-seconds", type=int, default=None, help="default: a third of the run, at most 90"
    )
    parser.add_argument("--workers", type=int, default=default_workers(), help="gunicorn sync workers")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--no-append", action="store_true", help="print only; leave docs/performance.md alone"
    )
    args = parser.parse_args()
    seconds = round(args.minutes * 60)
    ramp = args.ramp_seconds if args.ramp_seconds is not None else min(90, max(1, seconds // 3))
    # Everyone is at work once the last to arrive has had their first pause.
    steady_from = ramp + load_plan.FIRST_PAUSE_MAX
    if ramp <= 0 or steady_from >= seconds:
        sys.exit(f"The ramp-up plus {load_plan.FIRST_PAUSE_MAX:g} s must be shorter than the run.")

    production_environment()
    import django

    django.setup()
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        sys.exit("This database has migrations to apply: run manage.py migrate on it first.")
    from pages import ensure_statistics

    print(f"Planner statistics: {ensure_statistics()}")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    print("Collecting static files (production storage, hashed and compressed)...")
    call_command("collectstatic", interactive=False, verbosity=0)
    plan, facts = build_plan(args.users, args.seed)
    if facts["staff"] < args.users:
        print(
            f"Only {facts['staff']} casework staff here: {args.users} simulated workers cycle through them."
        )
    keys = create_sessions(plan)
    plan_path, results, server_log = OUT_DIR / "plan.json", OUT_DIR / "requests.tsv", OUT_DIR / "gunicorn.log"
    plan_path.write_text(json.dumps(plan))
    server_log.unlink(missing_ok=True)
    expected = load_plan.expected_rate(facts["personas"]) + 1  # + the floor's one a second

    port = free_port()
    server = start_gunicorn(port, args.workers, server_log)
    cpu_samples: list[dict] = []
    try:
        print(
            f"gunicorn ({args.workers} workers) ready on 127.0.0.1:{port}; Locust: {args.users} workers "
            f"+ 1 floor, ramp {ramp} s, {seconds} s in all (about {expected:.0f} requests/s expected)"
        )
        run_locust(
            port, args.users, seconds, ramp, plan_path, results, OUT_DIR / "locust.log", server, cpu_samples
        )
    finally:
        stop(server)
        Session.objects.filter(session_key__in=keys).delete()

    rows = load_plan.parse_results(results.read_text().splitlines())
    if not rows:
        sys.exit(f"No requests recorded. Locust said:\n{tail(OUT_DIR / 'locust.log')}")
    started = min(row[0] for row in rows)
    stats = load_plan.summarise(rows, started + steady_from, started + seconds)
    table = describe(args, facts, stats, expected - 1, ramp, seconds)
    table += "\n" + cpu_summary(cpu_samples, started + steady_from) + "\n"
    print()
    print(table)
    trace = first_traceback(server_log)
    if trace:
        print(f"First server error (all in {server_log.relative_to(ROOT)}):\n{trace}\n")
    if not args.no_append:
        with open(ROOT / "docs" / "performance.md", "a", encoding="utf-8") as out:
            out.write("\n" + table)
        print("Appended to docs/performance.md")


if __name__ == "__main__":
    main()
