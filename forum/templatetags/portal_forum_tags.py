"""machina's ``forum_list`` tag without a query per forum for the unread marks."""

from django import template

from forum.tracking import unread_forums

register = template.Library()


@register.inclusion_tag("forum/forum_list.html", takes_context=True)
def forum_list(context, forum_visibility_contents):
    request = context.get("request")
    data = {
        "forum_contents": forum_visibility_contents,
        "unread_forums": unread_forums(request.user, forum_visibility_contents),
        "user": request.user,
        "request": request,
    }
    root_level = forum_visibility_contents.root_level
    if root_level is not None:
        data["root_level"] = root_level
        data["root_level_middle"] = root_level + 1
        data["root_level_sub"] = root_level + 2
    return data
