"""A missing or malformed production variable stops the process at start, in French, naming it."""

import os
import subprocess
import sys
import tempfile

import pytest
from django.conf import settings

from portal.settings.environment import problems

GOOD = {
    "SECRET_KEY": "env-test-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ",
    "ALLOWED_HOSTS": "maillage.example.org",
    "BASE_URL": "https://maillage.example.org",
    "DEFAULT_FROM_EMAIL": "Maillage <ne-pas-repondre@maillage.example.org>",
}


def start(**overrides):
    """``manage.py check`` with production settings and exactly this environment."""
    env = {k: v for k, v in os.environ.items() if k not in {*GOOD, "DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        MAILLAGE_VAR_DIR=os.path.join(tempfile.gettempdir(), "maillage-env-check"),
    )
    env.update({k: v for k, v in {**GOOD, **overrides}.items() if v is not None})
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_good_environment_starts():
    result = start()
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("overrides", "named", "french"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY", "est absente"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS", "est absente"),
        ({"EMAIL_PORT": "vingt-cinq"}, "EMAIL_PORT", "doit être un nombre entier"),
    ],
)
def test_a_bad_variable_stops_the_process_with_a_french_message(overrides, named, french):
    result = start(**overrides)
    assert result.returncode != 0
    assert "Configuration de production incorrecte" in result.stderr
    assert f"{named} {french}" in result.stderr, result.stderr[-2000:]


def test_every_malformed_value_is_named():
    found = problems(
        {
            "SECRET_KEY": "court",
            "ALLOWED_HOSTS": " , ",
            "CONN_MAX_AGE": "-1",
            "SECURE_SSL_REDIRECT": "peut-être",
            "DATABASE_URL": "mysql//oubli",
            "REDIS_URL": "http://127.0.0.1:6379",
            "TASKS_BACKEND": "immediate",
            "LOG_LEVEL": "bavard",
        }
    )
    names = [sentence.split()[0] for sentence in found]
    assert names == [
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "BASE_URL",
        "DEFAULT_FROM_EMAIL",
        "CONN_MAX_AGE",
        "SECURE_SSL_REDIRECT",
        "DATABASE_URL",
        "REDIS_URL",
        "TASKS_BACKEND",
        "LOG_LEVEL",
    ]
    assert problems({**GOOD, "DATABASE_URL": "postgres://u:p@db:5432/maillage"}) == []


def _routes_bench(**overrides):
    """Whether /bench/bare resolves under production settings with this environment."""
    env = {k: v for k, v in os.environ.items() if k not in {*GOOD, "DATABASE_URL", "REDIS_URL"}}
    env.update(GOOD, DJANGO_SETTINGS_MODULE="portal.settings.production", **overrides)
    env["MAILLAGE_VAR_DIR"] = os.path.join(tempfile.gettempdir(), "maillage-env-check")
    script = (
        "import django; django.setup()\n"
        "from django.urls import Resolver404, resolve\n"
        "try:\n    print(resolve('/bench/bare').url_name)\n"
        "except Resolver404:\n    print('absent')\n"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_benchmark_ceiling_view_is_routed_only_where_the_benchmark_runs():
    assert _routes_bench() == "absent"
    assert _routes_bench(BENCHMARK="true") == "bench-bare"
