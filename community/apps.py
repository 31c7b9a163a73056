from django.apps import AppConfig


class CommunityConfig(AppConfig):
    """The locum and mutual-aid boards, their notifications, and the moderation of the boards
    and of the forum's posts. The label stays ``community`` (tables, content types and
    migrations predate the split from ``forum/``)."""

    name = "community"
    label = "community"
    verbose_name = "Remplacements, entraide et modération"

    def ready(self):
        from . import closure  # noqa: F401 (account-closure handler)
