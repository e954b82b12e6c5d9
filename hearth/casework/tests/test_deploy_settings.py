"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PRODUCTION_ENV = {
    "HEARTH_SECRET_KEY": "a-long-random-production-key-7f3e9c1b5d2a8e6f4c0b9a7d5e3f1c8b6a4d2e0f",
    "HEARTH_ALLOWED_HOSTS": "hearth.example.org",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}


def _run(*args, env_overrides):
    env = {key: value for key, value in os.environ.items() if not key.startswith("HEARTH_")}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for their own thread
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _run("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = dict(PRODUCTION_ENV, HEARTH_SECRET_KEY="")
    result = _run("check", env_overrides=env)
    assert result.returncode != 0
    assert "HEARTH_SECRET_KEY" in result.stderr
