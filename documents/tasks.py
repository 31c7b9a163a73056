"""Background work of the documents app (django-tasks)."""

from django_tasks import task


@task()
def notify_publication(version_id):
    """Tell the members of the target professions that a version was published (queue_email
    leaves out who switched these e-mails off)."""
    from portal.members.emails import queue_email
    from portal.members.models import Membership, NotificationKind, User

    from .models import ProtocolVersion

    version = (
        ProtocolVersion.objects.select_related("protocol__commission").filter(pk=version_id).first()
    )
    if version is None or version.status != ProtocolVersion.Status.PUBLISHED:
        return 0
    protocol = version.protocol
    recipients = User.objects.filter(
        is_active=True,
        membership__status=Membership.Status.APPROVED,
        membership__profession__in=protocol.target_professions.all(),
    ).distinct()
    return queue_email(
        "documents/email/published",
        {"version": version, "protocol": protocol},
        list(recipients),
        kind=NotificationKind.PROTOCOLS,
    )


@task()
def remind_protocol_reviews():
    """Daily: remind the commissions of their protocols past the review date."""
    from .services import remind_reviews

    return remind_reviews()
