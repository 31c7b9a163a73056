"""Background work of the members app: e-mails go out through django-tasks."""

from django.core.mail import EmailMessage, get_connection
from django_tasks import task


@task()
def send_email(messages=None, subject=None, body=None, recipients=()):
    """Send each message on its own (no recipient sees another's address), from the
    association's sender with Reply-To its contact address.

    ``messages``: dicts with ``to``, ``subject``, ``body`` and ``headers``; the older form
    (one ``subject`` and ``body`` for several ``recipients``) is still accepted.
    """
    from .models import AssociationSettings

    if messages is None:
        messages = [{"to": r, "subject": subject, "body": body, "headers": {}} for r in recipients]
    association = AssociationSettings.load()
    with get_connection() as connection:
        for message in messages:
            EmailMessage(
                subject=message["subject"],
                body=message["body"],
                from_email=association.from_email,
                to=[message["to"]],
                reply_to=association.reply_to,
                headers=message.get("headers") or {},
                connection=connection,
            ).send()
    return len(messages)
