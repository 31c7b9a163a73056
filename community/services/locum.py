"""Every write of the locum board: requests, answers, choice of a colleague, offers."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..contact import member_contact
from ..models import LocumOffer, LocumRequest, LocumResponse, Notification
from .common import check_author, check_can_answer, save_response
from .notifications import notify
from .recipients import locum_candidates
from .topics import announce_in_topic, locum_topic_content, open_board_topic


@transaction.atomic
def publish_locum_request(*, author, **fields):
    """Save the request, open its discussion in "Remplacements" and notify matching members."""
    locum = LocumRequest(author=author, **fields)
    locum.full_clean()
    locum.save()
    locum.topic = open_board_topic(
        "remplacements",
        author=author,
        subject=str(locum.title),
        content=locum_topic_content(locum),
    )
    locum.save(update_fields=["topic"])
    notify(
        locum_candidates(locum),
        Notification.Kind.LOCUM_MATCH,
        "forum/email/locum_match",
        {"locum": locum},
        locum_request=locum,
    )
    return locum


def can_respond(locum, user):
    membership = getattr(user, "membership", None)
    return (
        locum.is_open
        and user.pk != locum.author_id
        and membership is not None
        and membership.profession_id == locum.profession_id
    )


@transaction.atomic
def respond_available(locum, user, message="", *, available_from=None, available_to=None):
    """ "Je suis disponible" on the whole period, or on [available_from, available_to] inside
    it: record the answer once and tell the requester."""
    check_can_answer(locum, user)
    if not can_respond(locum, user):
        raise ValidationError(_("Cette demande s'adresse à une autre profession que la vôtre."))
    response = LocumResponse(
        request=locum,
        responder=user,
        message=message,
        available_from=available_from or locum.start,
        available_to=available_to or locum.end,
    )
    response, created = save_response(response)
    if not created:
        return response
    notify(
        [locum.author],
        Notification.Kind.LOCUM_RESPONSE,
        "forum/email/locum_response",
        {"locum": locum, "response": response},
        locum_request=locum,
    )
    return response


@transaction.atomic
def mark_filled(locum, *, by, chosen_user=None):
    """The author picks who replaces them (one of those who answered, or nobody named)."""
    check_author(locum, by)
    if not locum.is_open:
        raise ValidationError(_("Cette demande n'est plus ouverte."))
    if chosen_user is not None and not locum.responses.filter(responder=chosen_user).exists():
        raise ValidationError(_("Choisissez une personne qui s'est déclarée disponible."))
    now = timezone.now()
    locum.status = LocumRequest.Status.FILLED
    locum.filled_by = chosen_user
    locum.filled_at = now
    locum.closed_at = now
    locum.save(update_fields=["status", "filled_by", "filled_at", "closed_at"])
    announce_in_topic(locum, _("Cette demande est pourvue : merci à toutes et à tous."))
    if chosen_user is not None:
        response = locum.responses.get(responder=chosen_user)
        notify(
            [chosen_user],
            Notification.Kind.LOCUM_CHOSEN,
            "forum/email/locum_chosen",
            # The requester's professional contact details, never anything about patients.
            {"locum": locum, "response": response, "requester": member_contact(locum.author)},
            locum_request=locum,
        )
    return locum


@transaction.atomic
def cancel(locum, *, by):
    check_author(locum, by)
    if not locum.is_open:
        raise ValidationError(_("Cette demande n'est plus ouverte."))
    locum.status = LocumRequest.Status.CANCELLED
    locum.closed_at = timezone.now()
    locum.save(update_fields=["status", "closed_at"])
    announce_in_topic(locum, _("Cette demande est annulée."))
    return locum


def publish_locum_offer(*, author, **fields):
    offer = LocumOffer(author=author, **fields)
    offer.full_clean()
    offer.save()
    return offer


def withdraw_locum_offer(offer, *, by):
    check_author(offer, by)
    offer.status = LocumOffer.Status.WITHDRAWN
    offer.save(update_fields=["status"])
    return offer
