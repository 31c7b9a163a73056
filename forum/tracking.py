"""Forum reads without database writes: view counters and read tracking.

machina writes twice on every topic view: ``views_count + 1`` on the topic and
the member's read-track row, rewritten even when nothing new was posted since
the last visit. On a busy forum that is a write (and a row lock on the topic)
for every page view.

* Topic views are counted in the cache (a Redis hash in production, shared by
  every app server) and added to ``Topic.views_count`` in one transaction by
  ``flush_topic_views`` (management command, or the django-tasks task in
  ``forum/tasks.py``) that a scheduler runs every few minutes.
* machina's read tracking runs only when the topic has posts the member has
  not seen (newer than their topic or forum read mark): a second look at a read
  topic writes nothing.
* The forum lists compute unread forums from the tree already loaded, without
  machina's query per forum for its ancestors.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, F, IntegerField, OuterRef, Subquery, Value, When
from machina.apps.forum_conversation.models import Topic
from machina.apps.forum_tracking.handler import TrackingHandler
from machina.apps.forum_tracking.models import ForumReadTrack, TopicReadTrack

logger = logging.getLogger(__name__)

VIEWS_KEY = "forum:topic-views"
FLUSH_BATCH = 500


def _redis():
    """The raw Redis client behind the default cache, or None (local memory cache)."""
    try:
        from django_redis import get_redis_connection

        return get_redis_connection("default")
    except (ImportError, NotImplementedError):
        return None


# View counters -------------------------------------------------------------


def count_topic_view(topic_id):
    """Count one view of a topic, in the cache only."""
    client = _redis()
    if client is not None:
        try:
            client.hincrby(cache.make_key(VIEWS_KEY), str(topic_id), 1)
        except Exception as exc:  # Redis down: one view uncounted rather than a failed page
            logger.warning("topic view not counted, Redis unreachable: %s", exc)
        return
    # Local memory cache (development, tests: one process): a plain dict.
    pending = cache.get(VIEWS_KEY) or {}
    pending[topic_id] = pending.get(topic_id, 0) + 1
    cache.set(VIEWS_KEY, pending, timeout=None)


def pending_topic_views():
    """Views counted but not written yet, by topic id."""
    client = _redis()
    if client is not None:
        raw = client.hgetall(cache.make_key(VIEWS_KEY))
        return {int(k): int(v) for k, v in raw.items()}
    return dict(cache.get(VIEWS_KEY) or {})


def _take_pending():
    """Atomically take the pending counts (new views go to a fresh counter meanwhile)."""
    client = _redis()
    if client is None:
        pending = cache.get(VIEWS_KEY) or {}
        cache.delete(VIEWS_KEY)
        return pending, lambda: None, lambda: _give_back(pending)
    key = cache.make_key(VIEWS_KEY)
    taken = f"{key}:flushing:{uuid.uuid4().hex}"
    if not client.exists(key):
        return {}, lambda: None, lambda: None
    client.rename(key, taken)
    raw = client.hgetall(taken)
    pending = {int(k): int(v) for k, v in raw.items()}
    return pending, lambda: client.delete(taken), lambda: _give_back(pending, taken)


def _give_back(pending, taken=None):
    """The database update failed: put the counts back so the next flush retries them."""
    client = _redis()
    if client is None:
        current = cache.get(VIEWS_KEY) or {}
        for topic_id, views in pending.items():
            current[topic_id] = current.get(topic_id, 0) + views
        cache.set(VIEWS_KEY, current, timeout=None)
        return
    key = cache.make_key(VIEWS_KEY)
    pipe = client.pipeline()
    for topic_id, views in pending.items():
        pipe.hincrby(key, str(topic_id), views)
    if taken:
        pipe.delete(taken)
    pipe.execute()


def flush_topic_views():
    """Add the counted views to ``Topic.views_count`` in one UPDATE; returns the number added."""
    pending, done, failed = _take_pending()
    if not pending:
        return 0
    items = sorted(pending.items())
    try:
        with transaction.atomic():
            for start in range(0, len(items), FLUSH_BATCH):
                batch = items[start : start + FLUSH_BATCH]
                Topic.objects.filter(pk__in=[pk for pk, _views in batch]).update(
                    views_count=F("views_count")
                    + Case(
                        *[When(pk=pk, then=Value(views)) for pk, views in batch],
                        default=Value(0),
                        output_field=IntegerField(),
                    )
                )
    except Exception:
        failed()
        raise
    done()
    total = sum(pending.values())
    logger.info("flush_topic_views: %s views on %s topics", total, len(pending))
    return total


# Read tracking ---------------------------------------------------------------


def with_read_marks(queryset, user):
    """Annotate topics with the user's topic and forum read marks (no extra query)."""
    if not user.is_authenticated:
        return queryset
    return queryset.annotate(
        user_topic_mark=Subquery(
            TopicReadTrack.objects.filter(topic=OuterRef("pk"), user=user).values("mark_time")[:1]
        ),
        user_forum_mark=Subquery(
            ForumReadTrack.objects.filter(forum=OuterRef("forum_id"), user=user).values(
                "mark_time"
            )[:1]
        ),
    )


def needs_read_mark(topic):
    """True when the topic has posts newer than the user's read marks (or was never read)."""
    last = topic.last_post_on
    forum_mark = topic.user_forum_mark
    topic_mark = topic.user_topic_mark
    if forum_mark is not None and (last is None or forum_mark >= last):
        return False  # machina does nothing either: the whole forum is read
    # Read since its last post: rewriting the mark would change nothing shown.
    return not (topic_mark is not None and (last is None or topic_mark >= last))


def mark_topic_read(topic, user):
    """machina's read tracking, only when it changes something."""
    if not user.is_authenticated:
        return
    if hasattr(topic, "user_topic_mark") and not needs_read_mark(topic):
        return
    TrackingHandler().mark_topic_read(topic, user)


def unread_forums(user, contents):
    """machina's unread forums of a visibility tree, without a query per forum.

    A forum is unread when it has posts newer than the user's read mark, or no
    mark and topics; its ancestors in the tree are then unread too.
    """
    if not user.is_authenticated or not contents:
        return []
    nodes = contents.as_dict
    marks = dict(
        ForumReadTrack.objects.filter(user=user, forum_id__in=list(nodes)).values_list(
            "forum_id", "mark_time"
        )
    )
    unread = {}
    for forum_id, node in nodes.items():
        forum = node.obj
        if forum_id in marks:
            last = node.last_post_on
            is_unread = bool(last and marks[forum_id] < last)
        else:
            is_unread = forum.direct_topics_count > 0
        while is_unread and node is not None:
            unread[node.obj.pk] = node.obj
            node = node.parent
    return list(unread.values())
