from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Infrastructure that imports none of our apps: probes, scheduler, backups."""

    name = "portal.core"
    label = "core"
    verbose_name = "Exploitation"
