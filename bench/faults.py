"""Faults under load: PostgreSQL restart, Redis restart, Redis down, on a production-like stack.

    python bench/faults.py [--phase 20] [--threads 8]

Starts a throwaway PostgreSQL cluster (initdb, pg_ctl) and redis-server (never the
machine's shared servers), migrates and loads the demo, starts the Procfile's processes
with honcho (gunicorn with 2 workers, task worker, scheduler) and signs a member in.
Then, while ``--threads`` threads request visitor and member pages without pause:

  1. ``--phase`` seconds of normal load;
  2. PostgreSQL restarted (pg_ctl restart -m fast), then ``--phase`` seconds;
  3. Redis restarted (stopped, started empty), then ``--phase`` seconds;
  4. Redis stopped for ``--phase`` seconds (sign-ins tried during the outage), then started
     again and ``--phase`` seconds more.

For each phase: requests, failures (and why), and whether every request started two
seconds after the restart succeeded. The app servers are never restarted. Results are
printed and saved in bench/results/faults-<time>.json.
"""

import argparse
import json
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import stack  # noqa: E402

GRACE = 2.0  # seconds after a restart returned before every request must succeed


def french_error(record):
    return record[3] == 500 and "Service momentanément indisponible" in record[4]


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--phase", type=float, default=20.0, help="secondes par phase")
    parser.add_argument("--threads", type=int, default=8, help="requêtes simultanées")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="maillage-faults-"))
    pg, redis = stack.ThrowawayPostgres(), stack.ThrowawayRedis()
    procs = load = None
    phases = []
    try:
        pg.start()
        redis.start()
        database_url = pg.create_database("maillage")
        env = stack.portal_env(
            database_url, redis.url(0), tmp / "var", WEB_CONCURRENCY=2, CONN_MAX_AGE=60,
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        )  # fmt: skip
        print("[faults] migrations, démo, fichiers statiques…", flush=True)
        stack.manage(env, "migrate", "--noinput", "-v", "0")
        stack.manage(env, "load_demo")
        stack.collectstatic(env)
        procs = stack.Procfile(env, log_path=tmp / "honcho.log")
        procs.start(timeout=120)
        base = procs.base
        member, response = stack.login(base, stack.MEMBER, stack.DEMO_PASSWORD)
        if response.status_code != 302:
            raise SystemExit(f"connexion refusée : {response.status_code}")
        cookies = member.cookies.get_dict()
        pages = [
            ("accueil", f"{base}/", None),
            ("annuaire (visiteur)", f"{base}/annuaire/", None),
            ("ressources", f"{base}/ressources/", None),
            ("espace membres", f"{base}/espace-membres/", cookies),
            ("annuaire (membre)", f"{base}/annuaire/", cookies),
            ("entraide", f"{base}/entraide/", cookies),
        ]
        load = stack.LoadLoop(pages, threads=args.threads, max_seconds=12 * args.phase + 120)
        load.start()

        def phase(name, started, event_done=None, extra=None):
            time.sleep(args.phase)
            end = time.monotonic()
            records = load.between(started, end)
            entry = {"phase": name, "seconds": round(end - started, 1), **stack.summary(records)}
            if event_done is not None:
                after = load.between(event_done + GRACE, end)
                entry["after_grace"] = stack.summary(after)
                entry["all_ok_after_grace"] = all(r[2] for r in after)
                failures = [r[0] for r in records if not r[2]]
                entry["last_failure_after_event_s"] = (
                    round(max(failures) - event_done, 2) if failures else None
                )
            entry.update(extra or {})
            phases.append(entry)
            print(f"[faults] {json.dumps(entry, ensure_ascii=False)}", flush=True)

        phase("charge normale", time.monotonic())

        t = time.monotonic()
        pg.restart()
        done = time.monotonic()
        phase("redémarrage PostgreSQL", t, done, {"restart_s": round(done - t, 2)})

        t = time.monotonic()
        redis.restart()
        done = time.monotonic()
        phase("redémarrage Redis", t, done, {"restart_s": round(done - t, 2)})

        t = time.monotonic()
        redis.stop()
        logins = []
        for email in ("infirmiere@exemple.fr", "commission@exemple.fr"):
            session, response = stack.login(base, email, stack.DEMO_PASSWORD)
            dashboard = session.get(f"{base}/espace-membres/", allow_redirects=False, timeout=20)
            logins.append([response.status_code, dashboard.status_code])
        phase("Redis arrêté", t, None, {"logins": logins})
        during = load.between(t, time.monotonic())
        phases[-1]["french_error_pages"] = sum(1 for r in during if french_error(r))
        phases[-1]["other_failures"] = sum(1 for r in during if not r[2] and not french_error(r))

        t = time.monotonic()
        redis.start()
        done = time.monotonic()
        phase("Redis revenu", t, done)
        still_signed_in = member.get(f"{base}/espace-membres/", allow_redirects=False, timeout=20)
        phases[-1]["member_still_signed_in"] = still_signed_in.status_code == 200
    finally:
        if load:
            load.stop()
        if procs:
            procs.stop()
        redis.destroy()
        pg.destroy()
    result = {"threads": args.threads, "phase_s": args.phase, "phases": phases}
    results = Path(__file__).resolve().parent / "results"
    results.mkdir(exist_ok=True)
    out = results / f"faults-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"[faults] résultats : {out}")


if __name__ == "__main__":
    main()
