from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import moderation as views_moderation


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path(
            "signalements/", views_moderation.ModerationQueueView.as_view(), name="moderation_queue"
        ),
        path(
            "signalements/<int:pk>/",
            views_moderation.ModerationActionView.as_view(),
            name="moderation_action",
        ),
    ]


class BureauMenuItem(MenuItem):
    def is_shown(self, request):
        return request.viewer.is_bureau


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return BureauMenuItem(
        _("Signalements"), reverse("moderation_queue"), icon_name="warning", order=250
    )
