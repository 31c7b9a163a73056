"""Indicators of the forum: topics and posts by month."""

from django.utils.translation import gettext as _
from machina.apps.forum_conversation.models import Post, Topic

from .base import (
    Table,
    count_by_month,
    monthly,
)


def forum_tables(filters):
    """2 queries: topics and posts per month."""
    topics = Topic.objects.filter(created__gte=filters.since, created__lt=filters.until)
    posts = Post.objects.filter(created__gte=filters.since, created__lt=filters.until)
    if filters.profession_id:
        topics = topics.filter(poster__membership__profession_id=filters.profession_id)
        posts = posts.filter(poster__membership__profession_id=filters.profession_id)
    return [
        Table(
            key="forum-per-month",
            title=_("Activité du forum par mois"),
            columns=(_("Mois"), _("Sujets"), _("Messages")),
            rows=monthly(
                filters,
                [
                    count_by_month(topics, "created", filters)["n"],
                    count_by_month(posts, "created", filters)["n"],
                ],
            ),
            chart="line",
            public=True,
        )
    ]
