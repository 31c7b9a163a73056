"""Shared fixtures: the installation every test starts from, and the demo for the tests about it."""

import io

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _media_and_caches(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in the site's default language: a request made in English
    leaves English active in the process, where the next test would find it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _load_demo():
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts as a real installation does: ``setup_portal``, no demo.

    Each test runs in a transaction that is rolled back, so tests see what the command
    left, whatever earlier tests did.
    """
    with django_db_blocker.unblock():
        call_command("setup_portal", stdout=io.StringIO())


DEMO_FIXTURES = {"demo", "bureau", "medecin", "infirmiere", "commission_member", "candidat"}


def needs_demo(item):
    return bool(DEMO_FIXTURES & set(getattr(item, "fixturenames", ()))) or bool(
        item.get_closest_marker("demo")
    )


def pytest_collection_modifyitems(config, items):
    """Tests about the demo run after all the others (stable order otherwise): the demo is
    then loaded once per test database, when the first of them starts (``_demo_loaded``)."""
    for item in items:
        if item.get_closest_marker("demo"):
            item.fixturenames.append("demo")
    items.sort(key=needs_demo)


@pytest.fixture(scope="session")
def _demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _load_demo()


@pytest.fixture
def demo(_demo_loaded, db):
    """The demo content, loaded by the real command (reloaded after a live-server flush)."""
    from portal.members.models import User

    if not User.objects.filter(email="bureau@exemple.fr").exists():
        _load_demo()
    return {u.email: u for u in User.objects.filter(email__endswith="@exemple.fr")}


@pytest.fixture
def bureau(demo):
    return demo["bureau@exemple.fr"]


@pytest.fixture
def medecin(demo):
    return demo["medecin@exemple.fr"]


@pytest.fixture
def infirmiere(demo):
    return demo["infirmiere@exemple.fr"]


@pytest.fixture
def commission_member(demo):
    return demo["commission@exemple.fr"]


@pytest.fixture
def candidat(demo):
    return demo["candidat@exemple.fr"]


@pytest.fixture
def people(db):
    """One person of each role, built with factories and services (``tests/people.py``)."""
    from tests.people import build_people

    return build_people()


@pytest.fixture
def login(client):
    """``login(user)`` signs the test client in and returns it."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


@pytest.fixture
def django_assert_max_num_queries(django_assert_max_num_queries, db):
    """Budgets measure a page's own queries: the association's identity shown on every page
    (name, colour, footer links) is read once per write from the shared cache, so it is
    read before the budget starts."""
    from portal.pages.identity import identity

    identity()
    return django_assert_max_num_queries


@pytest.fixture
def territory_34(db):
    """The Hérault communes shipped with the project (setup_territory: a no-op when present)."""
    from portal.members.services_territory import setup_territory

    setup_territory()
