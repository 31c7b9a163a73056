"""What a profession space and a commission page show besides their edited content.

Each block is one query (or a fixed few), whatever the number of items.
"""

from datetime import timedelta

from django.utils import timezone
from machina.apps.forum_conversation.models import Topic
from wagtail.documents import get_document_model

from directory.models import Profile
from documents.models import Protocol
from forum.tree import profession_forum

SPACE_TOPICS = 5
SPACE_MEMBERS = 200


def space_context(page):
    from .models import NewsPage

    profession = page.profession
    now = timezone.now()
    forum = profession_forum(profession)
    topics = (
        Topic.approved_objects.filter(forum=forum)
        .select_related("forum", "poster")
        .order_by("-last_post_on", "-pk")[:SPACE_TOPICS]
        if forum is not None
        else []
    )
    documents = (
        get_document_model()
        .objects.filter(collection_id=page.documents_collection_id)
        .order_by("-created_at")
        if page.documents_collection_id
        else []
    )
    members = (
        Profile.objects.listed()
        .filter(user__membership__profession=profession)
        .select_related("user", "user__membership")
        .order_by("user__last_name", "user__first_name")[:SPACE_MEMBERS]
    )
    return {
        "events": page.events.filter(start__gte=now - timedelta(hours=12)).order_by("start"),
        "documents": documents,
        "protocols": Protocol.objects.published()
        .filter(target_professions=profession)
        .select_related("current_version", "commission")
        .order_by("title"),
        "forum": forum,
        "topics": topics,
        "space_members": members,
        "news": NewsPage.objects.child_of(page).live().order_by("-date", "-pk")[:5],
    }


def commission_context(page):
    from portal.members.models import Commission

    commission = Commission.objects.select_related("chair").get(pk=page.commission_id)
    return {
        "commission": commission,
        "commission_members": commission.members.select_related("membership__profession").order_by(
            "last_name", "first_name"
        ),
        "protocols": Protocol.objects.published()
        .filter(commission=commission)
        .select_related("current_version")
        .order_by("title"),
        "meetings": page.meetings.select_related("minutes").order_by("-date"),
    }
