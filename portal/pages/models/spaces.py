"""The profession spaces (/metiers/) and their training sessions and meetings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

from ..access import profession_spaces_for
from ..blocks import BodyBlock, LinkBlock
from ..spaces import space_html
from .base import ViewRestrictionsOnceMixin


class ProfessionIndexPage(ViewRestrictionsOnceMixin, Page):
    """/metiers/: the list of profession spaces."""

    intro = models.TextField(_("chapeau"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    subpage_types = ["pages.ProfessionSpacePage"]

    class Meta:
        verbose_name = _("espaces métiers")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["spaces"] = profession_spaces_for(
            ProfessionSpacePage.objects.child_of(self).live(), request.viewer
        )
        return context


class ProfessionSpacePage(ViewRestrictionsOnceMixin, Page):
    """A profession's private space, restricted to that profession's group and the bureau."""

    profession = models.OneToOneField(
        "members.Profession",
        on_delete=models.PROTECT,
        related_name="space",
        verbose_name=_("profession"),
        help_text=_("Seuls les adhérents de cette profession et le bureau voient cet espace."),
    )
    intro = RichTextField(_("introduction"), blank=True)
    links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        verbose_name=_("liens de référence"),
        help_text=_("Sociétés savantes, recommandations officielles (HAS), ordre professionnel…"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))
    documents_collection = models.OneToOneField(
        "wagtailcore.Collection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="profession_space",
        verbose_name=_("collection de documents"),
    )
    editors_group = models.OneToOneField(
        "auth.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="edited_space",
        verbose_name=_("groupe des éditeurs"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("profession"),
        FieldPanel("intro"),
        FieldPanel("links"),
        FieldPanel("body"),
        InlinePanel(
            "events",
            label=_("formations et réunions"),
            help_text=_("Sessions de FMC/DPC et réunions de la profession."),
        ),
    ]
    parent_page_types = ["pages.ProfessionIndexPage"]
    subpage_types = ["pages.NewsPage", "pages.ContentPage"]

    class Meta:
        verbose_name = _("espace métier")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["space_html"] = space_html(self, request, context)
        return context


class SpaceEvent(Orderable):
    """A continuing-education session (FMC/DPC) or a meeting of a profession."""

    class Kind(models.TextChoices):
        FMC = "fmc", _("FMC")
        DPC = "dpc", _("DPC")
        MEETING = "reunion", _("Réunion")

    page = ParentalKey(ProfessionSpacePage, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(_("intitulé"), max_length=200)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.FMC)
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=200, help_text=_("Adresse ou « en ligne »."))
    registration_url = models.URLField(
        _("lien d'inscription"), blank=True, help_text=_("Page d'inscription (ANDPC, organisme…).")
    )
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        MultiFieldPanel([FieldPanel("start"), FieldPanel("end")], heading=_("dates")),
        FieldPanel("place"),
        FieldPanel("registration_url"),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("formation ou réunion")
        verbose_name_plural = _("formations et réunions")

    def __str__(self):
        return self.title
