"""Every write of the mutual-aid board: requests, answers, closing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import MutualAidRequest, MutualAidResponse, Notification
from .common import check_author, check_can_answer, save_response
from .notifications import notify
from .recipients import mutual_aid_candidates


@transaction.atomic
def publish_mutual_aid(*, author, **fields):
    """Save the request and notify at once every nearby member of the needed profession."""
    aid = MutualAidRequest(author=author, **fields)
    aid.full_clean()
    aid.save()
    notify(
        mutual_aid_candidates(aid),
        Notification.Kind.MUTUAL_AID_MATCH,
        "forum/email/mutual_aid_match",
        {"aid": aid},
        mutual_aid_request=aid,
    )
    return aid


@transaction.atomic
def respond_mutual_aid(aid, user, message=""):
    check_can_answer(aid, user)
    response, created = save_response(
        MutualAidResponse(request=aid, responder=user, message=message)
    )
    if not created:
        return response
    notify(
        [aid.author],
        Notification.Kind.MUTUAL_AID_RESPONSE,
        "forum/email/mutual_aid_response",
        {"aid": aid, "response": response},
        mutual_aid_request=aid,
    )
    return response


@transaction.atomic
def close_mutual_aid(aid, *, by, solved=True):
    """Close as solved or not; the request and its answers stay for the association's review."""
    check_author(aid, by)
    if not aid.is_open:
        raise ValidationError(_("Cette demande est déjà close."))
    now = timezone.now()
    aid.status = MutualAidRequest.Status.SOLVED if solved else MutualAidRequest.Status.EXPIRED
    aid.solved_at = now if solved else None
    aid.closed_at = now
    aid.save(update_fields=["status", "solved_at", "closed_at"])
    return aid
