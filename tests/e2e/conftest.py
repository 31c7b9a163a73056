"""Browser fixtures: Playwright driving the system Chromium against pytest-django's live server.

Every test gets a ``page`` at desktop and at phone width (390 px), keeps a
screenshot in ``tests/e2e/artifacts/`` and can check the page with axe-core
(``assert_accessible(page)``).

Tests build their data in the live server's database: ``e2e_installation`` is what an
installation has (``setup_portal``), ``e2e_people`` adds one person of each role
(``tests/people.py``); the demo is never loaded here.
"""

import io
import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}
ARTIFACTS = Path(__file__).parent / "artifacts"
# axe-core impact levels that fail a test.
BLOCKING_IMPACTS = {"serious", "critical"}
# Violations found in another engineer's templates and reported to them, tolerated
# only on those paths until fixed: (axe rule, path prefix) -> what to fix. Keep short.
KNOWN_VIOLATIONS = {}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


def _no_browser(reason):
    """Skip (a machine without Chromium), or fail when CI said a browser must be there."""
    if os.environ.get("REQUIRE_BROWSER"):
        pytest.fail(f"REQUIRE_BROWSER is set but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("browser tests skipped: the playwright package is not installed")
    if not os.path.exists(CHROMIUM):
        _no_browser(f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread: let the ORM work anyway
    # (set here, not at import, so other suites and their subprocesses never inherit it).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
    except Exception as exc:  # a broken or sandbox-less Chromium: skip, say why
        playwright.stop()
        _no_browser(f"browser tests skipped: Chromium at {CHROMIUM} does not start ({exc})")
    yield browser
    browser.close()
    playwright.stop()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request):
    return request.param


def ensure_wagtail_roots():
    """Recreate what Wagtail's data migrations made and a live-server flush removed."""
    from portal.pages.setup import ensure_roots

    ensure_roots()


@pytest.fixture
def e2e_installation(transactional_db, live_server):
    """What an installation has (``setup_portal``: roles, professions, pages, forums,
    territory), in the flushed database the live server shares."""
    from django.core.management import call_command

    ensure_wagtail_roots()
    call_command("setup_portal", stdout=io.StringIO())


@pytest.fixture
def e2e_people(e2e_installation):
    """One person of each role (``tests.people.build_people``), password ``DEMO_PASSWORD``;
    not demo accounts: the bureau signs in with a TOTP code."""
    from tests.people import build_people

    return build_people()


@pytest.fixture
def e2e_entries(e2e_people):
    """``e2e_people`` with confirmed directory entries and a practice site each: the doctor
    (Lodève), the bureau officer, a doctor too (Clermont-l'Hérault), the nurse (Gignac)."""
    from directory.factories import PracticeSiteFactory, ProfileFactory

    for user, civility, commune, postcode, latitude, longitude in [
        (e2e_people.medecin, "m", "Lodève", "34700", 43.7317, 3.3194),
        (e2e_people.bureau, "mme", "Clermont-l'Hérault", "34800", 43.6275, 3.4319),
        (e2e_people.infirmiere, "mme", "Gignac", "34150", 43.6522, 3.5522),
    ]:
        profile = ProfileFactory(user=user, civility=civility)
        PracticeSiteFactory(
            profile=profile,
            commune=commune,
            postcode=postcode,
            latitude=latitude,
            longitude=longitude,
        )
    return e2e_people


def totp_code(user):
    """The code the user's authenticator app shows now (allauth's own TOTP computation)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


class Browser:
    """A small helper around one Playwright page: navigation, login, axe, dialogs."""

    def __init__(self, page, base_url, name):
        self.page = page
        self.base_url = base_url
        self.name = name
        self.dialogs = []
        self.checked = []
        self.shots = 0
        page.on("dialog", self._on_dialog)

    def _on_dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def goto(self, path, *, check=True):
        response = self.page.goto(self.base_url + path)
        if check:
            self.assert_accessible()
        return response

    def login(self, email, password=None):
        """Sign in with the password; a user with a TOTP authenticator is then asked for a
        code, and types the one their authenticator app shows."""
        from allauth.mfa.models import Authenticator
        from django.urls import reverse

        from portal.members.factories import DEMO_PASSWORD

        self.goto("/compte/login/", check=False)
        self.page.get_by_label(re.compile("e-mail", re.I)).first.fill(email)
        password = password or DEMO_PASSWORD
        self.page.get_by_label(re.compile("mot de passe", re.I)).first.fill(password)
        self.page.locator("form.form button[type=submit]").first.click()
        self.page.wait_for_load_state()
        authenticator = Authenticator.objects.filter(
            user__email=email, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            return
        action = reverse("mfa_authenticate")
        assert self.page.url.endswith(action), f"no code asked after the password: {self.page.url}"
        self.assert_accessible()
        self.page.locator("input[name=code]").fill(totp_code(authenticator.user))
        self.page.locator(f'form[action="{action}"] button[type=submit]').first.click()
        self.page.wait_for_load_state()
        assert not self.page.url.endswith(action), "the authenticator code was refused"

    def logout(self):
        """Sign out through allauth's confirmation page (works from the Wagtail admin too)."""
        self.goto("/compte/logout/", check=False)
        self.page.locator("main form button[type=submit]").first.click()
        self.page.wait_for_load_state()

    def screenshot(self, label=""):
        ARTIFACTS.mkdir(exist_ok=True)
        self.shots += 1
        suffix = f"-{label}" if label else ""
        self.page.screenshot(
            path=str(ARTIFACTS / f"{self.name}-{self.shots:02d}{suffix}.png"), full_page=True
        )

    def assert_accessible(self):
        """axe-core on the current page: no serious or critical violation."""
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page)
        from urllib.parse import urlparse

        path = urlparse(self.page.url).path
        violations = results.response["violations"]
        blocking = [
            v
            for v in violations
            if v.get("impact") in BLOCKING_IMPACTS
            and not any(
                rule == v["id"] and path.startswith(prefix) for rule, prefix in KNOWN_VIOLATIONS
            )
        ]
        self.checked.append(self.page.url)
        if blocking:
            lines = []
            for violation in blocking:
                targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
                lines.append(
                    f"{violation['impact']}: {violation['id']} ({violation['help']}) on {targets}"
                )
            pytest.fail(f"axe-core violations on {self.page.url}:\n" + "\n".join(lines))


@pytest.fixture
def web(browser, viewport, live_server, request):
    """A fresh browser context at the parametrized viewport; screenshot at the end."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="fr-FR")
    context.set_default_timeout(15_000)
    page = context.new_page()
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    helper = Browser(page, live_server.url, name)
    yield helper
    try:
        helper.screenshot("end")
    finally:
        context.close()
    assert not helper.dialogs, f"a dialog fired in the browser: {helper.dialogs}"
