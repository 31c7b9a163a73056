"""Wagtail admin: territorial resources (snippet) and the directory freshness report."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.members.models import User

from .models import Profile, Resource


class ResourceViewSet(SnippetViewSet):
    model = Resource
    icon = "site"
    menu_label = _("Ressources du territoire")
    menu_order = 160
    add_to_admin_menu = True
    list_display = ["name", "category", "commune", "finess", "is_published"]
    list_filter = ["category", "is_published"]
    search_fields = ["name", "commune", "description"]
    ordering = ["category", "name"]


register_snippet(ResourceViewSet)


class FreshnessReportView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Entries not confirmed for over a year, least complete first."""

    permission_required = "members.change_membership"
    template_name = "directory/admin/freshness_report.html"
    page_title = _("Fiches d'annuaire à confirmer")
    header_icon = "date"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profiles = list(
            Profile.objects.listed()
            .not_confirmed_since(365)
            .select_related("user", "user__membership__profession")
            .prefetch_related("sites", "specialties")
            .order_by("confirmed_at", *User.name_order("user__"))[:1000]
        )
        rows = sorted(((p.completeness, p) for p in profiles), key=lambda row: row[0])
        context.update(rows=rows, total=len(rows))
        return context


@hooks.register("register_admin_urls")
def register_directory_admin_urls():
    return [path("annuaire/fraicheur/", FreshnessReportView.as_view(), name="directory_freshness")]


class FreshnessMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("members.change_membership")


@hooks.register("register_reports_menu_item")
def register_freshness_menu_item():
    return FreshnessMenuItem(
        _("Fiches d'annuaire à confirmer"),
        reverse("directory_freshness"),
        icon_name="date",
        order=700,
    )


from . import wagtail_hooks_data  # noqa: E402,F401
