from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from .models import ProtocolVersion


@hooks.register("register_log_actions")
def register_documents_log_actions(actions):
    actions.register_action(
        "documents.supersede", _("Remplacer"), _("Remplacée par une nouvelle version")
    )


class ValidationPanel(Component):
    """The admin home tells a validator (the bureau, a commission's validators) how many
    submitted protocol versions wait for their decision."""

    name = "protocols_to_validate"
    order = 45
    template_name = "documents/admin/validation_panel.html"

    def __init__(self, count):
        self.count = count

    def get_context_data(self, parent_context=None):
        return {"count": self.count, "queue_url": reverse("documents:validation")}


@hooks.register("construct_homepage_panels")
def add_validation_panel(request, panels):
    count = ProtocolVersion.objects.awaiting_validation_by(request.user).count()
    if count:
        panels.append(ValidationPanel(count))
