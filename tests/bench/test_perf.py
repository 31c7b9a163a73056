"""portal/core/perf.py: visitors' pages come from the cache only when safe; reads open no session."""

import re

import pytest
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from portal.core.perf import AnonymousPageCacheMiddleware


@pytest.fixture
def page_cache(settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60
    return settings


def fresh_client():
    # A new handler (the middleware reads its setting when loaded), CSRF enforced like a browser.
    return Client(enforce_csrf_checks=True)


def csrf_token_in(response):
    match = re.search(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', response.content)
    assert match, "no CSRF field on the page"
    return match.group(1).decode()


@pytest.mark.django_db
def test_visitor_page_is_cached_with_a_csrf_token_of_each_visitors_own(people, page_cache):
    first_visitor, second_visitor = fresh_client(), fresh_client()
    first = first_visitor.get("/")
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    second = second_visitor.get("/")
    assert second["X-Page-Cache"] == "hit"
    assert "sessionid" not in second.cookies
    own_secret = second_visitor.cookies["csrftoken"].value
    assert own_secret != first_visitor.cookies["csrftoken"].value
    assert _unmask_cipher_token(csrf_token_in(second)) == own_secret
    assert second.content.replace(csrf_token_in(second).encode(), b"") == first.content.replace(
        csrf_token_in(first).encode(), b""
    )
    # The token served from the cache works: the language form posts.
    switched = second_visitor.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/", "csrfmiddlewaretoken": csrf_token_in(second)},
    )
    assert switched.status_code == 302


@pytest.mark.django_db
def test_signed_in_member_is_never_served_from_the_cache(people, page_cache):
    fresh_client().get("/")  # a visitor fills the cache
    client = fresh_client()
    client.force_login(people.medecin, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    # The member's own page (their sign-out form), not the visitors' copy.
    assert b'<form method="post" action="/compte/logout/"' in response.content


@pytest.mark.django_db
def test_a_model_write_invalidates_cached_pages(people, page_cache):
    from portal.members.models import Profession

    client = fresh_client()
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    profession = Profession.objects.first()
    profession.save()
    assert client.get("/")["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_pages_with_a_csrf_token_or_a_cookie_are_not_stored(people, page_cache):
    client = fresh_client()
    login = client.get("/compte/login/")  # excluded path, and it carries a CSRF token
    assert "X-Page-Cache" not in login
    response = HttpResponse("<form>", content_type="text/html")
    response.set_cookie("csrftoken", "x")
    assert not AnonymousPageCacheMiddleware.storable(response)
    private = HttpResponse("<p>", content_type="text/html", headers={"Cache-Control": "private"})
    assert not AnonymousPageCacheMiddleware.storable(private)
    assert AnonymousPageCacheMiddleware.storable(HttpResponse("<p>", content_type="text/html"))


@pytest.mark.django_db
def test_disabled_by_default(people):
    client = fresh_client()
    client.get("/")
    assert "X-Page-Cache" not in client.get("/")


@pytest.mark.django_db
def test_visitor_reads_open_no_session_outside_the_forum(people):
    from django.contrib.sessions.models import Session

    client = fresh_client()
    for path in ("/bench/bare", "/", "/annuaire/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "sessionid" not in response.cookies, path
    assert Session.objects.count() == 0


@pytest.mark.django_db
def test_the_last_write_signal_renews_visitor_pages(people, page_cache):
    """What cachalot sends after a committed write (here no transaction ever commits, so
    the signal is sent as cachalot's commit sends it) renews every visitor page."""
    from cachalot.signals import post_invalidation

    client = fresh_client()
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    post_invalidation.send("django_session", db_alias="default")  # a sign-in renews nothing
    assert client.get("/")["X-Page-Cache"] == "hit"
    post_invalidation.send("directory_resource", db_alias="default")
    assert client.get("/")["X-Page-Cache"] == "miss"


LAST_WRITE_IN_A_COMMAND = """
import json, django
django.setup()
from django.core.cache import cache
from django.db import connection, transaction
from taggit.models import Tag
from portal.core.stamps import LAST_WRITE_KEY
with connection.schema_editor() as editor:
    editor.create_model(Tag)
seen = [cache.get(LAST_WRITE_KEY)]
Tag.objects.create(name="garde", slug="garde")
seen.append(cache.get(LAST_WRITE_KEY))
with transaction.atomic():
    Tag.objects.update(name="astreinte")
    seen.append(cache.get(LAST_WRITE_KEY))
seen.append(cache.get(LAST_WRITE_KEY))
print(json.dumps(seen))
"""


def test_any_process_moves_the_last_write_key():
    """A process that never builds the web stack (a command, the worker, a shell) moves the
    key visitor pages are checked against: at the write outside a transaction, at commit
    for one (not before: other processes must not store a copy of what is not committed)."""
    import json
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"}
    env["DATABASE_URL"] = "sqlite://:memory:"
    env.pop("REDIS_URL", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", LAST_WRITE_IN_A_COMMAND],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    after_create, after_insert, inside_transaction, after_commit = json.loads(result.stdout)
    assert after_create is not None
    assert after_insert > after_create
    assert inside_transaction == after_insert
    assert after_commit > inside_transaction
