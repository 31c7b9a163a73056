from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "portal.members"
    label = "members"
    verbose_name = "Adhérents"

    def ready(self):
        from . import signals  # noqa: F401
        from .territory import connect_signals

        connect_signals()
