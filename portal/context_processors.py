from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    """The association's identity (name, logo, colour, footer links) and the tile server."""
    from portal.pages.identity import identity

    association = SimpleLazyObject(identity)
    return {
        "ASSOCIATION": association,
        "SITE_NAME": SimpleLazyObject(lambda: association["name"]),
        "MAP_TILE_URL": settings.MAP_TILE_URL,
    }
