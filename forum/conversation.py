"""Opening topics from code (welcome topics, demo content, the locum and mutual-aid boards)."""

from django.db import transaction
from machina.apps.forum_conversation.models import Post, Topic


@transaction.atomic
def open_topic(forum, *, poster, subject, content, subscribe=()):
    """Create an approved topic with its first post; ``subscribe`` users follow the replies."""
    topic = Topic.objects.create(
        forum=forum,
        poster=poster,
        subject=subject,
        type=Topic.TOPIC_POST,
        status=Topic.TOPIC_UNLOCKED,
        approved=True,
    )
    Post.objects.create(topic=topic, poster=poster, subject=subject, content=content, approved=True)
    topic.refresh_from_db()
    if subscribe:
        topic.subscribers.add(*subscribe)
    return topic


@transaction.atomic
def reply(topic, *, poster, content, subject=None):
    """Add an approved reply to ``topic``."""
    post = Post.objects.create(
        topic=topic,
        poster=poster,
        subject=subject or f"Re: {topic.subject}",
        content=content,
        approved=True,
    )
    return post
