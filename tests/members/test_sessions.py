"""A person's other sessions end when they must, with the database and the Redis session backends.

Two browsers (test clients) are signed in as the same member: one acts, the other must be
signed out afterwards; the one that acted stays signed in when the action is its own
(password change, two-factor removed). Redis: a real server, database 12, skipped only
when no Redis answers.
"""

import os
import uuid

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from portal.members import services
from portal.members.factories import DEMO_PASSWORD as PASSWORD  # what the factories set
from portal.members.services_account import close_account

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/12")
DASHBOARD = "/espace-membres/"


def redis_missing():
    try:
        import redis

        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2).ping()
    except Exception as exc:
        return str(exc)
    return None


@pytest.fixture(params=["database", "redis", "redis-and-database"])
def session_backend(request, settings):
    """database: db backend; redis: cache backend on Redis; redis-and-database: cached_db on
    Redis, what production uses (portal/settings/base.py)."""
    if request.param != "database":
        why = redis_missing()
        if why:
            pytest.skip(f"needs Redis at {REDIS_TEST_URL}: {why}")
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": REDIS_TEST_URL,
                # Tests on other workers share database 12: each test has its own keys.
                "KEY_PREFIX": f"sessions-test-{uuid.uuid4().hex}",
            },
        }
        settings.SESSION_ENGINE = (
            "django.contrib.sessions.backends.cache"
            if request.param == "redis"
            else "django.contrib.sessions.backends.cached_db"
        )
    else:
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    return request.param


def signed_in(user):
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def is_signed_in(client):
    response = client.get(DASHBOARD)
    if response.status_code == 200:
        return True
    assert response.status_code == 302 and "/compte/login/" in response["Location"]
    return False


def test_password_change_ends_the_other_sessions_only(session_backend, people):
    medecin = people.medecin
    acting, other = signed_in(medecin), signed_in(medecin)
    assert is_signed_in(acting) and is_signed_in(other)
    new_password = "un-nouveau-mot-de-passe-2026"  # noqa: S105
    response = acting.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302, response.content[:1000]
    assert is_signed_in(acting)
    assert not is_signed_in(other)


def test_two_factor_removed_ends_the_other_sessions_only(session_backend, people):
    medecin = people.medecin
    acting, other = signed_in(medecin), signed_in(medecin)
    Authenticator.objects.create(user=medecin, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert is_signed_in(acting) and is_signed_in(other)
    # allauth asks for the password again before removing a second factor.
    response = acting.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content[:1000]
    response = acting.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302, response.content[:1000]
    assert response["Location"] == reverse("mfa_index"), response["Location"]
    assert not Authenticator.objects.filter(user=medecin, type=Authenticator.Type.TOTP).exists()
    assert is_signed_in(acting)
    assert not is_signed_in(other)


def test_suspension_ends_every_session(session_backend, people):
    medecin, bureau = people.medecin, people.bureau
    first, second = signed_in(medecin), signed_in(medecin)
    colleague = signed_in(bureau)
    assert is_signed_in(first) and is_signed_in(second)
    services.suspend(medecin.membership, reason="Test", by=bureau)
    assert not is_signed_in(first)
    assert not is_signed_in(second)
    assert is_signed_in(colleague), "someone else's session must not end"


def test_closing_the_account_ends_every_session(session_backend, people):
    medecin = people.medecin
    first, second = signed_in(medecin), signed_in(medecin)
    assert is_signed_in(first) and is_signed_in(second)
    close_account(medecin)
    assert not is_signed_in(first)
    assert not is_signed_in(second)


def test_sessions_opened_before_the_generation_existed_stay_valid(people):
    """Generation 0 gives Django's own hash: deploying this change signs nobody out."""
    from django.contrib.auth.base_user import AbstractBaseUser

    medecin = people.medecin

    assert medecin.session_generation == 0
    assert medecin.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(medecin)
    medecin.session_generation = 1
    assert medecin.get_session_auth_hash() != AbstractBaseUser.get_session_auth_hash(medecin)


def test_a_session_from_before_visits_were_recorded_at_login_keeps_its_mark(rf, db):
    """Sessions opened before the visit moved to the login hold the old "dashboard_since"
    mark: "new since my last visit" keeps counting from it."""
    from django.contrib.sessions.backends.db import SessionStore

    from portal.members.factories import UserFactory
    from portal.members.sessions import visit_since

    request = rf.get("/espace-membres/")
    request.user = UserFactory()
    request.session = SessionStore()
    request.session["dashboard_since"] = "2026-11-30T08:00:00+00:00"
    assert visit_since(request).isoformat() == "2026-11-30T08:00:00+00:00"


def test_the_member_menu_needs_no_middleware(rf, db):
    """An error page rendered for a request that never reached ViewerMiddleware still asks
    the right viewer (a RequestFactory request, here)."""
    from django.contrib.auth.models import AnonymousUser

    from portal.members.context_processors import member_menu
    from portal.members.factories import MembershipFactory

    request = rf.get("/")
    request.user = AnonymousUser()
    assert not member_menu(request)["MEMBER_MENU"]
    request = rf.get("/")
    request.user = MembershipFactory(approved=True).user
    assert member_menu(request)["MEMBER_MENU"]
