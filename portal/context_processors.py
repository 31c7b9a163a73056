from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    """The association's identity (name, logo, colour, footer links), the tile server and
    whether the header shows the members' menu."""
    from portal.pages.identity import identity

    association = SimpleLazyObject(identity)
    return {
        "ASSOCIATION": association,
        "SITE_NAME": SimpleLazyObject(lambda: association["name"]),
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MEMBER_MENU": SimpleLazyObject(lambda: member_menu(request.viewer)),
    }


def member_menu(viewer):
    """Whether the header offers the members' entries (member space, professions, boards,
    forum): only to people those pages let in, so an applicant is not sent to a 403.

    Approval and the "Membres" group go together (members.services), so the membership's
    status says it; the header's banner reads the same ``viewer.membership``.
    """
    if not viewer.is_authenticated:
        return False
    if viewer.user.is_superuser:
        return True
    if viewer.membership is not None:
        return viewer.membership.is_approved
    return viewer.is_bureau
