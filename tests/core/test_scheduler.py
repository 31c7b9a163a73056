"""The scheduler: every periodic command is scheduled; a failing job is logged, runs again at
its next time and never blocks the others (real APScheduler, real management commands)."""

import logging
import time
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

from portal.core.schedule import JOBS, NOT_PERIODIC, Job, build_scheduler, run_job

OUR_APPS = ("portal", "directory", "documents", "forum", "community", "demo")


def test_every_command_of_our_apps_is_scheduled_or_said_not_periodic():
    ours = {name for name, app in get_commands().items() if app.split(".")[0] in OUR_APPS}
    scheduled = {job.name for job in JOBS}
    assert ours, "no command found in our apps"
    assert ours - scheduled - set(NOT_PERIODIC) == set(), "a periodic command is not scheduled"
    # The library jobs the issue names are scheduled too.
    assert {"publish_scheduled", "clearsessions", "expire_requests", "flush_topic_views"} <= (
        scheduled
    )
    for job in JOBS:
        assert job.command in get_commands(), job.command


def test_procfile_runs_web_worker_and_scheduler():
    lines = dict(
        line.split(":", 1)
        for line in (Path(settings.BASE_DIR) / "Procfile").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    )
    assert set(lines) == {"web", "worker", "scheduler"}
    assert "gunicorn portal.wsgi" in lines["web"]
    assert "run_worker" in lines["worker"]
    assert "run_scheduler" in lines["scheduler"]


def test_a_failing_job_is_logged_retried_and_blocks_no_other(caplog):
    broken = Job("no_such_command_here", "* * * * *", "échoue toujours")
    # A real command that takes time: the broken job runs meanwhile, not after it.
    slow = Job("diffsettings", "* * * * *", "réussit")
    scheduler = build_scheduler([broken, slow], every=0.5, blocking=False)
    caplog.set_level(logging.INFO, logger="maillage.scheduler")
    scheduler.start()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            failures = [r for r in caplog.records if "no_such_command_here en échec" in r.message]
            successes = [r for r in caplog.records if "diffsettings terminée" in r.message]
            if len(failures) >= 3 and len(successes) >= 3:
                break
            time.sleep(0.2)
    finally:
        scheduler.shutdown(wait=True)
    assert len(failures) >= 3, "the failing job must run again at each of its times"
    assert len(successes) >= 3, "the other job must keep running"
    failure = failures[0]
    assert failure.levelno == logging.ERROR and failure.exc_info, "logged with its error"
    assert "Unknown command" in failure.getMessage()


def test_run_job_reports_success_and_failure():
    from concurrent.futures import ThreadPoolExecutor

    # In a thread of its own, as the scheduler runs it (its own database connection).
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(run_job, Job("diffsettings", "* * * * *", "")).result() is True
        assert pool.submit(run_job, Job("no_such_command_here", "* * * * *", "")).result() is False
