from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "portal.pages"
    label = "pages"
    verbose_name = "Pages"

    def ready(self):
        from portal.perf import connect_fragment_invalidation, connect_invalidation

        # Member page fragments (e.g. the protocol library) are cached by model counters, and
        # visitors' pages by one generation: every process that writes renews them (web,
        # management commands, background worker, scheduler), hence here and not in a
        # middleware, which only web processes build.
        connect_fragment_invalidation()
        connect_invalidation()
