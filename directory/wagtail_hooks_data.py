"""Wagtail admin: the bureau's CSV export of the directory (imported by wagtail_hooks.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .export import PERMISSION, directory_csv


@hooks.register("register_admin_urls")
def register_export_url():
    return [path("annuaire/export.csv", directory_csv, name="directory_export_csv")]


class ExportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_reports_menu_item")
def register_export_menu_item():
    return ExportMenuItem(
        _("Export de l'annuaire (CSV)"),
        reverse("directory_export_csv"),
        icon_name="download",
        order=900,
    )
