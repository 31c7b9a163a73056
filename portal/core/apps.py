from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Infrastructure that imports none of our apps: probes, scheduler, backups."""

    name = "portal.core"
    label = "core"
    verbose_name = "Exploitation"

    def ready(self):
        # Every process (web, worker, scheduler, commands, shell) moves the last-write key
        # that visitor pages are checked against, and every connection stamps a write outside
        # a transaction again once it has run (cachalot stamps before: portal/core/stamps.py).
        from cachalot.signals import post_invalidation
        from django.db import connections
        from django.db.backends.signals import connection_created

        from portal.core.stamps import install_restamp, note_write

        post_invalidation.connect(note_write, dispatch_uid="portal.core.stamps.note_write")
        connection_created.connect(install_restamp, dispatch_uid="portal.core.stamps.restamp")
        for connection in connections.all(initialized_only=True):
            install_restamp(connection=connection)
