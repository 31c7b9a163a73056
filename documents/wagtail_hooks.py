from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_documents_log_actions(actions):
    actions.register_action(
        "documents.supersede", _("Remplacer"), _("Remplacée par une nouvelle version")
    )
