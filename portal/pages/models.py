"""Wagtail page types of the public site and the member space."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyBlock


class HomePage(Page):
    """The association's home page: presentation, latest news, link to join."""

    intro = RichTextField(
        _("présentation"), blank=True, help_text=_("Quelques lignes sur l'association.")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))
    join_text = models.CharField(
        _("texte d'adhésion"),
        max_length=255,
        blank=True,
        default=_("Vous êtes professionnel de santé libéral sur le territoire ? Rejoignez-nous."),
        help_text=_("Phrase affichée au-dessus du bouton d'adhésion."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("join_text"),
    ]
    max_count = 1
    subpage_types = [
        "pages.ContentPage",
        "pages.NewsIndexPage",
        "pages.MemberSpacePage",
        "pages.ProfessionIndexPage",
        "pages.CommissionIndexPage",
    ]

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news"] = (
            NewsPage.objects.live()
            .public()
            .order_by("-date", "-pk")
            .only("title", "url_path", "date", "intro")[:3]
        )
        return context


class ContentPage(Page):
    """A plain editorial page (presentation, charter, legal notice…)."""

    intro = models.TextField(_("chapeau"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("page de contenu")


class NewsIndexPage(Page):
    intro = models.TextField(_("chapeau"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["pages.NewsPage"]

    class Meta:
        verbose_name = _("liste d'actualités")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        items = NewsPage.objects.child_of(self).live().order_by("-date", "-pk")
        context["news"] = Paginator(items, 10).get_page(request.GET.get("page"))
        return context


class NewsPage(Page):
    date = models.DateField(_("date"))
    intro = models.TextField(_("chapeau"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    parent_page_types = ["pages.NewsIndexPage", "pages.ProfessionSpacePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("actualité")


class MemberSpacePage(Page):
    """The member dashboard at /espace-membres/, restricted to the "Membres" group."""

    intro = RichTextField(_("message d'accueil"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    subpage_types = ["pages.ContentPage"]

    class Meta:
        verbose_name = _("espace membres")

    def get_context(self, request, *args, **kwargs):
        from .dashboard import dashboard_context

        context = super().get_context(request, *args, **kwargs)
        context.update(dashboard_context(request))
        return context


class ProfessionIndexPage(Page):
    """/metiers/: the list of profession spaces."""

    intro = models.TextField(_("chapeau"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    subpage_types = ["pages.ProfessionSpacePage"]

    class Meta:
        verbose_name = _("espaces métiers")


class ProfessionSpacePage(Page):
    """A profession's private space, restricted to that profession's group and the bureau."""

    profession = models.OneToOneField(
        "members.Profession",
        on_delete=models.PROTECT,
        related_name="space",
        verbose_name=_("profession"),
        help_text=_("Seuls les adhérents de cette profession et le bureau voient cet espace."),
    )
    intro = RichTextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("profession"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    parent_page_types = ["pages.ProfessionIndexPage"]
    subpage_types = ["pages.NewsPage", "pages.ContentPage"]

    class Meta:
        verbose_name = _("espace métier")


class CommissionIndexPage(Page):
    intro = models.TextField(_("chapeau"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    subpage_types = ["pages.CommissionPage"]

    class Meta:
        verbose_name = _("liste des commissions")


class CommissionPage(Page):
    """The public page of a commission."""

    commission = models.OneToOneField(
        "members.Commission",
        on_delete=models.PROTECT,
        related_name="page",
        verbose_name=_("commission"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [*Page.content_panels, FieldPanel("commission"), FieldPanel("body")]
    parent_page_types = ["pages.CommissionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("page de commission")
