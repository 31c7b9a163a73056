"""What a profession space and a commission page show besides their edited content.

Each block is one query (or a fixed few), whatever the number of items.
"""

from datetime import timedelta

from django.template.loader import render_to_string
from django.utils import timezone, translation
from machina.apps.forum_conversation.models import Topic
from wagtail.documents import get_document_model

from directory.models import Profile
from documents.models import Protocol
from forum.tree import profession_forum
from portal.core.perf import cached_value

from .models.site import NewsPage

SPACE_TOPICS = 5
# A regional profession has thousands of members and hundreds of protocols: the space shows
# the latest ones and links to the directory and the library, filtered by the profession.
SPACE_MEMBERS = 24
SPACE_PROTOCOLS = 10


def space_context(page):
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
    listed = Profile.objects.listed().filter(user__membership__profession=profession)
    # An entry is created when its member is approved: the newest entries are the newcomers.
    newest_members = listed.select_related("user", "user__membership").order_by("-pk")[
        :SPACE_MEMBERS
    ]
    return {
        "events": page.events.filter(start__gte=now - timedelta(hours=12)).order_by("start"),
        "documents": documents,
        "protocols": Protocol.objects.published()
        .filter(target_professions=profession)
        .select_related("current_version", "commission")
        .order_by("-current_version__validated_at", "title")[:SPACE_PROTOCOLS],
        "forum": forum,
        "topics": topics,
        "space_members": newest_members,
        # A count over every entry of the profession, renewed by any write on what it reads.
        "space_members_count": cached_value(
            "space-members-count",
            profession.pk,
            ("directory.profile", "members.membership", "members.user"),
            listed.count,
        ),
        "news": NewsPage.objects.child_of(page).live().order_by("-date", "-pk")[:5],
    }


# What a space shows: a write on any of these renews its cached rendering. The page itself,
# its news and its edited content are pages ("wagtailcore.page" counts every page type).
SPACE_MODELS = (
    "wagtailcore.page",
    "pages.spaceevent",
    "pages.privatedocument",
    "documents.protocol",
    "documents.protocolversion",
    "documents.protocol_target_professions",
    "members.commission",
    "members.profession",
    "forum.forum",
    "forum_conversation.topic",
    "directory.profile",
    "members.membership",
    "members.user",
)
SPACE_SECONDS = 300


def space_html(page, request, context):
    """The space's content, rendered once for everyone who may open it, then served from
    the shared cache until one of SPACE_MODELS is written (or for SPACE_SECONDS: an event
    leaves the "upcoming" list at most that late).

    Nothing in it depends on the viewer: the page is restricted to its profession and the
    bureau, who may all read the profession's forum and the listed entries.
    """
    return cached_value(
        "space-html",
        (page.pk, translation.get_language()),
        SPACE_MODELS,
        lambda: render_to_string(
            "pages/_space_content.html", {**context, **space_context(page)}, request
        ),
        SPACE_SECONDS,
    )


def commission_context(page):
    from portal.members.models import Commission, User

    commission = Commission.objects.select_related("chair").get(pk=page.commission_id)
    return {
        "commission": commission,
        "commission_members": commission.members.select_related("membership__profession").order_by(
            *User.name_order()
        ),
        "protocols": Protocol.objects.published()
        .filter(commission=commission)
        .select_related("current_version")
        .order_by("title"),
        "meetings": page.meetings.select_related("minutes").order_by("-date"),
    }
