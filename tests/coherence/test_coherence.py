"""Differential coherence test: with every cache on, each page shows what it shows with no
cache at all, for every role, after every kind of write.

For each step, every (role, page) is first rendered with the caches on (which also warms
them: the copies are made BEFORE the next write), then rendered again by the same client
(same session) with every cache replaced by Django's DummyCache: nothing stored, nothing
found. Both must be equal but for CSRF tokens. Then the step's write is made, through one
kind of write path, and the round starts again, so a copy kept across a write shows up as
a difference naming the step, the role and the page.

The steps are checked in groups, one test each (``pytest -n`` spreads them): a group's
test builds the world, makes the earlier groups' writes without checking them (their own
test does), warms every copy with the caches on, then checks each of its steps as above.
Every step thus meets the state and the warm copies it meets in one long sequence, and
every role and page is rendered in the same world (a copy shared across roles or pages
still shows up).

A newcomer adding a page adds it to ``scenario.build_world`` and, if it caches something,
learns here whether the cache ever differs from the page.
"""

import difflib
import re

import pytest
from django.test import override_settings

from . import scenario

pytestmark = pytest.mark.django_db

DUMMY = {
    alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    for alias in ("default", "machina_attachments")
}
TOKEN_RE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
# One-shot messages are shown by whichever request comes first after the write.
MESSAGES_RE = re.compile(rb'<div class="messages" role="status">.*?</div>', re.S)


def normalise(response):
    if response.status_code in (301, 302, 303, 307, 308):
        return f"{response.status_code} -> {response['Location']}"
    body = MESSAGES_RE.sub(b"", TOKEN_RE.sub(b"<csrf>", response.content))
    return f"{response.status_code}\n{body.decode('utf-8', 'replace')}"


def compare(world, step):
    """Each page twice in a row by the same client: caches on, then off (a page view may
    write, e.g. mark a topic read: both renders see the same data)."""
    failures = []
    for role in world.users:
        for page, url in world.pages.items():
            client = world.client(role)
            got = normalise(client.get(url))
            with override_settings(CACHES=DUMMY):
                expected = normalise(client.get(url))
            if got != expected:
                diff = difflib.unified_diff(
                    expected.splitlines(), got.splitlines(), "uncached", "cached", n=1, lineterm=""
                )
                failures.append(
                    f"after {step}: {role} on {page} {url}\n" + "\n".join(list(diff)[:40])
                )
    return failures


@pytest.fixture
def caches_on(settings):
    """The production settings' caches: visitor pages too (a locmem cache stands for Redis)."""
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60


def warm(world):
    """Every (role, page) rendered once with the caches on, as a check would."""
    for role in world.users:
        for url in world.pages.values():
            world.client(role).get(url)


GROUP_SIZE = 3
GROUPS = range(0, len(scenario.STEPS), GROUP_SIZE)


@pytest.mark.parametrize(
    "first",
    GROUPS,
    ids=lambda first: "-".join(s.__name__ for s in scenario.STEPS[first : first + GROUP_SIZE]),
)
def test_cached_pages_equal_uncached_pages_after_every_kind_of_write(caches_on, first):
    world = scenario.build_world()
    if first == 0:
        failures = compare(world, "setup")
    else:
        for step in scenario.STEPS[:first]:
            step(world)
        warm(world)
        failures = []
    for step in scenario.STEPS[first : first + GROUP_SIZE]:
        step(world)
        failures += compare(world, step.__name__)
    assert not failures, f"{len(failures)} differences:\n\n" + "\n\n".join(failures[:12])
