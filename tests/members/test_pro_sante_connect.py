"""Pro Santé Connect against a real OpenID Connect provider run locally (issue 19, item 7).

The provider is panva's oidc-provider (npm, OpenID Certified), run with the machine's Node.js
from tests/members/psc_provider.mjs with PSC-shaped claims. The Django test client drives
the site; ``requests`` drives the provider's pages (login, consent) over real HTTP; allauth
exchanges the code and reads userinfo over real HTTP too. Nothing is mocked.

CI installs the package (.ci/run: npm install --prefix var/oidc-provider) and sets
REQUIRE_OIDC_PROVIDER, so these tests fail rather than skip when it is missing.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.members import services, services_account
from portal.members.factories import MembershipFactory, UserFactory, make_rpps
from portal.members.models import MEMBERS_GROUP, Membership, User
from portal.members.prosanteconnect import PROVIDER_ID, verified_rpps

OIDC_DIR = Path(
    os.environ.get("OIDC_PROVIDER_DIR") or Path(settings.BASE_DIR) / "var" / "oidc-provider"
)
SCRIPT = Path(__file__).with_name("psc_provider.mjs")
CALLBACK = f"http://testserver/compte/oidc/{PROVIDER_ID}/login/callback/"
CLIENT_ID, CLIENT_SECRET = "maillage-tests", "maillage-tests-secret"  # noqa: S105
BUTTON = "Se connecter avec Pro Santé Connect"

RPPS_NEW = make_rpps(seed=190701)
RPPS_MEMBER = make_rpps(seed=190702)


def psc_claims(rpps, code, first, last):
    """Claims as PSC's userinfo gives them with scope_all (see portal/members/prosanteconnect.py)."""
    return {
        "SubjectNameID": f"8{rpps}",
        "preferred_username": f"8{rpps}",
        "given_name": first.upper(),
        "family_name": last.upper(),
        "codeCivilite": "MME",
        "SubjectOrganization": "CABINET INFIRMIER",
        "SubjectRefPro": {
            "exercices": [
                {
                    "codeProfession": code,
                    "codeCategorieProfessionnelle": "C",
                    "nomDexercice": last,
                    "prenomDexercice": first,
                    "activities": [{"codeModeExercice": "L", "codePostal": "34700"}],
                }
            ]
        },
    }


ACCOUNTS = {
    "nouvelle": psc_claims(RPPS_NEW, "60", "Hélène", "Vidal"),
    "membre": psc_claims(RPPS_MEMBER, "10", "Paul", "Roux"),
    # A professional known by an ADELI number only: PSC's identifier starts with 0.
    "sans-rpps": {
        "SubjectNameID": "0341234567",
        "preferred_username": "0341234567",
        "given_name": "LUC",
        "family_name": "MARTIN",
        "SubjectRefPro": {"exercices": [{"codeProfession": "96", "nomDexercice": "Martin"}]},
    },
}


def _unavailable(reason):
    if os.environ.get("REQUIRE_OIDC_PROVIDER"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def provider_url():
    node = shutil.which("node")
    module = OIDC_DIR / "node_modules" / "oidc-provider" / "lib" / "index.js"
    if not node or not module.exists():
        _unavailable(
            f"OpenID Connect provider not found (node: {node}, module: {module}); "
            "npm install --prefix var/oidc-provider oidc-provider"
        )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "OIDC_PROVIDER_DIR": str(OIDC_DIR),
        "PORT": str(port),
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URI": CALLBACK,
        "ACCOUNTS": json.dumps(ACCOUNTS),
    }
    process = subprocess.Popen(  # noqa: S603 - fixed command
        [node, str(SCRIPT)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(f"{url}/.well-known/openid-configuration", timeout=2).ok:
                break
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            _unavailable(f"the OpenID Connect provider did not start: {process.stderr.read()!r}")
        time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def psc(settings, provider_url, territory_34):
    """The site configured as production would be, pointed at the local provider."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": PROVIDER_ID,
                    "name": "Pro Santé Connect",
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {
                        "server_url": provider_url,
                        "scope": ["openid", "scope_all"],
                        "auth_params": {"acr_values": "eidas1"},
                        "oauth_pkce_enabled": True,
                    },
                }
            ]
        }
    }
    return provider_url


class Forms(HTMLParser):
    """The forms of a page: action, and the named inputs with their values."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": {}, "text": ""})
        elif tag in ("input", "button") and self.forms and attrs.get("name"):
            self.forms[-1]["fields"][attrs["name"]] = attrs.get("value") or ""

    def handle_data(self, data):
        if self.forms:
            self.forms[-1]["text"] += data


def forms_of(html):
    parser = Forms()
    parser.feed(html)
    return parser.forms


def provider_form(html, label):
    """The site's form whose button reads ``label`` (the Pro Santé Connect button)."""
    found = [f for f in forms_of(html) if label in f["text"]]
    assert len(found) == 1, html
    return found[0]


def at_provider(authorize_url, login):
    """Sign in as ``login`` on the provider's own pages; return where it sends the browser."""
    browser = requests.Session()
    url = authorize_url
    for _step in range(12):
        response = browser.get(url, allow_redirects=False, timeout=10)
        if not response.is_redirect:
            form = forms_of(response.text)[0]
            fields = form["fields"]
            if "login" in response.text and fields.get("prompt") == "login":
                fields.update(login=login, password="e-CPS")  # noqa: S106
            response = browser.post(
                urljoin(url, form["action"]), data=fields, allow_redirects=False, timeout=10
            )
            assert response.is_redirect, response.text
        url = urljoin(url, response.headers["location"])
        if url.startswith("http://testserver/"):
            return url
    raise AssertionError(f"the provider never sent the browser back (last: {url})")


def through_psc(client, page, login, label=BUTTON):
    """Press the button on ``page``, sign in at the provider, come back to the callback."""
    html = client.get(page).content.decode()
    form = provider_form(html, label)
    response = client.post(form["action"], form["fields"])
    assert response.status_code == 302
    authorize = response["Location"]
    assert authorize.startswith(
        settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]["settings"]["server_url"]
    )
    query = parse_qs(urlsplit(authorize).query)
    # allauth joins the scopes from a set: their order varies from one process to the next.
    assert set(query["scope"][0].split()) == {"openid", "scope_all"}, authorize
    assert query["acr_values"] == ["eidas1"] and query["code_challenge_method"] == ["S256"]
    back = urlsplit(at_provider(authorize, login))
    assert back.path == urlsplit(CALLBACK).path
    return client.get(f"{back.path}?{back.query}")


def signed_in_user(client):
    return client.session.get(SESSION_KEY)


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_no_button_without_configuration(client, db):
    for page in ("account_login", "account_signup"):
        html = client.get(reverse(page)).content.decode()
        assert "Pro Santé Connect" not in html


def test_button_on_login_and_signup_pages(client, psc):
    for page in ("account_login", "account_signup"):
        html = client.get(reverse(page)).content.decode()
        form = provider_form(html, BUTTON)
        assert form["action"].startswith(f"/compte/oidc/{PROVIDER_ID}/login/")
        assert "csrfmiddlewaretoken" in form["fields"]


def test_new_applicant_signs_up_with_verified_rpps_then_bureau_approves(
    client, psc, django_capture_on_commit_callbacks
):
    response = through_psc(client, reverse("account_signup"), "nouvelle")
    assert response.status_code == 302
    assert response["Location"] == reverse("socialaccount_signup")

    page = client.get(reverse("socialaccount_signup"))
    form = page.context["form"]
    html = page.content.decode()
    assert form["registration_number"].value() == RPPS_NEW
    assert form.fields["registration_number"].disabled
    assert re.search(r'<input[^>]*name="registration_number"[^>]*disabled', html)
    assert form["first_name"].value() == "Hélène" and form["last_name"].value() == "Vidal"
    assert form.fields["first_name"].disabled and form.fields["last_name"].disabled
    assert (
        form["profession"].value()
        == Membership._meta.get_field("profession").related_model.objects.get(code="60").pk
    )
    # Only the professions the claims name can be chosen.
    assert {p.code for p in form.fields["profession"].queryset} == {"60"}

    data = {
        "email": "helene.vidal@exemple.test",
        "first_name": "Quelqu'un",  # tampering: ignored, the claims decide
        "last_name": "D'autre",
        "profession": form["profession"].value(),
        "registration_number": make_rpps(seed=1),  # tampering: ignored, the claims decide
        "commune": "Lodève",
        "charter": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("socialaccount_signup"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(email="helene.vidal@exemple.test")
    membership = user.membership
    assert membership.rpps == RPPS_NEW
    assert (user.first_name, user.last_name) == ("Hélène", "Vidal")
    assert membership.status == Membership.Status.PENDING
    assert not user.groups.filter(name=MEMBERS_GROUP).exists()
    account = SocialAccount.objects.get(user=user)
    assert account.provider == PROVIDER_ID
    # Only what the portal needs of the claims is kept: no places of practice.
    assert verified_rpps(user) == RPPS_NEW
    stored = json.dumps(account.extra_data)
    assert "activities" not in stored and "SubjectOrganization" not in stored

    # The bureau sees the number was verified, and approves as for any application.
    bureau = UserFactory(is_demo_account=True)
    services.make_bureau(bureau)
    desk = Client()
    desk.force_login(bureau, backend="django.contrib.auth.backends.ModelBackend")
    detail = desk.get(reverse("members_admin:decide", args=[membership.pk])).content.decode()
    assert f"RPPS {RPPS_NEW} — vérifié par Pro Santé Connect" in detail

    # The e-mail PSC does not give is verified as any other, then the bureau approves.
    body = next(m.body for m in mail.outbox if m.to == ["helene.vidal@exemple.test"])
    confirm = re.search(r"http://testserver(/compte/confirm-email/\S+/)", body).group(1)
    client.post(confirm)
    desk.post(reverse("members_admin:decide", args=[membership.pk]), {"action": "approve"})
    membership.refresh_from_db()
    assert membership.status == Membership.Status.APPROVED
    assert user.groups.filter(name=MEMBERS_GROUP).exists()

    # Next time: straight in with Pro Santé Connect.
    client.logout()
    response = through_psc(client, reverse("account_login"), "nouvelle")
    assert response.status_code == 302
    assert response["Location"] == settings.LOGIN_REDIRECT_URL
    assert signed_in_user(client) == str(user.pk)


def test_member_links_psc_from_account_then_signs_in_with_it(client, psc):
    member = MembershipFactory(rpps=RPPS_MEMBER, approved=True).user
    client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    hub = client.get(reverse("my_account:hub")).content.decode()
    assert reverse("socialaccount_connections") in hub

    response = through_psc(
        client,
        reverse("socialaccount_connections"),
        "membre",
        label="Relier mon compte à Pro Santé Connect",
    )
    assert response.status_code == 302
    assert SocialAccount.objects.filter(user=member, provider=PROVIDER_ID).count() == 1

    client.logout()
    response = through_psc(client, reverse("account_login"), "membre")
    assert response["Location"] == settings.LOGIN_REDIRECT_URL
    assert signed_in_user(client) == str(member.pk)

    # My data export shows the link; closing the account removes it with its claims.
    assert f"8{RPPS_MEMBER}" in services_account.export_json(member)
    services_account.close_account(member)
    assert not SocialAccount.objects.exists()


def test_link_refused_when_rpps_is_not_the_members(client, psc):
    other = MembershipFactory(approved=True).user
    client.force_login(other, backend="django.contrib.auth.backends.ModelBackend")
    response = through_psc(
        client,
        reverse("socialaccount_connections"),
        "membre",
        label="Relier mon compte à Pro Santé Connect",
    )
    assert response["Location"] == reverse("socialaccount_connections")
    page = client.get(response["Location"])
    assert any("n'est pas celui de votre adhésion" in m for m in messages_of(page))
    assert not SocialAccount.objects.exists()


def test_login_never_links_an_existing_account_by_itself(client, psc):
    """A PSC login whose RPPS is on an account not yet linked is refused, with the way to link."""
    member = MembershipFactory(rpps=RPPS_MEMBER, approved=True).user
    users = User.objects.count()
    response = through_psc(client, reverse("account_login"), "membre")
    assert response["Location"] == reverse("account_login")
    page = client.get(response["Location"])
    assert any("Un compte existe déjà avec ce numéro RPPS" in m for m in messages_of(page))
    assert signed_in_user(client) is None
    assert not SocialAccount.objects.filter(user=member).exists()
    assert User.objects.count() == users


def test_refused_when_claims_carry_no_rpps(client, psc):
    users = User.objects.count()
    response = through_psc(client, reverse("account_signup"), "sans-rpps")
    assert response["Location"] == reverse("account_login")
    page = client.get(response["Location"])
    assert any("n'a pas transmis de numéro RPPS" in m for m in messages_of(page))
    assert signed_in_user(client) is None
    assert not SocialAccount.objects.exists()
    assert User.objects.count() == users
    # Nothing waits in the session to complete a sign-up with.
    assert client.get(reverse("socialaccount_signup")).status_code == 302


def test_signed_in_without_membership_cannot_link(client, psc):
    user = UserFactory()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = through_psc(
        client,
        reverse("socialaccount_connections"),
        "membre",
        label="Relier mon compte à Pro Santé Connect",
    )
    assert response["Location"] == reverse("socialaccount_connections")
    assert not SocialAccount.objects.exists()
    assert not Group.objects.get(name=MEMBERS_GROUP).user_set.filter(pk=user.pk).exists()


def test_provider_comes_from_the_environment():
    """PSC_CLIENT_ID and PSC_CLIENT_SECRET configure the provider; production URL by default."""
    import sys

    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps([settings.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'], "
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']]))"
    )
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    base.pop("PSC_CLIENT_ID", None)
    base.pop("PSC_CLIENT_SECRET", None)
    base.pop("PSC_SERVER_URL", None)

    def apps(**env):
        result = subprocess.run(  # noqa: S603 - fixed command
            [sys.executable, "-c", code],
            env={**base, **env},
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(result.stdout)

    assert apps() == [[], ["'self'"]]
    (app,), form_action = apps(PSC_CLIENT_ID="id-ans", PSC_CLIENT_SECRET="secret-ans")  # noqa: S106
    # The browser is redirected to PSC after posting the button's form: CSP must allow it.
    assert form_action == ["'self'", "https://auth.esante.gouv.fr", "https://*.esante.gouv.fr"]
    assert app["provider_id"] == PROVIDER_ID
    assert app["client_id"] == "id-ans" and app["secret"] == "secret-ans"
    assert app["settings"]["server_url"] == "https://auth.esante.gouv.fr/auth/realms/esante-wallet"
    assert app["settings"]["scope"] == ["openid", "scope_all"]
    assert app["settings"]["auth_params"] == {"acr_values": "eidas1"}


def test_production_check_names_a_half_configured_provider():
    from portal.settings.environment import problems

    found = problems({"PSC_CLIENT_ID": "id-ans", "PSC_SERVER_URL": "http://psc.example"})
    assert any(s.startswith("PSC_CLIENT_ID et PSC_CLIENT_SECRET vont ensemble") for s in found)
    assert any(s.startswith("PSC_SERVER_URL doit commencer par https://") for s in found)
    both = {"PSC_CLIENT_ID": "id-ans", "PSC_CLIENT_SECRET": "secret-ans"}
    assert not [s for s in problems(both) if s.startswith("PSC_")]
