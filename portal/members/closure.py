"""Account closure: each app removes what it holds about a person, and says so.

``close_account`` (services_account.py) keeps the user row under a neutral name and
calls every registered handler inside one transaction. An app registers its
handler with ``@closes("app_label.model.field", ...)``, naming each relation to
the user that the handler takes care of, from its ``AppConfig.ready()``; members
never imports the apps above it.

The system check ``members.E001`` lists every relation that points at the user
model and is neither handled nor in ``KEPT_FOR_HISTORY``: a model added with a
foreign key to the user, or an app whose handler is removed, stops
``manage.py check`` (and CI) instead of silently leaving personal data behind.
"""

from django.contrib.auth import get_user_model
from django.core import checks

# Relations kept on purpose: they record who did what in the association's
# history (validations, page revisions, uploads, audit), and the user row they
# point at is anonymised ("Ancien adhérent") by close_account.
KEPT_FOR_HISTORY = {
    "admin.logentry.user": "journal d'administration",
    "documents.protocolversion.created_by": "historique des protocoles",
    "community.locumrequest.filled_by": "remplacement pourvu (la demande est celle d'un autre)",
    "pages.privatedocument.uploaded_by_user": "auteur d'un document de l'association",
    "wagtaildocs.document.uploaded_by_user": "auteur d'un document",
    "wagtailimages.image.uploaded_by_user": "auteur d'une image",
    "wagtailcore.uploadedfile.uploaded_by_user": "téléversement en cours de l'administration",
    "wagtailcore.revision.user": "historique des révisions de pages",
    "wagtailcore.workflowstate.requested_by": "historique des validations",
    "wagtailcore.taskstate.finished_by": "historique des validations",
    "wagtailcore.page.owner": "auteur d'une page",
    "wagtailcore.comment.user": "commentaire éditorial, signé du nom neutre",
    "wagtailcore.comment.resolved_by": "historique des commentaires éditoriaux",
    "wagtailcore.commentreply.user": "réponse éditoriale, signée du nom neutre",
}

_handlers = []  # (function, frozenset of "app.model.field")


def closes(*relations):
    """Register ``function(user)`` as the closure handler of ``relations``."""

    def register(function):
        if all(function is not known for known, _ in _handlers):
            _handlers.append((function, frozenset(relations)))
        return function

    return register


def handlers():
    return [function for function, _ in _handlers]


def user_relations():
    """Every "app_label.model.field" that points at the user model (FK, one-to-one, M2M)."""
    user = get_user_model()
    found = {
        f"{relation.related_model._meta.label_lower}.{relation.field.name}"
        for relation in user._meta.related_objects
    }
    found.update(f"{user._meta.label_lower}.{field.name}" for field in user._meta.many_to_many)
    return found


def unhandled_relations():
    handled = set(KEPT_FOR_HISTORY)
    for _, relations in _handlers:
        handled.update(relations)
    return sorted(user_relations() - handled)


@checks.register(checks.Tags.models)
def check_every_relation_is_closed(app_configs=None, **kwargs):
    return [
        checks.Error(
            f"{relation} pointe vers l'utilisateur mais aucune application ne le traite à la "
            "fermeture d'un compte.",
            hint="Ajoutez-le à un gestionnaire @closes(...) de son application, ou à "
            "KEPT_FOR_HISTORY avec la raison.",
            id="members.E001",
        )
        for relation in unhandled_relations()
    ]
