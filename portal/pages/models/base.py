"""What every page type shares, and the private document model."""

from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document

from portal.core.stamps import uncached


class ViewRestrictionsOnceMixin:
    """Serving a page reads its view restrictions once.

    ``explain_refused_page`` (wagtail_hooks.py) evaluates them with their groups and keeps
    the result on this page instance, which lives for one request; Wagtail's own
    ``check_view_restrictions``, which runs next, then iterates that result instead of
    querying the ancestors, the restrictions and each restriction's groups again.
    """

    def get_view_restrictions(self):
        evaluated = getattr(self, "_evaluated_view_restrictions", None)
        if evaluated is not None:
            return evaluated
        return super().get_view_restrictions()

    def serve_preview(self, request, mode_name):
        """Previews, "view draft" and old revisions render through the live page's code:
        nothing they show may come from the shared cache or be left in it."""
        with uncached():
            response = super().serve_preview(request, mode_name)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        return response


def get_private_storage():
    return storages["private"]


class PrivateDocument(AbstractDocument):
    """Wagtail's document, stored in the private storage (never under a public media URL).

    Files are served only by Wagtail's document view (WAGTAILDOCS_SERVE_METHOD = "serve_view"),
    which applies the collection's view restriction: a profession space's documents live in
    that profession's restricted collection.
    """

    file = models.FileField(
        upload_to="documents", storage=get_private_storage, verbose_name=_("fichier")
    )
    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
