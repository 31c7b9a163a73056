"""Wagtail page types of the public site and the member space."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.perf import uncached

from .blocks import BodyBlock, LinkBlock


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


class MemberSpacePage(ViewRestrictionsOnceMixin, Page):
    """The member dashboard at /espace-membres/, restricted to the "Membres" group."""

    intro = RichTextField(_("message d'accueil"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    subpage_types = ["pages.ContentPage"]

    class Meta:
        verbose_name = _("espace membres")

    def get_context(self, request, *args, **kwargs):
        from .dashboard import dashboard_html

        context = super().get_context(request, *args, **kwargs)
        context["dashboard_html"] = dashboard_html(self, request, context)
        return context


class ProfessionIndexPage(ViewRestrictionsOnceMixin, Page):
    """/metiers/: the list of profession spaces."""

    intro = models.TextField(_("chapeau"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    subpage_types = ["pages.ProfessionSpacePage"]

    class Meta:
        verbose_name = _("espaces métiers")

    def get_context(self, request, *args, **kwargs):
        from .access import profession_spaces_for

        context = super().get_context(request, *args, **kwargs)
        context["spaces"] = profession_spaces_for(self, request.viewer)
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
        from .spaces import space_html

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
        from .spaces import commission_context

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
