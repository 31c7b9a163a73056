"""Who may come in, and why not: the site's access mixins and the one wording of refusals.

Views check access once, at the top, with a mixin of this module (or the rule of their
own app: ``directory.visibility.can_edit``, ``documents`` querysets, Wagtail's view
restrictions); every refusal a signed-in person sees outside the Wagtail admin is worded
here, from what ``request.viewer`` knows of them. The admin's screens refuse by Wagtail's own
code and wording (``AdminBureauRequiredMixin``).
"""

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.admin.auth import require_admin_access

from .models import MEMBERS_GROUP, Membership

TEMPLATE = "members/access_denied.html"


def membership_reason(viewer):
    """Why a signed-in person whose membership is not approved is refused, or None."""
    membership = viewer.membership
    if membership is None:
        return None
    if membership.status == Membership.Status.PENDING:
        return _(
            "Votre demande d'adhésion du %(date)s est en attente de validation par le bureau. "
            "Vous recevrez un e-mail dès qu'elle sera examinée."
        ) % {"date": membership.applied_at.strftime("%d/%m/%Y")}
    if membership.status == Membership.Status.REFUSED:
        return _("Votre demande d'adhésion a été refusée par le bureau.")
    if membership.status == Membership.Status.SUSPENDED:
        return _(
            "Votre adhésion est suspendue : l'accès à l'espace membres est fermé. Contactez le bureau."
        )
    return None


def members_only_reason(viewer):
    """Why a signed-in person who is not an approved member may not enter a members' space."""
    if viewer.membership is None:
        return _(
            "Cet espace est réservé aux adhérents de l'association. Votre compte n'est lié à aucune demande d'adhésion."
        )
    return membership_reason(viewer) or _(
        "Cet espace est réservé aux adhérents de l'association dont l'adhésion est validée."
    )


def denial_reason(viewer, restriction):
    """Why ``viewer`` may not see a page or collection restricted to some groups."""
    if viewer.membership is None or membership_reason(viewer):
        return members_only_reason(viewer)
    groups = list(restriction.groups.select_related("profession"))
    professions = [g.profession.plural for g in groups if hasattr(g, "profession")]
    if professions and all(g.name != MEMBERS_GROUP for g in groups):
        return _("Cet espace est réservé aux %(who)s.") % {"who": ", ".join(professions)}
    return _("Cet espace est réservé à certains groupes d'adhérents.")


def refuse(request, reason):
    """The 403 page saying ``reason``."""
    return TemplateResponse(request, TEMPLATE, {"reason": reason}, status=403)


class MemberRequiredMixin(AccessMixin):
    """Approved members (the "Membres" group). Visitors go to the login page; a signed-in
    non-member gets a 403 saying why (``members_only_reason``)."""

    def dispatch(self, request, *args, **kwargs):
        viewer = request.viewer
        if not viewer.is_authenticated:
            return self.handle_no_permission()
        if not viewer.is_member:
            return refuse(request, members_only_reason(viewer))
        return super().dispatch(request, *args, **kwargs)


class AdminBureauRequiredMixin:
    """The bureau's screens in the Wagtail admin (moderation queue, space editors), refused
    as every other admin screen is, by Wagtail's own code: visitors, and members without admin
    access (told so), to the admin login page; people with admin access who are not the
    bureau to the admin home, told they may not enter this area (a 403 for background
    requests). Checked here, not left to the URL's wrapper: the screen refuses the same
    wherever it is mounted."""

    def dispatch(self, request, *args, **kwargs):
        return require_admin_access(self._dispatch_for_bureau)(request, *args, **kwargs)

    def _dispatch_for_bureau(self, request, *args, **kwargs):
        if not request.viewer.is_bureau:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
