"""The page tree and sites every installation starts from (no demo content).

Each function is idempotent: pages are found again by type (and kind or profession),
never duplicated, and what the bureau edited since is left as it is.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.sites.models import Site as DjangoSite
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from portal.members.models import BUREAU_GROUP, MEMBERS_GROUP, Commission, Profession

from . import services
from .models import (
    CommissionIndexPage,
    CommissionPage,
    HomePage,
    LegalPage,
    MemberSpacePage,
    NewsIndexPage,
    ProfessionIndexPage,
    ProfessionSpacePage,
)

# kind -> (slug, title)
LEGAL_PAGES = {
    LegalPage.Kind.LEGAL_NOTICE: ("mentions-legales", "Mentions légales"),
    LegalPage.Kind.PRIVACY: ("confidentialite", "Politique de confidentialité"),
    LegalPage.Kind.CHARTER: ("charte", "Charte de l'adhérent"),
    LegalPage.Kind.ACCESSIBILITY: ("accessibilite", "Accessibilité"),
    LegalPage.Kind.CONTACT: ("contact", "Contact"),
}
BUREAU_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
)
BUREAU_COLLECTION_PERMISSIONS = (
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
)


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _child(parent, model, slug, **fields):
    """The child of ``parent`` of type ``model`` at ``slug``, created and published if missing."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        if Page.objects.child_of(parent).filter(slug=slug).exists():
            return None  # another page took that address: leave the bureau's choice alone
        page = _publish(parent, model(slug=slug, **fields))
    return page


def ensure_roots():
    """Wagtail's root page, root collection and default locale, as its migrations make them
    (a database emptied by ``flush`` has none)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(
            instance=Page(
                title="Root",
                slug="root",
                content_type=ContentType.objects.get_for_model(Page),
                live=True,
            )
        )
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")


def host_and_port():
    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    default_port = 443 if parts.scheme == "https" else 80
    return parts.hostname or "localhost", parts.port or default_port


def setup_home(association_name):
    """The home page, made the root of the default Wagtail site (Wagtail's welcome page goes)."""
    ensure_roots()
    home = HomePage.objects.first()
    if home is None:
        home = _publish(
            Page.get_first_root_node(),
            HomePage(
                title=association_name,
                slug="accueil",
                intro="<p>L'association des professionnels de santé libéraux du territoire : "
                "annuaire, espaces par métier, protocoles validés, remplacements et entraide.</p>",
            ),
        )
    hostname, port = host_and_port()
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        site = Site(is_default_site=True)
    old_root = site.root_page if site.root_page_id else None
    site.root_page = home
    site.hostname, site.port, site.site_name = hostname, port, association_name
    site.is_default_site = True
    site.save()
    if old_root is not None and old_root.pk != home.pk and old_root.specific_class is Page:
        old_root.delete()  # Wagtail's "Welcome to your new Wagtail site!"
    DjangoSite.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": hostname, "name": association_name}
    )
    return home


@transaction.atomic
def setup_pages(association_name):
    home = setup_home(association_name)
    members, bureau = Group.objects.get(name=MEMBERS_GROUP), Group.objects.get(name=BUREAU_GROUP)

    for kind, (slug, title) in LEGAL_PAGES.items():
        if not LegalPage.objects.filter(kind=kind).exists():
            _child(home, LegalPage, slug, title=title, kind=kind)
    _child(
        home,
        NewsIndexPage,
        "actualites",
        title="Actualités",
        intro="La vie de l'association.",
    )
    space = _child(
        home,
        MemberSpacePage,
        "espace-membres",
        title="Espace membres",
        intro="<p>Bienvenue dans l'espace réservé aux adhérents.</p>",
    )
    if space is not None:
        services.restrict_page(space, [members, bureau])
    metiers = _child(
        home,
        ProfessionIndexPage,
        "metiers",
        title="Espaces métiers",
        intro="Chaque profession dispose d'un espace privé.",
    )
    if metiers is not None:
        services.restrict_page(metiers, [members, bureau])
        setup_profession_spaces(metiers)
    commissions = _child(
        home,
        CommissionIndexPage,
        "commissions",
        title="Commissions",
        intro="Les groupes de travail de l'association.",
    )
    if commissions is not None:
        setup_commission_pages(commissions)
    grant_bureau_pages(home, bureau)
    return home


def setup_profession_spaces(metiers):
    """One private space per active profession (restriction, collection, editors group)."""
    for profession in Profession.objects.active():
        page = ProfessionSpacePage.objects.filter(profession=profession).first()
        if page is None:
            page = _child(
                metiers,
                ProfessionSpacePage,
                profession.slug,
                title=f"Espace des {profession.plural}",
                profession=profession,
                intro=f"<p>L'espace privé des {profession.plural} de l'association : liens utiles, "
                "formations et actualités.</p>",
            )
        if page is not None:
            services.setup_space(page)


def setup_commission_pages(index):
    for commission in Commission.objects.all():
        if not CommissionPage.objects.filter(commission=commission).exists():
            _child(
                index,
                CommissionPage,
                commission.slug,
                title=f"Commission {commission.name}",
                commission=commission,
            )


def grant_bureau_pages(home, bureau):
    """The bureau edits every page, document and image."""
    for codename in BUREAU_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=bureau,
            page=home,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    root_collection = Collection.get_first_root_node()
    for app_label, codename in BUREAU_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=bureau,
            collection=root_collection,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )
