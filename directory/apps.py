from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Annuaire"

    def ready(self):
        from portal.members.signals import membership_approved

        from .search.signals import connect as connect_search_index
        from .signals import create_profile

        membership_approved.connect(create_profile, dispatch_uid="directory_create_profile")
        connect_search_index()
        from portal.search.registry import register

        from .search.index import rebuild

        register("annuaire", rebuild)
