"""Shared fixtures: one per demo role, built with the same services as the real site."""

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _media_and_caches(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def demo(db):
    """The full demo content, loaded by the real command."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from portal.members.models import User

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
