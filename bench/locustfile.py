"""Locust's side of bench/load.py: simulated staff working through Hearth's pages.

Run only by bench/load.py, which writes the plan (HEARTH_LOAD_PLAN: each simulated worker's
persona, session and subjects) and reads back every request from HEARTH_LOAD_RESULTS.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
from pathlib import Path

import gevent
from locust import FastHttpUser, constant, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_plan import FLOOR, PERSONAS, STATIC, choose_request  # noqa: E402

PLAN = json.loads(Path(os.environ["HEARTH_LOAD_PLAN"]).read_text())
# The TLS-terminating proxy in front of production says the request came over HTTPS, so the
# HTTPS redirect, secure cookies and HSTS stay on exactly as in production.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
STATIC_URL = re.compile(r'(?:href|src)="(/static/[^"]+)"')

_next_worker = itertools.count()
_results = open(os.environ["HEARTH_LOAD_RESULTS"], "w", encoding="utf-8", buffering=1)  # noqa: SIM115


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    start = kwargs.get("start_time") or 0.0
    status = getattr(response, "status_code", None) or 0
    # A transport error has no status: name it by the exception instead.
    kind = f"HTTP {status}" if status else type(exception).__name__
    _results.write(f"{start:.3f}\t{name}\t{response_time:.2f}\t{0 if exception else 1}\t{kind}\n")


@events.quitting.add_listener
def _close(environment, **kwargs):
    _results.close()


class Worker(FastHttpUser):
    """One member of staff, signed in, with their own children, contacts and teams."""

    network_timeout = 30.0
    connection_timeout = 10.0

    def on_start(self):
        index = next(_next_worker)
        self.entry = PLAN["workers"][index % len(PLAN["workers"])]
        self.rng = random.Random(PLAN["seed"] * 100_003 + index)
        self.think = PERSONAS[self.entry["persona"]].think_seconds
        self.headers = {**PROXY_HEADERS, "Cookie": f"{PLAN['session_cookie']}={self.entry['session']}"}
        # At the peak staff are already at work, each at their own point in a task, not all
        # opening Hearth in step as Locust spawns them: a random pause first spreads them out.
        gevent.sleep(self.rng.uniform(0, self.think[1]))
        # Then the worktray, with the layout's CSS and JS once (hashed names are cached by the
        # browser for a year after that).
        body = self.visit("worktray", "/")
        for path in sorted(set(STATIC_URL.findall(body or ""))):
            self.visit(STATIC, path)

    def wait_time(self):
        return self.rng.uniform(*self.think)

    @task
    def next_page(self):
        self.visit(*choose_request(self.entry, self.rng))

    def visit(self, name: str, url: str) -> str | None:
        # Redirects are not followed: a 302 here means the session failed or a record moved,
        # and either is an error in this test.
        with self.client.get(
            url, name=name, headers=self.headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return None
            return response.text


class Floor(FastHttpUser):
    """The floor measured in the same run: the public health check, once a second."""

    fixed_count = 1
    wait_time = constant(1)

    @task
    def health(self):
        with self.client.get(
            FLOOR.path, name=FLOOR.name, headers=PROXY_HEADERS, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
