"""The forum topics the boards open and write in (machina's models, through forum/)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from forum.conversation import open_topic as open_machina_topic
from forum.conversation import reply
from forum.tree import forum_for


def open_board_topic(forum_key, *, author, subject, content):
    """Open a topic in one of the common forums; the author follows the replies.

    ``forum.conversation.open_topic`` creates the topic and its first post with machina's
    models; the post's save updates the topic's and the forum's counters as machina does.
    """
    forum = forum_for(forum_key)
    if forum is None:
        raise ValidationError(
            _("Le forum de discussion n'est pas encore créé : prévenez le bureau.")
        )
    return open_machina_topic(
        forum, poster=author, subject=subject[:255], content=content, subscribe=[author]
    )


def locum_topic_content(locum):
    """The first post of a locum request's discussion: its fields and a link."""
    return render_to_string(
        "forum/boards/locum_topic.txt",
        {"locum": locum, "base_url": settings.WAGTAILADMIN_BASE_URL},
    )


def announce_in_topic(locum, text):
    """Tell the forum discussion what became of the request (the author posts it)."""
    if locum.topic_id is None:
        return
    reply(locum.topic, poster=locum.author, content=text)
