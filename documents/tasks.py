"""Background work of the documents app (django-tasks)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task


@task()
def notify_publication(version_id):
    """Tell the members of the target professions that a version was published (minus opt-outs)."""
    from portal.members.models import Membership, User

    from .models import ProtocolVersion

    version = (
        ProtocolVersion.objects.select_related("protocol__commission").filter(pk=version_id).first()
    )
    if version is None or version.status != ProtocolVersion.Status.PUBLISHED:
        return 0
    protocol = version.protocol
    recipients = (
        User.objects.filter(
            is_active=True,
            membership__status=Membership.Status.APPROVED,
            membership__profession__in=protocol.target_professions.all(),
        )
        .exclude(protocol_notification_opt_out__isnull=False)
        .values_list("email", flat=True)
        .distinct()
    )
    context = {
        "site_name": settings.SITE_NAME,
        "base_url": settings.WAGTAILADMIN_BASE_URL,
        "version": version,
        "protocol": protocol,
    }
    subject = render_to_string("documents/email/published_subject.txt", context).strip()
    body = render_to_string("documents/email/published_body.txt", context)
    sent = 0
    for email in recipients:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
        sent += 1
    return sent


@task()
def remind_protocol_reviews():
    """Daily: remind the commissions of their protocols past the review date."""
    from .services import remind_reviews

    return remind_reviews()
