from django.apps import AppConfig


class ForumConfig(AppConfig):
    """The portal's integration of django-machina (the boards live in ``community``)."""

    # machina's own machina.apps.forum already uses the "forum" label.
    name = "forum"
    label = "forum_portal"
    verbose_name = "Forum"

    def ready(self):
        from portal.search.registry import register

        from . import closure, search, signals  # noqa: F401 (receivers, account-closure handler)

        search.connect()
        register("forum", search.rebuild)

        use_private_storage_for_attachments()


def use_private_storage_for_attachments():
    """Store machina's attachments in the private storage instead of MEDIA_ROOT.

    machina's Attachment.file uses the default (public) storage and we must not
    fork its model. The field's storage is swapped at start-up; ``_storage_callable``
    is set to the default storage so the field still deconstructs as before and
    makemigrations does not want to write a migration into machina's package.
    Files are then only reachable through forum.views.AttachmentView.
    """
    from django.core.files.storage import default_storage, storages
    from django.utils.functional import SimpleLazyObject
    from machina.apps.forum_conversation.forum_attachments.models import Attachment

    field = Attachment._meta.get_field("file")
    field.storage = SimpleLazyObject(lambda: storages["private"])
    field._storage_callable = default_storage
