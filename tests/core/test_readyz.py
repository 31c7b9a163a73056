"""/readyz: 200 when the database, Redis and migrations are ready; 503 and why otherwise."""

import pytest

from portal.core import probes

REDIS_DOWN = "redis://127.0.0.1:1/0"  # port 1: nothing listens there


@pytest.fixture(autouse=True)
def _fresh_migration_check(monkeypatch):
    monkeypatch.setattr(probes, "_migrations_applied", False)


def test_ready_when_the_database_is_migrated(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert response["Cache-Control"].startswith("max-age=0")
    assert "Set-Cookie" not in response


def test_pending_migration_is_a_503_naming_it(client, db):
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder

    # The members app's latest migration (a pending one is always the latest of its app).
    (latest,) = [
        name for app, name in MigrationLoader(connection).graph.leaf_nodes() if app == "members"
    ]
    applied = MigrationRecorder.Migration.objects.filter(app="members", name=latest)
    assert applied.exists()
    applied.delete()  # rolled back with the test's transaction
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.content.decode()
    assert "migration(s) en attente" in body and f"members.{latest}" in body


def test_redis_unreachable_is_a_503(client, db, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_DOWN,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        },
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "Redis injoignable" in response.content.decode()


# A database that goes away is tested for real in tests/core/test_production_like.py,
# where the portal runs on a throwaway PostgreSQL server that is stopped.


def test_server_error_page_is_french_and_shows_no_trace(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Service momentanément indisponible" in body and 'lang="fr"' in body
    assert "Traceback" not in body and "Server Error" not in body


def test_too_many_sign_in_attempts_page_is_french(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login": "1/m/ip"}
    for _ in range(3):
        response = client.post("/compte/login/", {"login": "x@exemple.fr", "password": "faux"})
    assert response.status_code == 429
    body = response.content.decode()
    assert "Trop de tentatives" in body and "Too Many Requests" not in body


def test_redis_cache_add_is_fail_open_only_when_redis_is_unreachable(settings):
    """allauth's rate limiter locks with add(): a lost Redis must not refuse every sign-in."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "portal.core.cache.RedisCache",
            "LOCATION": REDIS_DOWN,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        },
    }
    cache = caches["default"]
    assert cache.add("lock", 1) is True
    assert cache.get("lock", "absent") == "absent"
