"""A production-like Maillage on this machine, for the fault and mail measurements and their tests.

Throwaway servers that nothing else uses (a PostgreSQL cluster made with initdb, a
redis-server on a free port), the portal's own processes started from the Procfile with
honcho (web, worker, scheduler), and a bounded load loop. Nothing here touches the
machine's shared PostgreSQL or Redis beyond creating and dropping its own database.
"""

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
VENV_BIN = str(Path(sys.executable).parent)
SECRET = "stack-only-secret-key-not-for-production-0123456789-abcdef"  # noqa: S105


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout, what, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise TimeoutError(f"délai dépassé : {what}")


def postgres_bin():
    """The newest PostgreSQL server binaries directory (Debian: /usr/lib/postgresql/N/bin)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_postgres(command):
    """initdb and postgres refuse to run as root: run them as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class ThrowawayPostgres:
    """A PostgreSQL cluster of our own (initdb + pg_ctl) that can be stopped and restarted."""

    def __init__(self):
        self.bin = postgres_bin()
        if self.bin is None:
            raise RuntimeError("initdb introuvable")
        self.root = Path(tempfile.mkdtemp(prefix="maillage-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        subprocess.run(  # noqa: S603
            _as_postgres(
                [str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                 "--no-sync", "-E", "UTF8", "--locale", "C.UTF-8"]
            ),
            check=True, capture_output=True,
        )  # fmt: skip

    def _ctl(self, *args):
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off"
        )
        return subprocess.run(  # noqa: S603
            _as_postgres(
                [str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o",
                 options, "-w", "-t", "60", *args]
            ),
            check=True, capture_output=True,
        )  # fmt: skip

    def start(self):
        self._ctl("start")

    def stop(self):
        self._ctl("stop", "-m", "fast")

    def restart(self):
        self._ctl("restart", "-m", "fast")

    def url(self, dbname="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name):
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def destroy(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


class ThrowawayRedis:
    """A redis-server of our own on a free port, nothing kept on disk."""

    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="maillage-redis-"))
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        import redis

        def up():
            try:
                return redis.Redis(port=self.port, socket_connect_timeout=1).ping()
            except redis.RedisError:
                return False

        wait_until(up, 30, "redis-server")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)

    def restart(self):
        self.stop()
        self.start()

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def destroy(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def portal_env(database_url, redis_url, var_dir, **extra):
    """Production settings over plain HTTP on loopback."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "REDIS_URL", "TASKS_BACKEND"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SECRET_KEY": SECRET,
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "BASE_URL": "http://127.0.0.1",
            "DEFAULT_FROM_EMAIL": "Maillage <ne-pas-repondre@maillage.test>",
            "MAILLAGE_VAR_DIR": str(var_dir),
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
            "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(env, *args, timeout=600):
    result = subprocess.run(  # noqa: S603
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} :\n{result.stdout}\n{result.stderr}")
    return result


def collectstatic(env):
    """Production's manifest storage; bench.settings if a vendored source map breaks it."""
    try:
        manage(env, "collectstatic", "--noinput", "-v", "0")
    except RuntimeError:
        env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
        manage(env, "collectstatic", "--noinput", "-v", "0")


class Procfile:
    """The portal's processes as the Procfile lists them, started by one command: honcho start."""

    def __init__(self, env, port=None, log_path=None):
        self.port = port or free_port()
        self.env = dict(env)
        self.log_path = log_path
        self.process = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=90):
        log = open(self.log_path, "w") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603
            [os.path.join(VENV_BIN, "honcho"), "start", "-f", str(ROOT / "Procfile"),
             "-d", str(ROOT), "-p", str(self.port), "--no-colour"],
            env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        import requests

        def up():
            if self.process.poll() is not None:
                raise RuntimeError(f"honcho s'est arrêté (voir {self.log_path})")
            try:
                return requests.get(f"{self.base}/healthz", timeout=2).status_code == 200
            except requests.RequestException:
                return False

        wait_until(up, timeout, f"{self.base}/healthz", interval=0.5)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def login(base, email, password):
    """A real CSRF-checked sign-in; returns the requests session that holds its cookie."""
    import requests

    session = requests.Session()
    session.get(f"{base}/compte/login/", timeout=20)
    response = session.post(
        f"{base}/compte/login/",
        data={"login": email, "password": password,
              "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")},
        headers={"Referer": f"{base}/compte/login/"},
        allow_redirects=False, timeout=20,
    )  # fmt: skip
    return session, response


class LoadLoop:
    """Threads requesting pages until stopped (bounded: ``max_seconds``); every answer recorded.

    ``pages`` is a list of (name, url, cookies) : cookies=None for a visitor. A request
    succeeds when it answers 200 in time; anything else is recorded with its reason.
    """

    def __init__(self, pages, threads=4, max_seconds=600, timeout=10):
        self.pages = pages
        self.threads = threads
        self.max_seconds = max_seconds
        self.timeout = timeout
        self.records = []  # (monotonic time, page name, ok, status or error, body excerpt)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._workers = []

    def _run(self, offset):
        import requests

        http = requests.Session()
        started = time.monotonic()
        i = offset
        while not self._stop.is_set() and time.monotonic() - started < self.max_seconds:
            name, url, cookies = self.pages[i % len(self.pages)]
            i += 1
            at = time.monotonic()
            try:
                http.cookies.clear()
                response = http.get(
                    url, cookies=cookies or {}, timeout=self.timeout, allow_redirects=False
                )
                record = (at, name, response.status_code == 200, response.status_code,
                          response.text[:2000] if response.status_code != 200 else "")  # fmt: skip
            except requests.RequestException as exc:
                record = (at, name, False, exc.__class__.__name__, "")
            with self._lock:
                self.records.append(record)

    def start(self):
        for n in range(self.threads):
            worker = threading.Thread(target=self._run, args=(n,), daemon=True)
            worker.start()
            self._workers.append(worker)
        self.started = time.monotonic()

    def stop(self):
        self._stop.set()
        for worker in self._workers:
            worker.join(timeout=self.timeout + 5)

    def between(self, start, end):
        with self._lock:
            return [r for r in self.records if start <= r[0] < end]


def summary(records):
    failed = [r for r in records if not r[2]]
    reasons = {}
    for r in failed:
        reasons[str(r[3])] = reasons.get(str(r[3]), 0) + 1
    return {"requests": len(records), "failed": len(failed), "reasons": reasons}


class SmtpSink:
    """A real SMTP server (aiosmtpd) on loopback that keeps every message and when it came."""

    def __init__(self):
        self.port = free_port()
        self.messages = []  # (monotonic time, envelope recipients, envelope sender, raw bytes)
        self._lock = threading.Lock()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        with self._lock:
            self.messages.append(
                (time.monotonic(), list(envelope.rcpt_tos), envelope.mail_from, envelope.content)
            )
        return "250 Message accepted for delivery"

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()

    def since(self, index):
        with self._lock:
            return list(self.messages[index:])


MEMBER = "medecin@exemple.fr"
DEMO_PASSWORD = "demo-maillage-2026"  # noqa: S105 (the public demo password)


def publish_urgent_mutual_aid(session, base, profession_label="Infirmier", commune="Lodève"):
    """Publish an urgent mutual-aid request through the form, as the member would."""
    import re

    form = session.get(f"{base}/entraide/nouvelle/", timeout=30)
    form.raise_for_status()
    match = re.search(
        r'<option value="(\d+)"[^>]*>\s*' + re.escape(profession_label) + r"\s*<", form.text
    )
    if not match:
        raise RuntimeError(f"profession {profession_label!r} absente du formulaire")
    response = session.post(
        f"{base}/entraide/nouvelle/",
        data={
            "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
            "profession_needed": match.group(1),
            "commune": commune,
            "start": time.strftime("%Y-%m-%d"),
            "duration_days": "2",
            "urgency": "today",
            "description": "Pansement quotidien à domicile, passage le matin vers 8 h.",
        },
        headers={"Referer": f"{base}/entraide/nouvelle/"},
        allow_redirects=False,
        timeout=30,
    )
    if response.status_code != 302:
        raise RuntimeError(f"publication refusée ({response.status_code}) : {response.text[:1500]}")
    return response.headers["Location"]


def notified_emails(database_url, aid_id):
    """The addresses the portal decided to notify for that request (its notifications)."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT u.email FROM community_notification n JOIN members_user u ON u.id = n.user_id"
            " WHERE n.mutual_aid_request_id = %s",
            [aid_id],
        ).fetchall()
    return sorted(r[0] for r in rows)


def percentile(values, q):
    ordered = sorted(values)
    if not ordered:
        return None
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def pending_tasks(database_url):
    """Background tasks not finished yet (django-tasks-db's table)."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        return conn.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult"
            " WHERE status IN ('READY', 'RUNNING')"
        ).fetchone()[0]
