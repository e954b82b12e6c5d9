"""The load test's pure parts (bench/load_plan.py): the mix, its arithmetic, the report, the sessions.

None of these starts a server or Locust; bench/load.py does that and is run by hand.
"""

import random

import pytest
from django.urls import resolve

from bench import load_plan
from bench.load_plan import PAGES, PERSONAS

A_WORKER = {
    "persona": "team manager",
    "children": [101, 102],
    "contacts": [7],
    "teams": [3],
    "searches": [{"name": "Amira Khan"}, {"identifier": "0000042"}],
}


def test_each_persona_weighs_only_real_pages_and_its_weights_sum_to_a_hundred():
    for persona in PERSONAS.values():
        assert set(persona.weights) <= set(PAGES), persona.name
        assert sum(persona.weights.values()) == 100, persona.name
        low, high = persona.think_seconds
        assert 0 < low < high


def test_every_page_the_mix_can_ask_for_is_one_of_hearths_urls():
    rng = random.Random(1)
    for page in [*PAGES.values(), load_plan.FLOOR]:
        url = load_plan.page_url(page, A_WORKER, rng)
        match = resolve(url.split("?")[0])
        assert match.func is not None, page.name


def test_a_worker_is_never_sent_to_a_page_they_have_nothing_to_open_on():
    worker = {"persona": "front door", "children": [], "contacts": [], "teams": [], "searches": []}
    rng = random.Random(3)
    asked = {load_plan.choose_request(worker, rng)[0] for _ in range(500)}
    assert asked == {"front-door queue", "new contact form (GET)", "worktray"}


def test_the_mix_follows_the_weights():
    rng = random.Random(5)
    asked = [load_plan.choose_request(A_WORKER, rng)[0] for _ in range(20_000)]
    share = asked.count("worktray") / len(asked)
    assert share == pytest.approx(PERSONAS["team manager"].weights["worktray"] / 100, abs=0.015)


def test_expected_rate_is_one_page_per_worker_per_mean_think_time():
    # 800 social workers waiting 10-30 s (20 s on average) ask 40 pages a second.
    assert load_plan.expected_rate({"social worker": 800}) == pytest.approx(40)
    # Front-door workers wait 8-20 s, 14 s on average.
    assert load_plan.expected_rate({"social worker": 600, "front door": 140}) == pytest.approx(30 + 10)
    assert load_plan.expected_rate({"social worker": 20}, mean_response_s=5) == pytest.approx(0.8)


def test_search_queries_use_the_find_a_person_forms_fields():
    person = {"pk": 42, "first_name": "Amira", "last_name": "Khan", "year": 2015, "nhs_number": "9434765919"}
    assert load_plan.search_query(person, "name") == {"name": "Amira Khan"}
    assert load_plan.search_query(person, "name and year of birth") == {
        "name": "Khan Amira",
        "date_of_birth_2": "2015",
    }
    assert load_plan.search_query(person, "NHS number") == {"identifier": "9434765919"}
    assert load_plan.search_query(person, "Hearth ID") == {"identifier": "0000042"}
    # No NHS number on the record: the worker types the Hearth ID instead.
    assert load_plan.search_query({**person, "nhs_number": ""}, "NHS number") == {"identifier": "0000042"}


def test_percentile_is_nearest_rank():
    hundred = [float(n) for n in range(100, 0, -1)]  # order does not matter
    assert load_plan.percentile(hundred, 50) == 50
    assert load_plan.percentile(hundred, 95) == 95
    assert load_plan.percentile(hundred, 99) == 99
    assert load_plan.percentile(hundred, 100) == 100
    assert load_plan.percentile([10.0, 20.0, 30.0, 40.0], 50) == 20
    assert load_plan.percentile([10.0, 20.0, 30.0, 40.0], 99) == 40
    assert load_plan.percentile([7.0], 99) == 7


def test_summary_reads_the_request_log_and_keeps_the_ramp_out_of_throughput_and_times():
    log = [
        "0.5\tworktray\t900.0\t1\tHTTP 200",  # during the ramp: a cold worker
        "10.0\tworktray\t20.0\t1\tHTTP 200",
        "11.0\tworktray\t40.0\t0\tHTTP 500",
        "12.0\tchronology\t30.0\t1\tHTTP 200",
        "13.0\tfloor: /health/\t3.0\t1\tHTTP 200",
        "14.0\tstatic file (first visit)\t2.0\t1\tHTTP 200",
        "",
    ]
    rows = load_plan.parse_results(log)
    assert rows[2] == (11.0, "worktray", 40.0, False, "HTTP 500")
    stats = {s.name: s for s in load_plan.summarise(rows, steady_from=10.0, steady_to=20.0)}
    worktray = stats["worktray"]
    assert (worktray.requests, worktray.errors, worktray.error_kinds) == (3, 1, {"HTTP 500": 1})
    assert worktray.per_second == pytest.approx(0.2)
    assert worktray.p99 == 40 and worktray.p99_whole_run == 900
    overall = stats[load_plan.ALL_PAGES]
    assert overall.requests == 4  # the floor and static files are reported apart
    assert overall.per_second == pytest.approx(0.3)
    table = load_plan.markdown_table(list(stats.values()))
    assert "| worktray | 3 | 0.2 | 20 | 40 | 40 | 900 | 1 (HTTP 500 ×1) |" in table
    assert "| **all worker pages** | 4 |" in table


def test_a_session_made_on_the_server_signs_the_worker_in_without_their_password(client, social_worker):
    social_worker.set_unusable_password()
    social_worker.save()
    key = load_plan.session_for(social_worker)
    client.cookies["sessionid"] = key
    response = client.get("/")
    assert response.status_code == 200
    assert response.wsgi_request.user == social_worker


def test_such_a_session_ends_when_the_password_changes(client, social_worker):
    key = load_plan.session_for(social_worker)
    social_worker.set_password("a-new-password-for-the-test-01")
    social_worker.save()
    client.cookies["sessionid"] = key
    response = client.get("/")
    assert response.status_code == 302  # back to sign in


def test_production_static_files_collect(tmp_path, settings):
    """The load test (and production) run collectstatic into whitenoise's manifest storage, which
    fails if a vendored file names a source map that was not copied."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
