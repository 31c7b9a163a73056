from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import widgets as wagtailadmin_widgets
from wagtail.admin.menu import MenuItem
from wagtail.models import BaseViewRestriction, PageViewRestriction

from portal.members.access import denial_reason, refuse
from portal.members.viewer import Viewer

from .models import ProfessionSpacePage
from .routing import view_restrictions
from .views_admin import CommissionMembersView, SpaceEditorsView


@hooks.register("before_serve_page", order=-10)
def explain_refused_page(page, request, serve_args, serve_kwargs):
    """A signed-in person who may not see a restricted page is told why (403).

    Visitors fall through to Wagtail's own check, which sends them to login.
    """
    # Read once here (from the shared cache: routing.py), kept on the page for Wagtail's
    # check (ViewRestrictionsOnceMixin).
    restrictions = view_restrictions(page)
    page._evaluated_view_restrictions = restrictions
    user = request.user
    if not user.is_authenticated or not restrictions:
        return None
    # Wagtail's own check, which runs next, reads ``request.user.groups.all()`` for every
    # restriction: hand it the viewer's groups (read once per request) the way
    # prefetch_related would, an evaluated queryset, instead of a query each time.
    cache = getattr(user, "_prefetched_objects_cache", {})
    if "groups" not in cache:
        user._prefetched_objects_cache = {**cache, "groups": request.viewer.groups}
    for restriction in restrictions:
        if (
            restriction.restriction_type == PageViewRestriction.GROUPS
            and not restriction.accept_request(request)
        ):
            return refuse(request, denial_reason(request.viewer, restriction))
    return None


@hooks.register("before_serve_document", order=-10)
def explain_refused_document(document, request):
    """Same rule for the documents of a restricted collection (Wagtail would loop to login)."""
    if not request.user.is_authenticated:
        return None
    for restriction in document.collection.get_view_restrictions():
        if (
            restriction.restriction_type == BaseViewRestriction.GROUPS
            and not restriction.accept_request(request)
        ):
            return refuse(request, denial_reason(request.viewer, restriction))
    return None


@hooks.register("after_create_page")
def set_up_new_space(request, page):
    """A space created in the admin gets its restriction, private collection and editors group."""
    if isinstance(page.specific, ProfessionSpacePage):
        from .services import setup_space

        setup_space(page.specific)


admin_urlpatterns = [
    path("editeurs/", SpaceEditorsView.as_view(), name="space-editors"),
    path("commissions/", CommissionMembersView.as_view(), name="commission-members"),
]


@hooks.register("register_admin_urls")
def register_pages_admin_urls():
    return [path("espaces/", include((admin_urlpatterns, "pages_admin")))]


class BureauMenuItem(MenuItem):
    def is_shown(self, request):
        return request.viewer.is_bureau


class CommissionMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("members.change_commission")


@hooks.register("register_admin_menu_item")
def register_space_editors_menu_item():
    return BureauMenuItem(
        _("Éditeurs des espaces"),
        reverse("pages_admin:space-editors"),
        icon_name="edit",
        order=160,
    )


@hooks.register("register_admin_menu_item")
def register_commission_members_menu_item():
    return CommissionMenuItem(
        _("Membres des commissions"),
        reverse("pages_admin:commission-members"),
        icon_name="group",
        order=170,
    )


@hooks.register("register_page_header_buttons")
def space_editors_button(page, user, view_name, next_url=None):
    """ "Éditeurs de l'espace" on a profession space, for the bureau."""
    if page.specific_class is ProfessionSpacePage and Viewer(user).is_bureau:
        yield wagtailadmin_widgets.Button(
            _("Éditeurs de l'espace"),
            reverse("pages_admin:space-editors") + f"#space-{page.pk}",
            icon_name="group",
            priority=90,
        )
