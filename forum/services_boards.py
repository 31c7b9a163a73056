"""Every write on the locum and mutual-aid boards goes through these functions."""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.members.emails import queue_email
from portal.members.models import Membership, NotificationKind

from .models import (
    NEARBY_KM,
    LocumOffer,
    LocumRequest,
    LocumResponse,
    MutualAidRequest,
    MutualAidResponse,
    Notification,
)

# --- recipients --------------------------------------------------------------------------


def _near(commune, radius_km=NEARBY_KM):
    from directory.geo import communes_near

    return communes_near(commune, radius_km)


def _practising_in(communes):
    """Users whose membership commune, or one of whose directory sites, is in ``communes``."""
    from directory.models import PracticeSite

    site_users = PracticeSite.objects.filter(commune__in=communes).values("profile__user_id")
    return Q(membership__commune__in=communes) | Q(pk__in=site_users)


def locum_candidates(locum_request):
    """Approved members of the profession, available on those dates, practising near the commune."""
    from directory.models import Profile

    available = Profile.objects.available_for_locum(
        locum_request.profession, locum_request.start, locum_request.end
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(pk__in=available)
        .filter(_practising_in(_near(locum_request.commune)))
        .exclude(pk=locum_request.author_id)
        .distinct()
    )


def mutual_aid_candidates(aid_request):
    """Every approved member of the needed profession practising near the commune."""
    return (
        get_user_model()
        .objects.filter(
            membership__status=Membership.Status.APPROVED,
            membership__profession=aid_request.profession_needed,
        )
        .filter(_practising_in(_near(aid_request.commune)))
        .exclude(pk=aid_request.author_id)
        .distinct()
    )


EMAIL_KINDS = {
    Notification.Kind.LOCUM_MATCH: NotificationKind.LOCUM,
    Notification.Kind.MUTUAL_AID_MATCH: NotificationKind.MUTUAL_AID,
}
_emails_suppressed = ContextVar("board_emails_suppressed", default=False)


@contextmanager
def emails_suppressed():
    """Demo content: record notifications without e-mailing the demo accounts."""
    token = _emails_suppressed.set(True)
    try:
        yield
    finally:
        _emails_suppressed.reset(token)


def _notify(users, kind, template, context, **target):
    """A dashboard notification for each user and an e-mail queued once the data is committed."""
    users = list(users)
    if not users:
        return []
    Notification.objects.bulk_create(Notification(user=user, kind=kind, **target) for user in users)
    if not _emails_suppressed.get():
        # Matches can be switched off (List-Unsubscribe); answers to one's own request cannot.
        email_kind = EMAIL_KINDS.get(kind)
        transaction.on_commit(lambda: queue_email(template, context, users, kind=email_kind))
    return users


# --- forum topics ------------------------------------------------------------------------


def open_board_topic(forum_key, *, author, subject, content):
    """Open a topic in one of the common forums; the author follows the replies.

    ``forum.conversation.open_topic`` creates the topic and its first post with machina's
    models; the post's save updates the topic's and the forum's counters as machina does.
    """
    from .conversation import open_topic as open_machina_topic
    from .tree import forum_for

    forum = forum_for(forum_key)
    if forum is None:
        raise ValidationError(
            _("Le forum de discussion n'est pas encore créé : prévenez le bureau.")
        )
    return open_machina_topic(
        forum, poster=author, subject=subject[:255], content=content, subscribe=[author]
    )


# --- locum requests ----------------------------------------------------------------------


@transaction.atomic
def locum_topic_content(locum):
    """The first post of a locum request's discussion: its fields and a link."""
    return render_to_string(
        "forum/boards/locum_topic.txt",
        {"locum": locum, "base_url": settings.WAGTAILADMIN_BASE_URL},
    )


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
    _notify(
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
    if not locum.is_open:
        raise ValidationError(_("Cette demande n'est plus ouverte."))
    if user.pk == locum.author_id:
        raise ValidationError(_("Vous ne pouvez pas répondre à votre propre demande."))
    if not can_respond(locum, user):
        raise ValidationError(_("Cette demande s'adresse à une autre profession que la vôtre."))
    response = LocumResponse(
        request=locum,
        responder=user,
        message=message,
        available_from=available_from or locum.start,
        available_to=available_to or locum.end,
    )
    response.full_clean(exclude=["request", "responder"])
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        return LocumResponse.objects.get(request=locum, responder=user)
    _notify(
        [locum.author],
        Notification.Kind.LOCUM_RESPONSE,
        "forum/email/locum_response",
        {"locum": locum, "response": response},
        locum_request=locum,
    )
    return response


def _announce_in_topic(locum, text):
    """Tell the forum discussion what became of the request (the author posts it)."""
    if locum.topic_id is None:
        return
    from .conversation import reply

    reply(locum.topic, poster=locum.author, content=text)


def _check_author(obj, by):
    if by.pk != obj.author_id:
        raise PermissionDenied(_("Seul l'auteur de la demande peut la modifier."))


@transaction.atomic
def mark_filled(locum, *, by, chosen_user=None):
    """The author picks who replaces them (one of those who answered, or nobody named)."""
    _check_author(locum, by)
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
    _announce_in_topic(locum, _("Cette demande est pourvue : merci à toutes et à tous."))
    if chosen_user is not None:
        from .contact import member_contact

        response = locum.responses.get(responder=chosen_user)
        _notify(
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
    _check_author(locum, by)
    if not locum.is_open:
        raise ValidationError(_("Cette demande n'est plus ouverte."))
    locum.status = LocumRequest.Status.CANCELLED
    locum.closed_at = timezone.now()
    locum.save(update_fields=["status", "closed_at"])
    _announce_in_topic(locum, _("Cette demande est annulée."))
    return locum


# --- availability offers -----------------------------------------------------------------


def publish_locum_offer(*, author, **fields):
    offer = LocumOffer(author=author, **fields)
    offer.full_clean()
    offer.save()
    return offer


def withdraw_locum_offer(offer, *, by):
    _check_author(offer, by)
    offer.status = LocumOffer.Status.WITHDRAWN
    offer.save(update_fields=["status"])
    return offer


# --- mutual aid ----------------------------------------------------------------------------


@transaction.atomic
def publish_mutual_aid(*, author, **fields):
    """Save the request and notify at once every nearby member of the needed profession."""
    aid = MutualAidRequest(author=author, **fields)
    aid.full_clean()
    aid.save()
    _notify(
        mutual_aid_candidates(aid),
        Notification.Kind.MUTUAL_AID_MATCH,
        "forum/email/mutual_aid_match",
        {"aid": aid},
        mutual_aid_request=aid,
    )
    return aid


@transaction.atomic
def respond_mutual_aid(aid, user, message=""):
    if not aid.is_open:
        raise ValidationError(_("Cette demande n'est plus ouverte."))
    if user.pk == aid.author_id:
        raise ValidationError(_("Vous ne pouvez pas répondre à votre propre demande."))
    response = MutualAidResponse(request=aid, responder=user, message=message)
    response.full_clean(exclude=["request", "responder"])
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        return MutualAidResponse.objects.get(request=aid, responder=user)
    _notify(
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
    _check_author(aid, by)
    if not aid.is_open:
        raise ValidationError(_("Cette demande est déjà close."))
    now = timezone.now()
    aid.status = MutualAidRequest.Status.SOLVED if solved else MutualAidRequest.Status.EXPIRED
    aid.solved_at = now if solved else None
    aid.closed_at = now
    aid.save(update_fields=["status", "solved_at", "closed_at"])
    return aid


# --- expiry --------------------------------------------------------------------------------


@transaction.atomic
def expire_requests(today=None):
    """Close what is past: locum requests and offers after their end, mutual aid after its span."""
    today = today or timezone.localdate()
    now = timezone.now()
    locums = (
        LocumRequest.objects.open()
        .filter(end__lt=today)
        .update(status=LocumRequest.Status.EXPIRED, closed_at=now)
    )
    offers = (
        LocumOffer.objects.open().filter(end__lt=today).update(status=LocumOffer.Status.EXPIRED)
    )
    aid_ids = [
        aid.pk
        for aid in MutualAidRequest.objects.open().only("start", "duration_days")
        if aid.start + timedelta(days=aid.duration_days) <= today
    ]
    aids = MutualAidRequest.objects.filter(pk__in=aid_ids).update(
        status=MutualAidRequest.Status.EXPIRED, closed_at=now
    )
    return {"locum_requests": locums, "offers": offers, "mutual_aid": aids}
