"""How the production process is set up for speed: the settled heap and PostgreSQL's plans."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _python(code: str, **env_overrides) -> str:
    env = {key: value for key, value in os.environ.items() if not key.startswith("HEARTH_")}
    env.pop("DATABASE_URL", None)
    env.update({"HEARTH_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings", **env_overrides})
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_wsgi_application_leaves_its_start_up_heap_to_the_permanent_generation():
    frozen = _python("import gc, config.wsgi; print(gc.get_freeze_count())")
    assert int(frozen) > 10_000, "the models, URLs and settings loaded at start-up are frozen"


READ_OPTIONS = "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS', {}))"


def test_postgresql_plans_no_parallel_workers_for_the_app_unless_told_to():
    url = "postgres://postgres@127.0.0.1:5432/hearth"
    assert "max_parallel_workers_per_gather=0" in _python(READ_OPTIONS, DATABASE_URL=url)
    assert "max_parallel_workers_per_gather=2" in _python(
        READ_OPTIONS, DATABASE_URL=url, HEARTH_DB_PARALLEL_WORKERS="2"
    )
    assert "max_parallel" not in _python(READ_OPTIONS), "SQLite has no such setting"
