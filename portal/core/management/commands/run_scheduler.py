"""The scheduler process: runs the periodic jobs of portal/core/schedule.py until stopped."""

import signal

from django.core.management.base import BaseCommand, CommandError

from portal.core.schedule import JOBS, build_scheduler, run_job


class Command(BaseCommand):
    help = "Planificateur des tâches périodiques (une seule instance par déploiement)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--list", action="store_true", help="Affiche les tâches et leur fréquence, puis quitte."
        )
        parser.add_argument(
            "--run-once",
            metavar="TÂCHE",
            help="Lance tout de suite une tâche (ou « all » pour toutes) puis quitte.",
        )
        parser.add_argument(
            "--every",
            type=float,
            help="Remplace les horaires par cet intervalle en secondes (essais seulement).",
        )

    def handle(self, *args, list, run_once, every, **options):
        if list:
            for job in JOBS:
                off = "" if job.enabled else " (inactive : tâches de fond sans base de données)"
                self.stdout.write(f"{job.cron:<14} {job.name:<32} {job.why}{off}")
            return
        if run_once:
            chosen = [j for j in JOBS if j.enabled and run_once in ("all", j.name)]
            if not chosen:
                raise CommandError(f"Tâche inconnue : {run_once}")
            failed = [j.name for j in chosen if not run_job(j)]
            if failed:
                raise CommandError(f"Tâche(s) en échec : {', '.join(failed)}")
            self.stdout.write(f"{len(chosen)} tâche(s) exécutée(s).")
            return
        scheduler = build_scheduler(every=every)

        def stop(signum, frame):
            scheduler.shutdown(wait=False)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Planificateur démarré : {len(JOBS)} tâche(s).")
        self.stdout.flush()
        scheduler.start()
        self.stdout.write("Planificateur arrêté.")
