from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "portal.pages"
    label = "pages"
    verbose_name = "Pages"

    def ready(self):
        from portal.perf import connect_fragment_invalidation

        # Member page fragments (e.g. the protocol library) are cached by model counters.
        connect_fragment_invalidation()
