"""Wagtail admin: the dashboard panel, the report page and its menu item under Reports."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import queries, views


class IndicatorsPanel(Component):
    name = "indicators"
    order = 90
    template_name = "indicators/panel.html"

    def __init__(self, scope):
        self.scope = scope

    def get_context_data(self, parent_context=None):
        return {
            "figures": queries.key_figures(self.scope),
            "report_url": reverse("indicators_report"),
        }


@hooks.register("construct_homepage_panels")
def add_indicators_panel(request, panels):
    scope = views.scope_of(request.viewer)
    if scope.sections():
        panels.append(IndicatorsPanel(scope))


@hooks.register("register_admin_urls")
def register_indicators_urls():
    return [
        path("indicateurs/", views.ReportView.as_view(), name="indicators_report"),
        path("indicateurs/csv/<slug:key>/", views.CsvView.as_view(), name="indicators_csv"),
    ]


class IndicatorsMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(views.scope_of(request.viewer).sections())


@hooks.register("register_reports_menu_item")
def register_indicators_menu_item():
    return IndicatorsMenuItem(
        _("Indicateurs"), reverse("indicators_report"), icon_name="table", order=650
    )
