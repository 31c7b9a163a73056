"""The association's identity on every page: name, logo, colour, footer links.

Read on every request, so kept in the shared cache and renewed by any write on the
settings, the pages (the legal pages' addresses) or the images (the logo).
"""

from django.utils.translation import get_language
from wagtail.models import Site

from portal.core.perf import cached_value
from portal.members.models import AssociationSettings

from .models import LegalPage

IDENTITY_MODELS = ("members.associationsettings", "wagtailcore.page", "wagtailimages.image")
FOOTER_ORDER = (
    LegalPage.Kind.LEGAL_NOTICE,
    LegalPage.Kind.PRIVACY,
    LegalPage.Kind.CHARTER,
    LegalPage.Kind.CONTACT,
    LegalPage.Kind.ACCESSIBILITY,
)


def darker(hex_colour, factor=0.75):
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c * factor) for c in (r, g, b)))


def _compute():
    association = AssociationSettings.load()
    pages = {
        page.kind: page
        for page in LegalPage.objects.live().public().only("kind", "title", "url_path")
    }
    # The sites' root paths once for all the links (Wagtail reads them again for each page
    # without a request, from its cache when there is one; the coherence test has none).
    root_paths = Site.get_site_root_paths()
    for page in pages.values():
        page._wagtail_cached_site_root_paths = root_paths
    logo_url = ""
    if association.logo_id:
        logo_url = association.logo.get_rendition("max-360x80").url
    colour = association.brand_colour or "#0b5c8a"
    return {
        "name": association.display_name,
        "short_name": association.short_name or association.display_name,
        "logo_url": logo_url,
        "brand_colour": colour,
        "brand_colour_dark": darker(colour),
        "contact_email": association.contact_email,
        "links": [
            {"kind": kind, "title": pages[kind].title, "url": pages[kind].url}
            for kind in FOOTER_ORDER
            if kind in pages
        ],
        "charter_url": pages[LegalPage.Kind.CHARTER].url if LegalPage.Kind.CHARTER in pages else "",
    }


def identity():
    return cached_value("site-identity", (get_language(),), IDENTITY_MODELS, _compute)
