"""The periodic jobs and the scheduler process that runs them (APScheduler).

One scheduler process per deployment (two would run each job twice). Each job is a
management command, run in the scheduler's thread pool: a slow or failing job never
blocks the others. A job that fails is logged with its error and simply runs again at
its next time; APScheduler's ``coalesce`` turns runs missed while the process was down
into one, and ``max_instances=1`` keeps a long run from overlapping the next.
"""

import io
import logging
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections

logger = logging.getLogger("maillage.scheduler")


@dataclass(frozen=True)
class Job:
    command: str
    cron: str  # minute hour day month day-of-week, in TIME_ZONE (Europe/Paris)
    why: str
    args: tuple = field(default=())
    only_with_database_tasks: bool = False

    @property
    def name(self):
        return self.command

    @property
    def enabled(self):
        backend = settings.TASKS["default"]["BACKEND"]
        return not self.only_with_database_tasks or backend.startswith("django_tasks_db.")


JOBS = (
    Job("publish_scheduled", "*/5 * * * *", "Wagtail : pages et fiches programmées"),
    Job("flush_topic_views", "*/5 * * * *", "vues des sujets du forum comptées dans le cache"),
    Job(
        "expire_requests", "10 0 * * *", "clôture des demandes de remplacement et d'entraide échues"
    ),
    Job("remind_protocol_reviews", "0 7 * * *", "rappel des protocoles à réviser"),
    Job("remind_directory_confirmation", "30 7 * * 1", "rappel de confirmation des fiches"),
    Job("clearsessions", "0 3 * * *", "sessions expirées (base de données)"),
    Job(
        "prune_db_task_results",
        "30 3 * * *",
        "résultats des tâches de fond terminés depuis plus de 14 jours",
        ("--min-age-days", "14"),
        only_with_database_tasks=True,
    ),
    Job("clean_orphan_obj_perms", "0 4 * * 0", "droits par objet dont l'objet n'existe plus"),
)

# Commands of our apps that are deliberately not periodic, and why (the test holds both lists
# against every command the apps ship, so a new periodic command cannot be forgotten).
NOT_PERIODIC = {
    "create_forum_tree": "mise en place (setup), lancée une fois",
    "import_annuaire": "import à la demande du bureau",
    "import_members": "import à la demande du bureau",
    "load_demo": "démonstration",
    "rebuild_search_index": "après un chargement en masse : chaque écriture tient déjà l'index à jour",
    "seed_scale": "banc de performance",
    "run_scheduler": "ce planificateur",
    "run_worker": "le processus worker (Procfile), pas une tâche",
    "backup_portal": "sauvegarde, planifiée par le système (timer systemd, cron de l'hôte)",
    "restore_portal": "restauration, à la main",
    "setup_portal": "installation, relancée à chaque déploiement (après migrate)",
    "import_communes": "import de la liste officielle des communes, à la demande",
    "set_territory": "choix du territoire par le bureau",
}


def run_job(job):
    """Run one job; never raises. Returns True when it succeeded."""
    close_old_connections()  # a connection left broken by a database restart is replaced
    started = time.monotonic()
    output = io.StringIO()
    try:
        call_command(job.command, *job.args, stdout=output, stderr=output)
    except Exception as exc:
        logger.exception(
            "tâche planifiée %s en échec après %.1f s (%s: %s) ; nouvel essai à la prochaine échéance",
            job.name,
            time.monotonic() - started,
            exc.__class__.__name__,
            exc,
        )
        return False
    finally:
        close_old_connections()
    logger.info(
        "tâche planifiée %s terminée en %.1f s : %s",
        job.name,
        time.monotonic() - started,
        " ".join(output.getvalue().split())[:300],
    )
    return True


def build_scheduler(jobs=JOBS, *, every=None, blocking=True):
    """An APScheduler scheduler with one entry per job; ``every`` (seconds) replaces the crons."""
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    scheduler_class = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = scheduler_class(
        timezone=settings.TIME_ZONE,
        executors={"default": ThreadPoolExecutor(max_workers=4)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 15 * 60},
    )
    for job in jobs:
        if not job.enabled:
            continue
        trigger = (
            IntervalTrigger(seconds=every, timezone=settings.TIME_ZONE)
            if every
            else CronTrigger.from_crontab(job.cron, timezone=settings.TIME_ZONE)
        )
        scheduler.add_job(run_job, trigger, args=[job], id=job.name, name=job.name)
    return scheduler
