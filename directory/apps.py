from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Annuaire"

    def ready(self):
        from portal.members.signals import membership_approved
        from portal.search.registry import register

        from . import (
            closure,  # noqa: F401 (registers the account-closure handler)
            tombstones,
            visibility,  # noqa: F401 (registers the viewer's directory questions)
        )
        from .search.index import rebuild
        from .search.signals import connect as connect_search_index
        from .signals import on_membership_approved

        membership_approved.connect(on_membership_approved, dispatch_uid="directory_create_profile")
        tombstones.connect()
        connect_search_index()
        register("annuaire", rebuild)
