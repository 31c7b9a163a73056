from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.shortcuts import redirect
from django.urls import reverse

from .roles import ADMIN_ACCESS
from .viewer import Viewer

EXEMPT_PREFIXES = ("/compte/", "/static/", "/healthz", "/media/")
SESSION_KEY = "maillage_mfa_enrolled"
ADMIN_PREFIX = "/admin/"
ADMIN_ACCESS_PERMISSION = "{}.{}".format(*ADMIN_ACCESS)


class ViewerMiddleware:
    """Give each request its :class:`~portal.members.viewer.Viewer` (``request.viewer``).

    A middleware rather than a property computed on first use: Django's request class is
    not ours to extend, and views, mixins, Wagtail hooks, context processors, templates and
    the API all read the same attribute. Building it runs no query; each question asked of
    it costs at most one, once per request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.viewer = Viewer(request.user)
        return self.get_response(request)


def viewer_signed_in(sender, request, user, **kwargs):
    """Signing in replaces ``request.user``: the viewer follows."""
    if request is not None and hasattr(request, "viewer"):
        request.viewer = Viewer(user)


def viewer_signed_out(sender, request, **kwargs):
    """Sent before Django forgets the user: the rest of the request sees a visitor."""
    if request is not None and hasattr(request, "viewer"):
        request.viewer = Viewer()


class RequireTwoFactorMiddleware:
    """Whoever may enter the Wagtail admin must enrol a TOTP authenticator first.

    Staff, superusers and the bureau (its group, whether or not the account is marked staff) on
    every page: they cannot skip enrolment by URL; anyone else when opening /admin/ with the
    right to enter it (``wagtailadmin.access_admin``: the commissions). Others opening /admin/ go on to Wagtail, which refuses them its own way:
    asking them to enrol would promise an admin they may not enter. Only demo accounts are
    exempt. The positive answer is remembered in the session; before it, ordinary pages
    ask only the request's viewer whether this is the bureau (its one groups query, which the
    member menu reads anyway); on /admin/ the permission check fills the user's permission
    cache, which Wagtail's own check then reads.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.session.get(SESSION_KEY)
            and not user.is_demo_account
            and not request.path.startswith(EXEMPT_PREFIXES)
            and may_enter_admin(request)
        ):
            if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                request.session[SESSION_KEY] = True
            else:
                next_path = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('mfa_activate_totp')}?{next_path}")
        return self.get_response(request)


def may_enter_admin(request):
    """Staff, superusers and the bureau anywhere; on /admin/, whoever has Wagtail's admin
    access."""
    user = request.user
    viewer = getattr(request, "viewer", None) or Viewer(user)
    if user.is_staff or user.is_superuser or viewer.is_bureau:
        return True
    return request.path.startswith(ADMIN_PREFIX) and user.has_perm(ADMIN_ACCESS_PERMISSION)
