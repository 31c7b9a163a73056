"""The background worker: django-tasks-db's ``db_worker``, kept alive across database restarts.

``db_worker`` exits on the first database error that is not a lock (a PostgreSQL restart,
a failover). Under a process manager that restarts it that costs a restart; under honcho
it would stop every process. This command runs the same worker and, when the database
goes away, waits and starts polling again.
"""

import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

logger = logging.getLogger("maillage.worker")
RETRY_SECONDS = 2


class Command(DbWorkerCommand):
    help = (
        "Exécute les tâches de fond (e-mails…) : db_worker de django-tasks-db, qui attend "
        "le retour de la base de données au lieu de s'arrêter."
    )

    def handle(self, *args, **options):
        while True:
            try:
                return super().handle(*args, **options)
            except (OperationalError, InterfaceError) as exc:
                logger.error(
                    "worker : base de données injoignable (%s) ; nouvel essai dans %s s",
                    exc,
                    RETRY_SECONDS,
                )
                connections.close_all()
                time.sleep(RETRY_SECONDS)
