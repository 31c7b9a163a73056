"""The public site: home, content, legal notices, news."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BodyBlock
from .base import ViewRestrictionsOnceMixin


class HomePage(ViewRestrictionsOnceMixin, Page):
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
        "pages.LegalPage",
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


class ContentPage(ViewRestrictionsOnceMixin, Page):
    """A plain editorial page (presentation, charter, legal notice…)."""

    intro = models.TextField(_("chapeau"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("page de contenu")


class LegalPage(ViewRestrictionsOnceMixin, Page):
    """A page every association must have (legal notice, privacy, charter, accessibility,
    contact): its text is edited once, in the association's settings, and shown here."""

    class Kind(models.TextChoices):
        LEGAL_NOTICE = "legal_notice", _("Mentions légales")
        PRIVACY = "privacy", _("Politique de confidentialité")
        CHARTER = "charter", _("Charte de l'adhérent")
        ACCESSIBILITY = "accessibility", _("Accessibilité")
        CONTACT = "contact", _("Contact")

    kind = models.CharField(
        _("type de page"),
        max_length=20,
        choices=Kind.choices,
        unique=True,
        help_text=_("Le texte de ces pages se modifie dans Réglages → Association."),
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name=_("contenu complémentaire"),
        help_text=_("Facultatif : affiché après le texte des réglages."),
    )

    content_panels = [*Page.content_panels, FieldPanel("body")]
    settings_panels = [*Page.settings_panels, FieldPanel("kind")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("page légale")
        verbose_name_plural = _("pages légales")


class NewsIndexPage(ViewRestrictionsOnceMixin, Page):
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


class NewsPage(ViewRestrictionsOnceMixin, Page):
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
