"""The boards' notifications: written when something concerns a member, seen on the page."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from portal.members.emails import queue_email
from portal.members.models import NotificationKind

from ..models import Notification

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


def notify(users, kind, template, context, **target):
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


def mark_seen(user, request_obj):
    """Mark read ``user``'s notifications about ``request_obj`` (a locum or mutual-aid
    request), shown by its page. Reads first: a page seen again writes nothing."""
    target = {Notification.target_field(request_obj): request_obj}
    unread = Notification.objects.filter(user=user, read_at__isnull=True, **target)
    if not unread.exists():
        return 0
    return Notification.objects.mark_read(user, **target)
