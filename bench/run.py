"""Maillage benchmark: production settings under gunicorn on PostgreSQL and Redis, driven by wrk.

    python bench/run.py [--duration 10] [--members 20000 --topics 10000 --posts 100000
                        --protocols 500] [--reseed] [--only forum]

Creates the database ``maillage_bench`` (once), loads the demo and the scale data
(once: a stamp table records the sizes), collects static files, starts gunicorn
with two workers, logs a demo member in, then runs wrk for a fixed time per page.
Prints requests/s, p50, p95, the ratio to the bare view, and the SQL queries (and
writes) one request costs, and saves the same as JSON in bench/results/.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
PYTHON = sys.executable
MEMBER_EMAIL = "medecin@exemple.fr"
MEMBER_PASSWORD = "demo-maillage-2026"  # noqa: S105 (the public demo password)
WRITE_RE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=10, help="secondes de charge par page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="threads de wrk")
    parser.add_argument("--workers", type=int, default=2, help="workers gunicorn")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--db", default="maillage_bench")
    parser.add_argument(
        "--pg", default="postgres://postgres@127.0.0.1:5432", help="serveur PostgreSQL"
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--members", type=int, default=20000)
    parser.add_argument("--topics", type=int, default=10000)
    parser.add_argument("--posts", type=int, default=100000)
    parser.add_argument("--protocols", type=int, default=500)
    parser.add_argument("--reseed", action="store_true", help="recrée la base de zéro")
    parser.add_argument(
        "--only", default="", help="ne mesurer que les pages dont le nom contient ce texte"
    )
    return parser.parse_args(argv)


def log(message):
    print(f"[bench] {message}", flush=True)


def ensure_wrk():
    if shutil.which("wrk"):
        return
    log("wrk absent : installation par apt-get")
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, stdout=subprocess.DEVNULL)


def environment(args):
    var_dir = ROOT / "var" / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "DATABASE_URL": f"{args.pg}/{args.db}",
            "REDIS_URL": args.redis,
            "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "BASE_URL": "https://maillage.example.org",
            "DEFAULT_FROM_EMAIL": "Maillage <ne-pas-repondre@maillage.example.org>",
            "DEBUG": "false",
            "BENCHMARK": "true",
            "MAILLAGE_VAR_DIR": str(var_dir),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def manage(env, *command):
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *command], env=env, cwd=ROOT, check=True)


def sizes_of(args):
    return (
        f"members={args.members} topics={args.topics} posts={args.posts} protocols={args.protocols}"
    )


def prepare_database(args, env):
    import psycopg

    with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.db]).fetchone()
        if exists and args.reseed:
            log(f"suppression de la base {args.db}")
            conn.execute(f'DROP DATABASE "{args.db}" WITH (FORCE)')
            exists = None
        if not exists:
            log(f"création de la base {args.db}")
            conn.execute(f'CREATE DATABASE "{args.db}"')
    log("migrations")
    manage(env, "migrate", "--noinput", "-v", "0")
    with psycopg.connect(f"{args.pg}/{args.db}", autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS bench_stamp"
            " (sizes text NOT NULL, seeded_at timestamptz, seconds real)"
        )
        stamp = conn.execute("SELECT sizes, seconds FROM bench_stamp").fetchone()
        if stamp:
            if stamp[0] != sizes_of(args):
                log(
                    f"base déjà remplie avec {stamp[0]}"
                    f" (relancez avec --reseed pour {sizes_of(args)})"
                )
            else:
                log(f"données déjà chargées ({stamp[0]}, générées en {stamp[1]:.0f} s)")
            return stamp[1]
        log("contenu de démonstration")
        manage(env, "load_demo")
        log(f"données de charge : {sizes_of(args)}")
        started = time.monotonic()
        manage(
            env,
            "seed_scale",
            f"--members={args.members}",
            f"--topics={args.topics}",
            f"--posts={args.posts}",
            f"--protocols={args.protocols}",
        )
        seconds = time.monotonic() - started
        conn.execute("INSERT INTO bench_stamp VALUES (%s, now(), %s)", [sizes_of(args), seconds])
        log(f"seed_scale : {seconds:.0f} s")
        return seconds


def flush_cache(args):
    import redis

    redis.Redis.from_url(args.redis).flushdb()


def start_server(args, env):
    log_file = open(ROOT / "var" / "bench" / "gunicorn.log", "w")  # noqa: SIM115 (lives with the server)
    server = subprocess.Popen(
        [
            PYTHON, "-m", "gunicorn", "portal.wsgi:application",
            "--workers", str(args.workers),
            "--bind", f"127.0.0.1:{args.port}",
            "--log-level", "warning",
            "--graceful-timeout", "5",
        ],
        env=env, cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    import urllib.request

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{args.port}/healthz", timeout=2
            ) as response:  # noqa: S310
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
        if server.poll() is not None:
            break
    stop_server(server)
    raise SystemExit(f"gunicorn n'a pas démarré : voir {log_file.name}")


def stop_server(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def login(base):
    """A real CSRF-checked login POST, as a browser does it; returns the session cookie header."""
    import requests

    session = requests.Session()
    page = session.get(f"{base}/compte/login/", timeout=30)
    page.raise_for_status()
    token = session.cookies.get("csrftoken")
    response = session.post(
        f"{base}/compte/login/",
        data={"login": MEMBER_EMAIL, "password": MEMBER_PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/compte/login/"},
        timeout=30,
        allow_redirects=False,
    )
    if response.status_code not in (301, 302, 303) or "sessionid" not in session.cookies:
        raise SystemExit(f"connexion de {MEMBER_EMAIL} impossible (HTTP {response.status_code})")
    return "; ".join(f"{name}={value}" for name, value in session.cookies.items())


def resolve_pages():
    """Name, audience and path of each page, found in the database (None: not landed yet)."""
    from django.apps import apps
    from django.urls import NoReverseMatch, reverse

    def model(label):
        try:
            return apps.get_model(label)
        except LookupError:
            return None

    def url(name, **kwargs):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            return None

    entry = topic = download = None
    Profile = model("directory.Profile")
    if Profile is not None:
        profile = (
            Profile.objects.filter(
                user__email__endswith="@scale.maillage.test", email_visibility="public"
            )
            .order_by("pk")
            .first()
        ) or Profile.objects.order_by("pk").first()
        entry = url("directory:entry", pk=profile.pk) if profile else None
    Topic = model("forum_conversation.Topic")
    if Topic is not None:
        found = (
            Topic.objects.filter(posts_count=50, subject__endswith=" #0")
            .select_related("forum")
            .first()
        )
        if found:
            topic = reverse(
                "forum_conversation:topic",
                args=[found.forum.slug, found.forum.pk, found.slug, found.pk],
            )
    Protocol = model("documents.Protocol")
    if Protocol is not None:
        protocol = (
            Protocol.objects.filter(current_version__isnull=False, is_public=False)
            .order_by("pk")
            .first()
            or Protocol.objects.filter(current_version__isnull=False).order_by("pk").first()
        )
        if protocol:
            download = url(
                "documents:download", slug=protocol.slug, version_pk=protocol.current_version_id
            )
    commune = urllib.parse.quote("Lodève")  # a commune of the territory (the shipped Hérault file)
    return [
        ("healthz", "ceiling", "/healthz"),
        ("bare view", "ceiling", "/bench/bare"),
        ("home", "visitor", "/"),
        ("content page", "visitor", "/association/"),
        ("directory search", "visitor", f"/annuaire/?q={urllib.parse.quote('Montpellier')}"),
        ("directory entry", "visitor", entry),
        ("resources", "visitor", "/ressources/"),
        ("member dashboard", "member", "/espace-membres/"),
        ("directory filters", "member", f"/annuaire/?profession=medecins&commune={commune}"),
        # Typed as on a phone: feminine form, no accent, a commune ranked nearest first.
        ("directory search typed loosely", "member", "/annuaire/?q=infirmiere+lodeve"),
        ("protocols", "member", "/protocoles/"),
        ("protocol download", "member", download),
        ("forum index", "member", "/forum/"),
        ("forum topic (50 posts)", "member", topic),
        ("locum board", "member", "/remplacements/"),
        ("profession space", "member", "/metiers/medecins/"),
    ]


def count_queries(path, member):
    """SQL queries (and writes) of one request, in-process with the same settings and database.

    The request is made twice and the second one counted, as a long-running
    worker would serve it (per-process caches warm). A visitor gets a fresh
    client each time, like wrk which keeps no cookies.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.members.models import User

    def client():
        c = Client(HTTP_HOST="127.0.0.1")
        if member:
            c.force_login(
                User.objects.get(email=MEMBER_EMAIL),
                backend="django.contrib.auth.backends.ModelBackend",
            )
        return c

    member_client = client()
    with CaptureQueriesContext(connection) as first:
        (member_client if member else client()).get(path)
    with CaptureQueriesContext(connection) as captured:
        response = (member_client if member else client()).get(path)
    sql = [q["sql"] for q in captured.captured_queries]
    writes = [s for s in sql if WRITE_RE.match(s)]
    return {
        "query_status": response.status_code,
        "queries": len(sql),
        "queries_first": len(first.captured_queries),
        "writes": len(writes),
        "write_sql": [s[:160] for s in writes],
        "page_cache": response.get("X-Page-Cache", ""),
    }


def run_wrk(args, url, cookie):
    command = [
        "wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s",
        "--timeout", "10s", "-s", str(BENCH / "done.lua"),
    ]  # fmt: skip
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^BENCH_JSON (.*)$", output, re.MULTILINE)
    if not match:
        raise RuntimeError(f"sortie de wrk illisible :\n{output}")
    data = json.loads(match.group(1))
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def main(argv=None):
    args = parse_args(argv)
    ensure_wrk()
    env = environment(args)
    seed_seconds = prepare_database(args, env)
    log("collectstatic")
    static_workaround = None
    try:
        manage(env, "collectstatic", "--noinput", "-v", "0")
    except subprocess.CalledProcessError:
        static_workaround = (
            "collectstatic a échoué avec les réglages de production (voir ci-dessus)"
        )
        log(
            f"ATTENTION : {static_workaround} ; repli sur bench.settings"
            " (sans réécriture des source maps)"
        )
        env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
        manage(env, "collectstatic", "--noinput", "-v", "0")
    flush_cache(args)

    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    pages = resolve_pages()
    if args.only:
        pages = [p for p in pages if args.only in p[0] or p[1] == "ceiling"]

    base = f"http://127.0.0.1:{args.port}"
    server = start_server(args, env)
    rows = []
    try:
        cookie = login(base)
        import requests

        for name, audience, path in pages:
            member = audience == "member"
            row = {"page": name, "audience": audience, "path": path}
            rows.append(row)
            if path is None:
                row["skipped"] = "pas encore en place"
                log(f"{name}: ignorée (pas encore en place)")
                continue
            status = requests.get(
                base + path,
                headers={"Cookie": cookie} if member else {},
                timeout=60,
                allow_redirects=False,
            ).status_code
            row["status"] = status
            if status == 404:
                row["skipped"] = "404 (pas encore en place)"
                log(f"{name}: ignorée (404)")
                continue
            if status != 200:
                row["skipped"] = f"HTTP {status}"
                log(f"{name}: HTTP {status}, ignorée")
                continue
            if audience != "ceiling":
                row.update(count_queries(path, member))
            log(f"{name}: wrk {args.duration} s sur {path}")
            row.update(run_wrk(args, base + path, cookie if member else None))
    finally:
        stop_server(server)

    bare = next((r["rps"] for r in rows if r["page"] == "bare view" and "rps" in r), None)
    for row in rows:
        if "rps" in row and bare:
            row["ratio"] = row["rps"] / bare
            goal = {"visitor": 0.25, "member": 0.05}.get(row["audience"])
            row["meets_goal"] = (
                None
                if goal is None
                else row["ratio"] >= goal
                and row["p95_us"] < 100_000
                and row.get("queries", 0) <= 12
            )
    print_table(rows, args)
    if static_workaround:
        print(f"ATTENTION : {static_workaround}")
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    result_file = RESULTS / f"{stamp}.json"
    result_file.write_text(
        json.dumps(
            {
                "when": stamp,
                "sizes": sizes_of(args),
                "seed_seconds": seed_seconds,
                "duration_s": args.duration,
                "connections": args.connections,
                "gunicorn_workers": args.workers,
                "cpus": os.cpu_count(),
                "settings": env["DJANGO_SETTINGS_MODULE"],
                "static_workaround": static_workaround,
                "pages": rows,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    log(f"résultats : {result_file.relative_to(ROOT)}")


def print_table(rows, args):
    columns = ("req/s", "p50 ms", "p95 ms", "ratio", "SQL", "1st SQL", "writes")
    header = f"{'page':<24} {'who':<8} " + " ".join(f"{c:>7}" for c in columns) + "  goal"
    print()
    print(
        f"{args.connections} connexions, {args.duration} s par page, "
        f"{args.workers} workers gunicorn"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        if "rps" not in row:
            print(
                f"{row['page']:<24} {row['audience']:<8} {'ignorée : ' + row.get('skipped', '?')}"
            )
            continue
        ratio = f"{100 * row['ratio']:.1f}%" if "ratio" in row else "-"
        goal = {True: "ok", False: "SHORT", None: ""}[row.get("meets_goal")]
        errors = row["errors_status"] + row["errors_timeout"] + row["errors_connect"]
        if errors:
            goal += f" ({errors} errors)"
        print(
            f"{row['page']:<24} {row['audience']:<8} {row['rps']:>7.0f} "
            f"{row['p50_us'] / 1000:>7.1f} {row['p95_us'] / 1000:>7.1f} {ratio:>7} "
            f"{row.get('queries', '-'):>7} {row.get('queries_first', '-'):>7} "
            f"{row.get('writes', '-'):>7}  {goal}"
        )


if __name__ == "__main__":
    main()
