"""Two app servers and a task worker over one PostgreSQL database, one Redis and one media folder.

Runs when PostgreSQL (127.0.0.1:5432, user postgres) and Redis (127.0.0.1:6379) are
reachable, skips otherwise. Production settings, gunicorn, django-tasks' database
backend with its ``db_worker``: what a load-balanced deployment does.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from documents.pdf import build_pdf

ROOT = Path(__file__).resolve().parent.parent.parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/6")
PASSWORD = "two-servers-2026"  # noqa: S105
# A real PDF: its text is read (and checked for patient data) before it is stored.
PDF = build_pdf("Deux serveurs", "1.0", [("Section", ["Ligne de test."])])


def reachable():
    try:
        import psycopg
        import redis

        psycopg.connect(f"{PG}/postgres", connect_timeout=2).close()
        redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping()
    except Exception as exc:
        return str(exc)
    if not shutil.which("gunicorn", path=str(Path(sys.executable).parent)):
        return "gunicorn is not installed"
    return None


why_not = reachable()
pytestmark = [
    pytest.mark.skipif(why_not is not None, reason=f"needs PostgreSQL and Redis: {why_not}"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
]

SETUP = """
from allauth.account.models import EmailAddress
from portal.members import services
from portal.members.factories import make_rpps
from portal.members.models import User
profession = services.create_profession(
    name="Médecin", plural="médecins", slug="medecins", code="10", register="rpps")
users = {}
for n, email in enumerate(["author@two.test", "validator@two.test", "target@two.test"]):
    user = User.objects.create_user(
        username=email, email=email, password=PASSWORD, first_name="Test", last_name=email[:4],
        is_demo_account=True)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    membership = services.apply(user, profession=profession, commune="Lodève", rpps=make_rpps(seed=n))
    services.approve(membership, notify=False)
    users[email] = user
commission = services.create_commission(
    name="Coordination", slug="coordination", purpose="Test", chair=users["author@two.test"])
services.add_commission_member(commission, users["author@two.test"])
services.set_validator(commission, users["validator@two.test"])
print("commission", commission.pk)
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    import psycopg
    import redis

    tmp = tmp_path_factory.mktemp("two-servers")
    db = f"maillage_two_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{db}"')
    redis.Redis.from_url(REDIS).flushdb()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DATABASE_URL": f"{PG}/{db}",
        "REDIS_URL": REDIS,
        "SECRET_KEY": "two-servers-test-secret-key-0123456789abcdefghijklmnop",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BASE_URL": "https://maillage.example.org",
        "DEFAULT_FROM_EMAIL": "Maillage <ne-pas-repondre@maillage.example.org>",
        "MAILLAGE_VAR_DIR": str(tmp / "var"),  # media and private files shared by both servers
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp / "mail"),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PYTHONPATH": str(ROOT),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]

    def run(*args):
        subprocess.run([*manage, *args], env=env, cwd=ROOT, check=True, capture_output=True)  # noqa: S603

    processes = []
    try:
        run("migrate", "--noinput")
        try:
            run("collectstatic", "--noinput")
        except subprocess.CalledProcessError:
            # A vendored script naming a missing source map breaks the manifest storage;
            # bench.settings is production minus source-map rewriting (see bench/README.md).
            env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
            run("collectstatic", "--noinput")
        run("shell", "-c", f"PASSWORD = {PASSWORD!r}\n{SETUP}")
        ports = [free_port(), free_port()]
        for port in ports:
            processes.append(
                subprocess.Popen(  # noqa: S603
                    [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--workers", "1",
                     "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
                    env=env, cwd=ROOT, start_new_session=True,
                )
            )  # fmt: skip
        processes.append(
            subprocess.Popen(  # noqa: S603
                [*manage, "db_worker", "--interval", "0.2", "--no-startup-delay"],
                env=env, cwd=ROOT, start_new_session=True,
            )
        )  # fmt: skip
        import requests

        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base in bases:

            def up(base=base):
                try:
                    return requests.get(f"{base}/healthz", timeout=1).status_code == 200
                except requests.RequestException:
                    return False

            wait_until(up, 30, f"{base}/healthz")
        yield {"a": bases[0], "b": bases[1], "mail": tmp / "mail"}
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def login_form_post(session, base, email, password):
    session.get(f"{base}/compte/login/", timeout=10)
    return session.post(
        f"{base}/compte/login/",
        data={
            "login": email,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/compte/login/"},
        allow_redirects=False,
        timeout=10,
    )


def test_session_content_files_tasks_and_rate_limits_are_shared(cluster):
    import requests

    a, b = cluster["a"], cluster["b"]
    author = requests.Session()
    assert login_form_post(author, a, "author@two.test", PASSWORD).status_code == 302

    # A session opened on A is valid on B.
    own_entry = author.get(f"{b}/annuaire/moi/", allow_redirects=False, timeout=10)
    assert own_entry.status_code == 200, own_entry.status_code
    anonymous = requests.get(f"{b}/annuaire/moi/", allow_redirects=False, timeout=10)
    assert anonymous.status_code == 302

    # A protocol uploaded through A: its page and its file come back through B.
    form = author.get(f"{a}/protocoles/nouveau/", timeout=10)
    assert form.status_code == 200
    commission = re.search(rb'name="commission"[^>]*>.*?<option value="(\d+)"', form.content, re.S)
    created = author.post(
        f"{a}/protocoles/nouveau/",
        data={
            "csrfmiddlewaretoken": author.cookies["csrftoken"],
            "title": "Surveillance INR partagée",
            "summary": "Fiche de suivi commune.",
            "category": "surveillance-inr",
            "commission": commission.group(1).decode(),
            "review_date": "2030-01-01",
            "number": "1.0",
            "changes": "Création",
        },
        files={"file": ("inr.pdf", PDF, "application/pdf")},
        headers={"Referer": f"{a}/protocoles/nouveau/"},
        allow_redirects=False,
        timeout=10,
    )
    assert created.status_code == 302, created.text[:2000]
    slug, version = re.search(
        r"/protocoles/([^/]+)/versions/(\d+)/", created.headers["Location"]
    ).groups()
    page = author.get(f"{b}/protocoles/{slug}/versions/{version}/", timeout=10)
    assert page.status_code == 200 and "Surveillance INR partagée" in page.text
    download = author.get(f"{b}/protocoles/{slug}/relire/{version}/", timeout=10)
    assert download.status_code == 200 and download.content == PDF

    # Submitted through A (an edit, seen through B); the notification is queued and the worker sends it.
    submitted = author.post(
        f"{a}/protocoles/{slug}/versions/{version}/submit/",
        data={"csrfmiddlewaretoken": author.cookies["csrftoken"]},
        headers={"Referer": f"{a}/protocoles/{slug}/versions/{version}/"},
        allow_redirects=False,
        timeout=10,
    )
    assert submitted.status_code == 302
    assert (
        "En attente de validation" in author.get(f"{b}/protocoles/{slug}/versions/{version}/").text
    )

    def mailed():
        folder = cluster["mail"]
        texts = [p.read_text(errors="replace") for p in folder.glob("*")] if folder.exists() else []
        return [t for t in texts if "validator@two.test" in t]

    assert wait_until(mailed, 30, "the worker to send the validators' e-mail")

    # Failed logins count on every server: 3 on A and 2 on B lock the account (5 per 5 minutes).
    for base in (a, a, a, b, b):
        assert (
            login_form_post(
                requests.Session(), base, "target@two.test", "wrong-password"
            ).status_code
            == 200
        )
    locked = login_form_post(requests.Session(), b, "target@two.test", PASSWORD)
    assert locked.status_code != 302, (
        "the sixth attempt should be refused even with the right password"
    )
    assert login_form_post(requests.Session(), b, "validator@two.test", PASSWORD).status_code == 302
