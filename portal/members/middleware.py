from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.shortcuts import redirect
from django.urls import reverse

from .viewer import Viewer

EXEMPT_PREFIXES = ("/compte/", "/static/", "/healthz", "/media/")
SESSION_KEY = "maillage_mfa_enrolled"


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
    """The bureau and anyone entering the Wagtail admin must enrol a TOTP authenticator.

    Only demo accounts are exempt. The positive answer is remembered in the
    session so ordinary pages cost no query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.session.get(SESSION_KEY)
            and (user.is_staff or user.is_superuser or request.path.startswith("/admin/"))
            and not user.is_demo_account
            and not request.path.startswith(EXEMPT_PREFIXES)
        ):
            if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                request.session[SESSION_KEY] = True
            else:
                next_path = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('mfa_activate_totp')}?{next_path}")
        return self.get_response(request)
