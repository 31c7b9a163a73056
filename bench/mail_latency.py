"""Urgent mutual-aid e-mail: time from publishing to the last delivery, on a production-like stack.

    python bench/mail_latency.py [--requests 20] [--pause 1] [--load-threads 0]

Starts a throwaway PostgreSQL cluster and redis-server, a real SMTP server (aiosmtpd),
migrates and loads the demo, starts the Procfile's processes with honcho (gunicorn with 2
workers, the task worker, the scheduler), signs the demo doctor in, then publishes
``--requests`` urgent requests for nurses near Lodève through the form, one after the
other, and waits each time for every notified member's e-mail. Prints p50, p95 and max
of "publication -> last delivery" and saves them in bench/results/mail-<time>.json.
``--load-threads N`` keeps N threads loading visitor and member pages meanwhile.
"""

import argparse
import json
import re
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import stack  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--pause", type=float, default=1.0, help="secondes entre deux demandes")
    parser.add_argument("--load-threads", type=int, default=0)
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="maillage-mail-"))
    pg, redis, smtp = stack.ThrowawayPostgres(), stack.ThrowawayRedis(), stack.SmtpSink()
    procs = load = None
    try:
        pg.start()
        redis.start()
        smtp.start()
        database_url = pg.create_database("maillage")
        env = stack.portal_env(
            database_url, redis.url(0), tmp / "var",
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1", EMAIL_PORT=smtp.port,
            DEFAULT_FROM_EMAIL="Maillage <ne-pas-repondre@maillage.test>",
            WEB_CONCURRENCY=2, CONN_MAX_AGE=60,
        )  # fmt: skip
        print("[mail] migrations, démo, fichiers statiques…", flush=True)
        stack.manage(env, "migrate", "--noinput", "-v", "0")
        stack.manage(env, "load_demo")
        stack.collectstatic(env)
        procs = stack.Procfile(env, log_path=tmp / "honcho.log")
        procs.start(timeout=120)
        stack.wait_until(lambda: stack.pending_tasks(database_url) == 0, 300, "la file")
        session, response = stack.login(procs.base, stack.MEMBER, stack.DEMO_PASSWORD)
        if response.status_code != 302:
            raise SystemExit(f"connexion refusée : {response.status_code}")
        if args.load_threads:
            visitor = stack.login(procs.base, "infirmiere@exemple.fr", stack.DEMO_PASSWORD)[0]
            load = stack.LoadLoop(
                [("accueil", f"{procs.base}/", None),
                 ("annuaire", f"{procs.base}/annuaire/", None),
                 ("espace membres", f"{procs.base}/espace-membres/", visitor.cookies.get_dict())],
                threads=args.load_threads, max_seconds=3600,
            )  # fmt: skip
            load.start()
        latencies, first, counts = [], [], []
        for n in range(args.requests):
            seen = len(smtp.messages)
            location = stack.publish_urgent_mutual_aid(session, procs.base)
            published = time.monotonic()
            aid_id = int(re.search(r"/entraide/(\d+)/", location).group(1))
            expected = len(stack.notified_emails(database_url, aid_id))
            arrived = stack.wait_until(
                lambda seen=seen, expected=expected: (
                    len(got := smtp.since(seen)) >= expected and got
                ),
                300, "les e-mails",
            )  # fmt: skip
            latencies.append(max(a[0] for a in arrived) - published)
            first.append(min(a[0] for a in arrived) - published)
            counts.append(expected)
            print(
                f"[mail] demande {n + 1}: {expected} e-mails, dernier après {latencies[-1]:.2f} s",
                flush=True,
            )
            time.sleep(args.pause)
        result = {
            "requests": args.requests,
            "load_threads": args.load_threads,
            "recipients_per_request": counts,
            "last_delivery_s": {
                "p50": stack.percentile(latencies, 50),
                "p95": stack.percentile(latencies, 95),
                "max": max(latencies),
            },
            "first_delivery_s": {
                "p50": stack.percentile(first, 50),
                "p95": stack.percentile(first, 95),
            },
            "all_s": latencies,
        }
        if load:
            load.stop()
            result["load"] = stack.summary(load.records)
        print(json.dumps(result, indent=2, ensure_ascii=False))
        results = Path(__file__).resolve().parent / "results"
        results.mkdir(exist_ok=True)
        out = results / f"mail-{datetime.now():%Y%m%d-%H%M%S}.json"
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
        print(f"[mail] résultats : {out}")
    finally:
        if load:
            load.stop()
        if procs:
            procs.stop()
        smtp.stop()
        redis.destroy()
        pg.destroy()


if __name__ == "__main__":
    main()
