from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Infrastructure that imports none of our apps: probes, scheduler, backups."""

    name = "portal.core"
    label = "core"
    verbose_name = "Exploitation"

    def ready(self):
        # Every process (web, worker, scheduler, commands, shell) moves the last-write key
        # that visitor pages are checked against (portal/core/perf.py).
        from cachalot.signals import post_invalidation

        from portal.core.perf import note_write

        post_invalidation.connect(note_write, dispatch_uid="portal.core.perf.note_write")
