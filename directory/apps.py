from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Annuaire"

    def ready(self):
        from portal.members.signals import membership_approved

        from . import closure  # noqa: F401 (registers the account-closure handler)
        from .signals import create_profile

        membership_approved.connect(create_profile, dispatch_uid="directory_create_profile")

        from . import tombstones

        tombstones.connect()
