"""Render e-mails from templates and queue them, one message per recipient.

Every message comes from the association's sender ("Name <address>"), has Reply-To its
contact address, greets the recipient by first name and links to ``BASE_URL``.
Notifications of a kind a member can switch off carry ``List-Unsubscribe`` and
``List-Unsubscribe-Post`` (RFC 8058 one-click) and are not sent to who switched it off.
"""

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .tasks import send_email

UNSUBSCRIBE_SALT = "maillage.unsubscribe"


def unsubscribe_token(user, kind):
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """``(user_pk, kind)`` or None; tokens do not expire: the link in an old e-mail must work."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return data.get("u"), data.get("k")


def unsubscribe_url(user, kind):
    path = reverse("my_account:unsubscribe", args=[unsubscribe_token(user, kind)])
    return f"{settings.WAGTAILADMIN_BASE_URL}{path}"


def _recipients(recipients, kind):
    """Users and plain addresses; users who switched ``kind`` off are left out."""
    from .models import NotificationPreferences, User

    users, addresses = [], []
    for recipient in recipients:
        if not recipient:
            continue
        (users if isinstance(recipient, User) else addresses).append(recipient)
    if addresses:  # an address of a member is sent as to the member
        known = {u.email.lower(): u for u in User.objects.filter(email__in=addresses)}
        users += [known[a.lower()] for a in addresses if a.lower() in known]
        addresses = [a for a in addresses if a.lower() not in known]
    if kind and users:
        off = set(
            NotificationPreferences.objects.filter(
                user__in=users, switched_off__contains=kind
            ).values_list("user_id", flat=True)
            if _json_contains_supported()
            else [
                p.user_id
                for p in NotificationPreferences.objects.filter(user__in=users)
                if not p.wants(kind)
            ]
        )
        users = [u for u in users if u.pk not in off]
    seen, unique = set(), []
    for user in users:
        if user.email.lower() not in seen:
            seen.add(user.email.lower())
            unique.append(user)
    return unique, [a for a in dict.fromkeys(addresses) if a.lower() not in seen]


def _json_contains_supported():
    from django.db import connection

    return connection.features.supports_json_field_contains


def render_email(template, context, *, user=None, kind=None):
    """Subject, body and headers of one message."""
    from .models import AssociationSettings

    association = AssociationSettings.load()
    context = {
        "site_name": association.display_name,
        "association": association,
        "base_url": settings.WAGTAILADMIN_BASE_URL,
        "recipient": user,
        "first_name": user.first_name if user is not None else "",
        **context,
    }
    headers = {}
    if kind and user is not None:
        url = unsubscribe_url(user, kind)
        context["unsubscribe_url"] = url
        headers["List-Unsubscribe"] = f"<{url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}_body.txt", context)
    if kind and user is not None:
        body += render_to_string("emails/unsubscribe_footer.txt", context)
    return {"subject": subject, "body": body, "headers": headers}


def queue_email(template, context, recipients, *, kind=None):
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` for each recipient (a
    user, or an address) and queue the sending: one message each, no shared addresses."""
    users, addresses = _recipients(recipients, kind)
    messages = []
    # E-mails are written in French, the association's language, whoever triggered them.
    with translation.override(settings.LANGUAGE_CODE):
        for user in users:
            messages.append(
                {"to": user.email, **render_email(template, context, user=user, kind=kind)}
            )
        for address in addresses:
            messages.append({"to": address, **render_email(template, context)})
    if messages:
        send_email.enqueue(messages=messages)
    return len(messages)
