"""Rules the two boards' writes share: who may change a request, who may answer it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _


def check_author(obj, by):
    if by.pk != obj.author_id:
        raise PermissionDenied(_("Seul l'auteur de la demande peut la modifier."))


def check_can_answer(request_obj, user):
    """An answer goes to an open request of someone else."""
    if not request_obj.is_open:
        raise ValidationError(_("Cette demande n'est plus ouverte."))
    if user.pk == request_obj.author_id:
        raise ValidationError(_("Vous ne pouvez pas répondre à votre propre demande."))


def save_response(response):
    """Save a new answer once per member: ``(response, True)``, or the answer already given
    and ``False`` when the member answered before (a double submit)."""
    response.full_clean(exclude=["request", "responder"])
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        existing = type(response).objects.get(
            request=response.request, responder_id=response.responder_id
        )
        return existing, False
    return response, True
