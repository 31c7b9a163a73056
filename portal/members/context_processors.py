"""Whether the header offers the members' entries, from the request's viewer."""

from django.utils.functional import SimpleLazyObject

from .viewer import Viewer


def member_menu(request):
    """A request that never went through ViewerMiddleware (an error page raised above it, a
    RequestFactory) still gets its viewer."""
    return {"MEMBER_MENU": SimpleLazyObject(lambda: shows_member_menu(viewer_of(request)))}


def viewer_of(request):
    viewer = getattr(request, "viewer", None)
    return viewer if viewer is not None else Viewer.of(getattr(request, "user", None))


def shows_member_menu(viewer):
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
