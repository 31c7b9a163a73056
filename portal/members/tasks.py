"""Background work of the members app: e-mails go out through django-tasks."""

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(subject, body, recipients):
    """Send one plain-text e-mail to each recipient (one message each: no leaked addresses)."""
    for recipient in recipients:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
