"""Login throttling and lockout, sessions, password reset, two-factor that cannot be skipped."""

import re
import subprocess
import sys

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.test import Client

from portal.members import services
from portal.members.factories import DEMO_PASSWORD, MembershipFactory, UserFactory

LOGIN = "/compte/login/"


def attempt(client, email, password, **headers):
    return client.post(LOGIN, {"login": email, "password": password}, **headers)


def signed_in(client):
    return SESSION_KEY in client.session


@pytest.fixture
def member(db):
    return MembershipFactory(approved=True).user


def test_failed_logins_lock_the_account(member):
    client = Client()
    for _ in range(5):
        response = attempt(client, member.email, "wrong-password-123")
        assert response.status_code == 200
        assert not signed_in(client)
    # Locked: even the right password is refused for the rest of the window, said in French.
    response = attempt(client, member.email, DEMO_PASSWORD)
    assert not signed_in(client)
    assert "trop" in response.content.decode().lower()
    # From another browser too: the counter is the account's, not the session's.
    other = Client()
    attempt(other, member.email, DEMO_PASSWORD)
    assert not signed_in(other)
    # The counters are in the cache (Redis in production): clearing it lifts the lock.
    cache.clear()
    attempt(other, member.email, DEMO_PASSWORD)
    assert signed_in(other)


def test_ip_limit_uses_the_client_address_behind_the_proxy(db, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    users = [MembershipFactory(approved=True).user for _ in range(12)]
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.7", "REMOTE_ADDR": "10.0.0.2"}
    for user in users[:10]:
        attempt(Client(), user.email, "wrong-password-123", **attacker)
    # The eleventh failure from that address is throttled even for a fresh account...
    client = Client()
    attempt(client, users[10].email, DEMO_PASSWORD, **attacker)
    assert not signed_in(client)
    # ...while another client behind the same proxy (same REMOTE_ADDR) is not.
    neighbour = Client()
    attempt(
        neighbour,
        users[11].email,
        DEMO_PASSWORD,
        HTTP_X_FORWARDED_FOR="198.51.100.4",
        REMOTE_ADDR="10.0.0.2",
    )
    assert signed_in(neighbour)


def test_counters_are_shared_between_app_servers_with_redis():
    """With REDIS_URL the cache (hence allauth's counters) and sessions live in Redis
    (sessions also in the database, so a Redis restart signs nobody out: issue 14)."""
    code = (
        "import django, os;"
        "os.environ['DJANGO_SETTINGS_MODULE']='portal.settings.dev';"
        "from django.conf import settings as s;"
        "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE)"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env={"REDIS_URL": "redis://cache.internal:6379/0", "PATH": "/usr/bin:/bin"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    # portal.core.cache.RedisCache: django-redis, fail-open while Redis is unreachable.
    assert out == ["portal.core.cache.RedisCache", "django.contrib.sessions.backends.cached_db"]


def test_session_is_renewed_at_login_and_cleared_at_logout(member):
    client = Client()
    session = client.session
    session["probe"] = "avant connexion"
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    before = session.session_key
    attempt(client, member.email, DEMO_PASSWORD)
    assert signed_in(client)
    after = client.session.session_key
    assert after != before, "session fixation: the session key was kept at login"
    assert not Session.objects.filter(session_key=before).exists()
    client.post("/compte/logout/")
    assert not Session.objects.filter(session_key=after).exists()
    assert not signed_in(client)
    assert client.get("/annuaire/moi/").status_code == 302


def test_password_reset_does_not_reveal_accounts(member):
    known = Client().post("/compte/password/reset/", {"email": member.email})
    unknown = Client().post("/compte/password/reset/", {"email": "personne@inconnu.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    page_known = without_tokens(Client().get(known["Location"]).content.decode())
    page_unknown = without_tokens(Client().get(unknown["Location"]).content.decode())
    assert page_known.replace(member.email, "") == page_unknown.replace(
        "personne@inconnu.example", ""
    )
    # Only the account holder's mailbox learns anything.
    assert any(member.email in m.to for m in mail.outbox)


def without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.fixture
def real_bureau(db):
    """An officer not yet enrolled in two-factor (not a demo account: it is mandatory)."""
    user = UserFactory(email="tresoriere@exemple.org")
    MembershipFactory(user=user, approved=True)
    services.make_bureau(user)
    return user


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/adhesions/", "/espace-membres/", "/annuaire/", "/annuaire/?q=a&commune=b"],
)
def test_bureau_without_totp_is_sent_to_enrolment(real_bureau, path):
    """...and comes back to the whole address once enrolled (its query string included)."""
    from urllib.parse import parse_qs, urlsplit

    client = Client()
    client.force_login(real_bureau, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(path)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/compte/2fa/totp/activate/"
    assert parse_qs(location.query) == {"next": [path]}


def current_code(secret):
    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


def test_totp_stage_cannot_be_skipped(real_bureau):
    secret = generate_totp_secret()
    TOTP.activate(real_bureau, secret)
    client = Client()
    response = attempt(client, real_bureau.email, DEMO_PASSWORD)
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/2fa/authenticate/")
    assert not signed_in(client)
    # Straight to a protected URL: still not signed in.
    for path in ("/espace-membres/", "/admin/", "/annuaire/moi/"):
        response = client.get(path)
        assert response.status_code == 302, f"{path} answered {response.status_code}"
    assert not signed_in(client)
    # A wrong code is refused, the right one lets the officer in.
    client.post("/compte/2fa/authenticate/", {"code": "000000"})
    assert not signed_in(client)
    response = client.post("/compte/2fa/authenticate/", {"code": current_code(secret)})
    assert signed_in(client)
    assert client.get("/espace-membres/").status_code == 200
    assert client.get("/admin/").status_code == 200
