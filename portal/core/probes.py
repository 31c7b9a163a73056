"""Readiness: can this process serve requests now? Database, Redis, migrations.

``/healthz`` (portal/views.py) stays a liveness probe that touches nothing. ``/readyz``
answers 503 with the reasons, in French, when one of these checks fails.
"""

import logging

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

logger = logging.getLogger(__name__)

# Once every migration of this code is applied, it stays so for the life of the process
# (a new migration comes with new code, hence a new process): checked once, not per probe.
_migrations_applied = False


def uses_redis():
    from django.utils.module_loading import import_string
    from django_redis.cache import RedisCache

    return issubclass(import_string(settings.CACHES["default"]["BACKEND"]), RedisCache)


def check_database():
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        logger.warning("readyz: database unreachable: %s", exc)
        connection.close_if_unusable_or_obsolete()
        return f"base de données injoignable ({exc.__class__.__name__})"
    return None


def check_redis():
    if not uses_redis():
        return None
    from django_redis import get_redis_connection

    try:
        get_redis_connection("default").ping()
    except Exception as exc:
        logger.warning("readyz: Redis unreachable: %s", exc)
        return f"Redis injoignable ({exc.__class__.__name__})"
    return None


def check_migrations():
    global _migrations_applied
    if _migrations_applied:
        return None
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in plan[:5])
        more = f" (et {len(plan) - 5} autres)" if len(plan) > 5 else ""
        return f"{len(plan)} migration(s) en attente : {names}{more}"
    _migrations_applied = True
    return None


def readiness_problems():
    """The reasons this process is not ready, in French; empty when it is."""
    problems = []
    database = check_database()
    if database:
        problems.append(database)
    redis = check_redis()
    if redis:
        problems.append(redis)
    if not database:
        try:
            migrations = check_migrations()
        except Exception as exc:  # the database went away between the two checks
            migrations = f"migrations impossibles à vérifier ({exc.__class__.__name__})"
        if migrations:
            problems.append(migrations)
    return problems
