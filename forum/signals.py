"""Forum receivers: reply notifications, auto-subscription and welcome topics."""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from machina.apps.forum_conversation.models import Post
from machina.apps.forum_permission.handler import PermissionHandler

from portal.members.emails import queue_email
from portal.members.models import NotificationKind
from portal.members.signals import membership_approved

from .conversation import open_welcome_topic

logger = logging.getLogger(__name__)


def post_url(post):
    topic = post.topic
    url = reverse(
        "forum_conversation:topic",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum_id,
            "slug": topic.slug,
            "pk": topic.pk,
        },
    )
    return f"{url}?post={post.pk}#{post.pk}"


def notify_subscribers(post_id):
    """E-mail the subscribers of the topic (never the author) who may still read its forum."""
    post = (
        Post.objects.select_related("topic__forum", "poster")
        .filter(pk=post_id, approved=True)
        .first()
    )
    if post is None or post.topic.first_post_id == post.pk:
        return
    handler = PermissionHandler()
    recipients = [
        user
        for user in post.topic.subscribers.filter(is_active=True).exclude(pk=post.poster_id)
        if handler.can_read_forum(post.topic.forum, user)
    ]
    if not recipients:
        return
    context = {
        "topic": post.topic,
        "author_name": post.poster.get_full_name() if post.poster else post.username,
        "post_url": post_url(post),
    }
    # One message per recipient (queue_email): subscribers never see each other's address.
    queue_email("forum/email/reply", context, recipients, kind=NotificationKind.FORUM_REPLIES)


@receiver(post_save, sender=Post, dispatch_uid="community_post_created")
def on_post_created(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    if instance.poster_id:
        # Authors follow the topics they write in, so they hear about the answers.
        instance.topic.subscribers.add(instance.poster_id)
    post_id = instance.pk
    transaction.on_commit(lambda: notify_subscribers(post_id))


@receiver(membership_approved, dispatch_uid="community_welcome_topic")
def on_membership_approved(sender, membership, by=None, **kwargs):
    if not getattr(settings, "FORUM_WELCOME_TOPICS", True):
        return
    open_welcome_topic(membership, by=by)  # forum.conversation: the named write
