"""machina's ``forum_list`` tag without a query per forum for the unread marks, its rendering
kept in the shared cache."""

from django import template
from django.template.loader import render_to_string
from django.utils import translation

from forum.tracking import unread_forums
from portal.core.perf import cached_value

register = template.Library()

# What the list shows: forums (their counters and last post), posts, posters' names.
FORUM_LIST_MODELS = (
    "forum.forum",
    "forum_conversation.post",
    "members.user",
    "forum_member.forumprofile",
)


@register.simple_tag(takes_context=True)
def forum_list(context, forum_visibility_contents):
    """The forum tree, rendered once per set of forums shown, of unread forums and language,
    then served from the shared cache until a forum, post or user is written."""
    request = context.get("request")
    unread = unread_forums(request.user, forum_visibility_contents)
    data = {
        "forum_contents": forum_visibility_contents,
        "unread_forums": unread,
        "user": request.user,
        "request": request,
    }
    root_level = forum_visibility_contents.root_level
    if root_level is not None:
        data["root_level"] = root_level
        data["root_level_middle"] = root_level + 1
        data["root_level_sub"] = root_level + 2
    parts = (
        [(node.obj.pk, node.visible) for node in forum_visibility_contents.nodes],
        sorted(forum.pk for forum in unread),
        translation.get_language(),
    )
    return cached_value(
        "forum-list",
        parts,
        FORUM_LIST_MODELS,
        lambda: render_to_string("forum/forum_list.html", data, request),
    )
