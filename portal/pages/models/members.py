"""The member space (/espace-membres/), whose body is the dashboard."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from ..dashboard import dashboard_html
from .base import ViewRestrictionsOnceMixin


class MemberSpacePage(ViewRestrictionsOnceMixin, Page):
    """The member dashboard at /espace-membres/, restricted to the "Membres" group."""

    intro = RichTextField(_("message d'accueil"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    subpage_types = ["pages.ContentPage"]

    class Meta:
        verbose_name = _("espace membres")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["dashboard_html"] = dashboard_html(self, request, context)
        return context
