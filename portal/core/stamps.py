"""Write stamps: what tells a cached copy (``portal/core/perf.py``) that it is still current.

django-cachalot records the moment of the last write on each table for every write made
through Django's database layer -- ``save()``, ``delete()``, ``QuerySet.update()``,
``bulk_create``, auto-created many-to-many tables, raw SQL through a cursor -- in every
process (web, worker, scheduler, management commands, shell). Inside a transaction it stamps
once the outermost block has committed; raw SQL through a cursor once the statement has run.
An ORM write outside a transaction it stamps just *before* the statement runs (its
write-compiler patch): a copy made in that instant from the old rows would be stored under
the new stamp and served after the write. ``restamp_after_write``, installed
on every database connection, stamps the written table again once such a statement has
run, so a copy made before the write lands is never current afterwards. (cachalot's own SQL
query cache is off: ``CACHALOT_ENABLED = False``.)

Values and fragments read the stamps of the tables they show (``table_stamps``). Visitor
pages depend on nearly every table, so they read one key instead, ``LAST_WRITE_KEY``, moved
by ``note_write`` on cachalot's ``post_invalidation`` signal (connected in
``CoreConfig.ready``, so in every process), together with the stamps of the current thread's
own uncommitted writes (``last_write``).

Within ``uncached()`` (previews, drafts, old revisions) every stamp is a new random token:
nothing is read from or stored for the next viewer.
"""

import functools
import logging
import re
import time
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from cachalot.api import invalidate
from cachalot.cache import cachalot_caches
from cachalot.settings import cachalot_settings
from cachalot.transaction import AtomicCache
from cachalot.utils import is_cachable
from django.apps import apps
from django.core.cache import cache, caches
from django.db import DEFAULT_DB_ALIAS

logger = logging.getLogger(__name__)

# Set while Wagtail renders a preview, a draft or an old revision: what is shown then must
# neither come from nor go into the shared cache (it differs from the live page).
_bypass = ContextVar("fragment_cache_bypass", default=False)


@contextmanager
def uncached():
    """Within this block every shared-cache helper computes afresh and stores nothing."""
    token = _bypass.set(True)
    try:
        yield
    finally:
        _bypass.reset(token)


def cache_bypassed():
    return _bypass.get()


@functools.cache
def table_of(label):
    """The SQL table of a model label ("app_label.model", auto-created m2m tables included);
    a label that names no model is an error, not a stamp that never moves."""
    return apps.get_model(label)._meta.db_table


# Writes that change no page: a sign-in or a visit writes the session only.
UNTRACKED_TABLES = frozenset({"django_session"})
LAST_WRITE_KEY = "perf:last-write"


def note_write(sender, **kwargs):
    """Receiver of cachalot's ``post_invalidation`` (``sender`` is the table written): moves
    ``LAST_WRITE_KEY``, after the commit for a transaction, before and again after the
    statement for a write outside one (``restamp_after_write``)."""
    if sender not in UNTRACKED_TABLES:
        cache.set(LAST_WRITE_KEY, time.time(), None)


# The table a data-changing statement writes, as Django's compilers write them:
# INSERT INTO "t" ..., UPDATE "t" SET ..., DELETE FROM "t" ... (tables in subqueries are
# only read).
WRITTEN_TABLE_RE = re.compile(
    r'\s*(?:insert\s+(?:or\s+\w+\s+)?into|update|delete\s+from)\s+"?([^\s"(]+)',
    re.IGNORECASE,
)


def restamp_after_write(execute, sql, params, many, context):
    """A ``connection.execute_wrapper``: once a write in autocommit has run (so it is stored),
    stamp its table again (cachalot stamped it before the statement ran; a copy made in between
    holds the old rows under that stamp). Inside a transaction cachalot stamps after the
    commit, so nothing is needed there."""
    result = execute(sql, params, many, context)
    connection = context["connection"]
    if connection.get_autocommit() and not connection.in_atomic_block and isinstance(sql, str):
        written = WRITTEN_TABLE_RE.match(sql)
        if written and is_cachable(written.group(1)):
            try:
                invalidate(
                    written.group(1),
                    db_alias=connection.alias,
                    cache_alias=cachalot_settings.CACHALOT_CACHE,
                )
            except Exception:  # the write is stored: report, do not turn it into an error
                logger.exception("could not stamp %s again after a write", written.group(1))
    return result


def install_restamp(sender=None, connection=None, **kwargs):
    """Receiver of ``connection_created``: every connection of every process restamps its
    writes (outermost wrapper, so it runs once the statement has really returned)."""
    if restamp_after_write not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, restamp_after_write)


def own_uncommitted_writes():
    """The latest stamp cachalot holds for the current thread's open transactions (their
    writes are not committed, so no signal was sent yet; 0 outside a transaction)."""
    alias = cachalot_settings.CACHALOT_CACHE
    untracked = {
        cachalot_settings.CACHALOT_TABLE_KEYGEN(DEFAULT_DB_ALIAS, table)
        for table in UNTRACKED_TABLES
    }
    level = cachalot_caches.get_cache(alias, DEFAULT_DB_ALIAS)
    latest = 0
    while isinstance(level, AtomicCache):
        latest = max([latest, *(v for k, v in level.items() if k not in untracked)])
        level = level.parent_cache
    return latest


def last_write(found=None):
    """A token that changes at every write on any table but the sessions', in any process:
    ``LAST_WRITE_KEY`` (taken from ``found``, a ``get_many`` answer, when given) and the
    thread's own uncommitted writes. A missing key (emptied cache) is set now, so a copy
    stored under an earlier token is never served."""
    if _bypass.get():
        return uuid.uuid4().hex
    stamp = (found if found is not None else {}).get(LAST_WRITE_KEY)
    if stamp is None:
        stamp = cache.get(LAST_WRITE_KEY) if found is None else None
    if stamp is None:
        cache.add(LAST_WRITE_KEY, time.time(), None)
        stamp = cache.get(LAST_WRITE_KEY)
    return f"{stamp}:{own_uncommitted_writes()}"


def table_stamps(tables):
    """The moment of the last write on each of ``tables``, as django-cachalot records it.

    A table without a stamp (never written since the cache was emptied, or evicted) is
    stamped now in the shared cache, unless another process did it first: what was cached
    under no stamp is then never served. That is no write: ``LAST_WRITE_KEY`` stays.
    """
    if _bypass.get():
        return (uuid.uuid4().hex,)  # a key no stored copy has, and no later request asks for
    alias = cachalot_settings.CACHALOT_CACHE
    keygen = cachalot_settings.CACHALOT_TABLE_KEYGEN
    keys = [keygen(DEFAULT_DB_ALIAS, table) for table in tables]
    found = cachalot_caches.get_cache(alias, DEFAULT_DB_ALIAS).get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        shared, now = caches[alias], time.time()
        for key in missing:
            shared.add(key, now, cachalot_settings.CACHALOT_TIMEOUT)
        found.update(shared.get_many(missing))
    return tuple(found.get(key, 0) for key in keys)
