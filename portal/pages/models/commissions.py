"""The commissions' pages and their meetings."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from ..blocks import BodyBlock
from ..spaces import commission_context
from .base import ViewRestrictionsOnceMixin


class CommissionIndexPage(ViewRestrictionsOnceMixin, Page):
    intro = models.TextField(_("chapeau"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    subpage_types = ["pages.CommissionPage"]

    class Meta:
        verbose_name = _("liste des commissions")


class CommissionPage(ViewRestrictionsOnceMixin, Page):
    """The public page of a commission."""

    commission = models.OneToOneField(
        "members.Commission",
        on_delete=models.PROTECT,
        related_name="page",
        verbose_name=_("commission"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("commission"),
        FieldPanel("body"),
        InlinePanel("meetings", label=_("réunions")),
    ]
    parent_page_types = ["pages.CommissionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("page de commission")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(commission_context(self))
        return context


class CommissionMeeting(Orderable):
    page = ParentalKey(CommissionPage, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateTimeField(_("date"))
    place = models.CharField(_("lieu"), max_length=200)
    agenda = models.TextField(_("ordre du jour"), blank=True)
    minutes = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compte rendu"),
        help_text=_("Document publié du compte rendu (facultatif)."),
    )

    panels = [FieldPanel("date"), FieldPanel("place"), FieldPanel("agenda"), FieldPanel("minutes")]

    class Meta(Orderable.Meta):
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")

    def __str__(self):
        return f"{self.page.title} — {self.date:%d/%m/%Y}"
