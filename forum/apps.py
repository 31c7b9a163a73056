from django.apps import AppConfig


class CommunityConfig(AppConfig):
    # machina's own machina.apps.forum already uses the "forum" label.
    name = "forum"
    label = "community"
    verbose_name = "Forum, remplacements et entraide"
