"""What the member dashboard shows; each app contributes through its own queryset.

Every block is one query (or a fixed few) with a fixed number of rows, so the
dashboard costs the same number of queries whatever the amount of content.
The rendered dashboard is kept per member in the shared cache under the counters
of every model it shows (``dashboard_html``); the latest protocols and the
upcoming events of a profession are shared by its members the same way.
"""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from community.models import LocumRequest, MutualAidRequest, Notification
from directory.models import Profile
from directory.visibility import communes_of
from documents.models import ProtocolVersion
from portal.core.perf import cached_value, cached_values
from portal.members.models import Membership
from portal.members.sessions import visit_since

from .models.spaces import SpaceEvent

PROTOCOL_MODELS = (
    "documents.protocol",
    "documents.protocolversion",
    "documents.protocol_target_professions",
    "members.commission",
)
EVENT_MODELS = ("pages.spaceevent", "pages.professionspacepage")
# Everything the rendered dashboard shows: a write on any of these renews my copy.
DASHBOARD_MODELS = (
    *PROTOCOL_MODELS,
    *EVENT_MODELS,
    "wagtailcore.page",  # the page's own introduction
    "community.notification",
    "community.locumrequest",
    "community.mutualaidrequest",
    "forum_conversation.topic",
    "forum_conversation.topic_subscribers",
    # my entry, my membership and my name
    "directory.profile",
    "directory.practicesite",
    "taggit.tag",
    "taggit.taggeditem",
    "members.membership",
    "members.profession",
    "members.user",
    "members.territory",  # the boards' matches use the territory's distances
)
LATEST = 5
MAX_ITEMS = 10


def _new_protocols(versions, since):
    """Versions validated for my profession since my last visit, else the latest ones."""
    new = [v for v in versions if since and v.validated_at and v.validated_at > since]
    return (new, True) if new else (versions[:LATEST], False)


def _followed_topics(user, since):
    """Topics I follow (machina subscriptions) with posts since my last visit."""
    topics = user.topic_subscriptions.filter(approved=True).select_related("forum")
    if since:
        topics = topics.filter(last_post_on__gt=since)
    return list(topics.order_by("-last_post_on")[:MAX_ITEMS])


def _blocks(viewer, profession_id, approved):
    """The latest protocols and the upcoming events of my profession, shared with my
    colleagues through the cache (two round trips for both), and the boards' requests that
    match me."""
    specs = {}
    if profession_id is not None:
        specs["protocols"] = (
            "dashboard-protocols",
            profession_id,
            PROTOCOL_MODELS,
            lambda: list(
                ProtocolVersion.objects.filter(
                    status=ProtocolVersion.Status.PUBLISHED,
                    live=True,
                    protocol__target_professions=profession_id,
                )
                .select_related("protocol", "protocol__commission")
                .order_by("-validated_at", "-pk")[:MAX_ITEMS]
            ),
        )
        specs["events"] = (
            "dashboard-events",
            profession_id,
            EVENT_MODELS,
            lambda: list(
                SpaceEvent.objects.filter(
                    page__profession_id=profession_id, page__live=True, start__gte=timezone.now()
                ).order_by("start")[:MAX_ITEMS]
            ),
        )
    blocks = {"protocols": [], "events": []}
    if specs:
        blocks.update(cached_values(specs))
    # Mine alone: kept in my rendered dashboard (dashboard_html), not apart.
    for result, model in (
        ("locum_requests", LocumRequest),
        ("mutual_aid_requests", MutualAidRequest),
    ):
        blocks[result] = list(model.objects.matching(viewer)[:MAX_ITEMS]) if approved else []
    now = timezone.now()  # the cached events may be a few minutes old
    blocks["events"] = [event for event in blocks["events"] if event.start >= now][:LATEST]
    return blocks


def _profile_and_membership(user):
    """My directory entry (with what ``completeness`` reads) and my membership."""
    profile = (
        Profile.objects.filter(user=user)
        .select_related("user__membership__profession__space")
        .prefetch_related("sites", "specialties")
        .first()
    )
    if profile is not None:
        return profile, getattr(profile.user, "membership", None)
    membership = (
        Membership.objects.filter(user=user)
        .select_related("profession", "profession__space")
        .first()
    )
    return None, membership


def dashboard_html(page, request, context):
    """My dashboard, rendered for me and kept in the shared cache until one of the models it
    shows is written (or for a few minutes: an event leaves it at most that late).

    The key holds who I am and the moment "new since my last visit" counts from, so a new
    session (a new window) renders it again.
    """
    since = visit_since(request)
    return cached_value(
        "dashboard-html",
        (request.user.pk, since, translation.get_language(), page.pk),
        DASHBOARD_MODELS,
        lambda: render_to_string(
            "pages/_dashboard.html", {**context, **dashboard_context(request)}, request
        ),
    )


def dashboard_context(request):
    user = request.user
    profile, membership = _profile_and_membership(user)
    # The boards' matching rules ask the viewer where I practise: the rows are loaded here.
    sites = profile.sites.all() if profile is not None else []
    request.viewer.learn(
        membership=membership,
        practice_communes=communes_of(membership, (site.commune for site in sites)),
    )
    profession_id = membership.profession_id if membership else None
    since = visit_since(request)
    approved = membership is not None and membership.is_approved
    blocks = _blocks(request.viewer, profession_id, approved)
    protocols, protocols_are_new = _new_protocols(blocks["protocols"], since)
    return {
        "membership": membership,
        "space": getattr(membership.profession, "space", None) if membership else None,
        "since": since,
        "protocols": protocols,
        "protocols_are_new": protocols_are_new,
        "locum_requests": blocks["locum_requests"],
        "mutual_aid_requests": blocks["mutual_aid_requests"],
        "notifications": list(Notification.objects.unread_for(user)[:MAX_ITEMS]),
        "followed_topics": _followed_topics(user, since),
        "events": blocks["events"],
        "profile": profile,
    }
