from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import AssociationSettings, Commission, Membership, Profession
from .views_admin import MembershipDecisionView, MembershipListView, TerritoryView

admin_urlpatterns = [
    path("", MembershipListView.as_view(), name="list"),
    path("<int:pk>/", MembershipDecisionView.as_view(), name="decide"),
]
territory_urlpatterns = [path("", TerritoryView.as_view(), name="territory")]


@hooks.register("register_admin_urls")
def register_members_urls():
    return [
        path("adhesions/", include((admin_urlpatterns, "members_admin"))),
        path("territoire/", include((territory_urlpatterns, "members_territory"))),
    ]


class MembershipMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("members.change_membership")


@hooks.register("register_admin_menu_item")
def register_membership_menu_item():
    return MembershipMenuItem(
        _("Adhésions"), reverse("members_admin:list"), icon_name="group", order=150
    )


class TerritoryMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("members.change_commune")


@hooks.register("register_admin_menu_item")
def register_territory_menu_item():
    return TerritoryMenuItem(
        _("Territoire"), reverse("members_territory:territory"), icon_name="site", order=160
    )


class ProfessionViewSet(SnippetViewSet):
    model = Profession
    icon = "user"
    menu_label = _("Professions")
    list_display = ["name", "code", "register", "is_active"]
    add_to_admin_menu = False


class CommissionViewSet(SnippetViewSet):
    model = Commission
    icon = "group"
    menu_label = _("Commissions")
    list_display = ["name", "chair"]
    search_fields = ["name"]


register_snippet(ProfessionViewSet)
register_snippet(CommissionViewSet)


class AssociationSetupPanel(Component):
    """The bureau's to-do after setup: pre-filled texts to reread, contact details missing."""

    name = "association_setup"
    order = 50
    template_name = "members/admin/setup_panel.html"

    def __init__(self, association):
        self.association = association

    def get_context_data(self, parent_context=None):
        return {
            "to_review": self.association.texts_to_review(),
            "missing_contact": not self.association.contact_email,
            "settings_url": reverse(
                "wagtailsettings:edit",
                args=["members", "associationsettings", self.association.pk],
            ),
        }


@hooks.register("construct_homepage_panels")
def add_association_setup_panel(request, panels):
    if not request.user.has_perm("members.change_associationsettings"):
        return
    association = AssociationSettings.load()
    if association.texts_to_review() or not association.contact_email:
        panels.append(AssociationSetupPanel(association))


class ApplicationsPanel(Component):
    """The admin home tells the bureau how many applications wait for a decision."""

    name = "pending_applications"
    order = 40
    template_name = "members/admin/applications_panel.html"

    def __init__(self, pending):
        self.pending = pending

    def get_context_data(self, parent_context=None):
        oldest = self.pending.order_by("applied_at").values_list("applied_at", flat=True).first()
        return {
            "count": self.pending.count(),
            "oldest": oldest,
            "list_url": reverse("members_admin:list"),
        }


@hooks.register("construct_homepage_panels")
def add_applications_panel(request, panels):
    if not request.user.has_perm("members.change_membership"):
        return
    pending = Membership.objects.pending()
    if pending.exists():
        panels.append(ApplicationsPanel(pending))
