"""Settings every layout needs (no app is read here)."""

from django.conf import settings


def maps(request):
    """The tile server of the directory's and the boards' maps."""
    return {"MAP_TILE_URL": settings.MAP_TILE_URL}
