"""Shared fixtures: one per demo role, built with the same services as the real site."""

import io

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _media_and_caches(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


def _load_demo():
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo content once per test database, not once per test.

    Each test still runs in a transaction that is rolled back, so tests see the
    demo content as the real command left it, whatever earlier tests did.
    """
    with django_db_blocker.unblock():
        _load_demo()


@pytest.fixture
def demo(db):
    """The full demo content, loaded by the real command (reloaded after a live-server flush)."""
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
def login(client):
    """``login(user)`` signs the test client in and returns it."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


@pytest.fixture
def territory_34(db):
    """The Hérault communes shipped with the project (setup_territory: a no-op when present)."""
    from portal.members.territory import setup_territory

    setup_territory()
