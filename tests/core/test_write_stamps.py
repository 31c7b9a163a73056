"""portal/core/stamps.py: a copy made while a write outside a transaction is running (after
cachalot stamped the table, before the statement landed) is never served once it has run.

The writer runs in a thread with its own database connection; a wrapper of that connection
holds its UPDATE back at the moment cachalot has already stamped the table, while the test
reads and caches the old row, as a concurrent request would."""

import threading

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from portal.core.perf import AnonymousPageCacheMiddleware, cached_value
from portal.members.factories import CommuneFactory
from portal.members.models import Commune

WAIT = 20  # seconds: generous for a loaded machine; a pass takes well under one


def names_of(commune):
    return list(Commune.objects.filter(pk=commune.pk).values_list("name", flat=True))


class HeldWrite:
    """``Commune.objects.filter(pk=...).update(name=...)`` in another thread, outside any
    transaction, held just before its statement runs until ``release()``."""

    def __init__(self, commune, name):
        self.reached, self.released = threading.Event(), threading.Event()
        self.failure = None
        self.thread = threading.Thread(target=self._write, args=(commune.pk, name))

    def _hold(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("UPDATE"):
            self.reached.set()
            self.released.wait(WAIT)
        return execute(sql, params, many, context)

    def _write(self, pk, name):
        try:
            assert not connection.in_atomic_block
            with connection.execute_wrapper(self._hold):
                Commune.objects.filter(pk=pk).update(name=name)
        except Exception as exc:  # reported by release(), in the test's thread
            self.failure = exc
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        assert self.reached.wait(WAIT), "the write never reached its statement"
        return self

    def __exit__(self, *exc):
        self.released.set()
        self.thread.join(WAIT)
        assert not self.thread.is_alive()
        if self.failure:
            raise self.failure


@pytest.mark.django_db(transaction=True)
def test_a_value_cached_while_a_write_runs_is_renewed_once_it_has_run():
    commune = CommuneFactory(name="Avant")

    def read():
        return cached_value(
            "write-race", (commune.pk,), ["members.commune"], lambda: names_of(commune)
        )

    assert read() == ["Avant"]
    with HeldWrite(commune, "Après"):
        # cachalot has stamped the table; the row is not written yet: a reader caches it.
        assert read() == ["Avant"]
    assert names_of(commune) == ["Après"]
    assert read() == ["Après"]


@pytest.mark.django_db(transaction=True)
def test_a_visitor_page_cached_while_a_write_runs_is_renewed_once_it_has_run(settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60
    commune = CommuneFactory(name="Avant")

    def page(request):
        return HttpResponse(f"<p>{', '.join(names_of(commune))}</p>", content_type="text/html")

    middleware = AnonymousPageCacheMiddleware(page)

    def visit():
        request = RequestFactory().get("/communes/")
        request.LANGUAGE_CODE = "fr"
        response = middleware(request)
        return response["X-Page-Cache"], response.content.decode()

    assert visit() == ("miss", "<p>Avant</p>")
    assert visit() == ("hit", "<p>Avant</p>")
    with HeldWrite(commune, "Après"):
        assert visit() == ("miss", "<p>Avant</p>")  # stored under the key moved before the write
    assert visit() == ("miss", "<p>Après</p>")
    assert visit() == ("hit", "<p>Après</p>")
