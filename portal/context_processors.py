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
        "MEMBER_MENU": SimpleLazyObject(lambda: member_menu(request.user)),
    }


def member_menu(user):
    """Whether the header offers the members' entries (member space, professions, boards,
    forum): only to people those pages let in, so an applicant is not sent to a 403.

    Approval and the "Membres" group go together (members.services), so the membership's
    status says it; reading ``user.membership`` caches it on the user for the header's
    banner, which reads it too.
    """
    from portal.members.models import BUREAU_GROUP, Membership

    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    try:
        return user.membership.status == Membership.Status.APPROVED
    except Membership.DoesNotExist:
        # ``all()``, not ``filter()``: on Wagtail pages the groups are already prefetched
        # as a list (portal.pages.wagtail_hooks), which has no ``filter``.
        return any(group.name == BUREAU_GROUP for group in user.groups.all())
