"""What the forum and the boards remove when a member closes their account.

Forum posts stay, signed with a neutral name, so threads still read; everything
else that follows the person (profile and signature, read marks, subscriptions,
permissions, poll votes' link, board requests and answers that carry contact and
availability, notifications, the link to reports they made) goes.
"""

from django.utils.translation import gettext as _
from machina.apps.forum_conversation.forum_polls.models import TopicPollVote
from machina.apps.forum_conversation.models import Post, Topic
from machina.apps.forum_member.models import ForumProfile
from machina.apps.forum_permission.models import UserForumPermission
from machina.apps.forum_tracking.models import ForumReadTrack, TopicReadTrack

from portal.members.closure import closes

from .models import (
    LocumOffer,
    LocumRequest,
    LocumResponse,
    MutualAidRequest,
    MutualAidResponse,
    Notification,
)
from .models_moderation import Report

CLOSED_KEY = "compte-ferme"


@closes(
    "forum_conversation.post.poster",
    "forum_conversation.post.updated_by",
    "forum_conversation.topic.poster",
    "forum_conversation.topic.subscribers",
    "forum_polls.topicpollvote.voter",
    "forum_tracking.forumreadtrack.user",
    "forum_tracking.topicreadtrack.user",
    "forum_member.forumprofile.user",
    "forum_permission.userforumpermission.user",
    "community.locumrequest.author",
    "community.locumresponse.responder",
    "community.locumoffer.author",
    "community.mutualaidrequest.author",
    "community.mutualaidresponse.responder",
    "community.notification.user",
    "community.report.reported_by",
)
def close_forum_data(user):
    Post.objects.filter(poster=user).update(
        poster=None, username=_("Ancien adhérent"), anonymous_key=CLOSED_KEY
    )
    Post.objects.filter(updated_by=user).update(updated_by=None)
    Topic.objects.filter(poster=user).update(poster=None)
    user.topic_subscriptions.clear()
    # A vote still counts in the poll's result, no longer tied to the person.
    TopicPollVote.objects.filter(voter=user).update(voter=None, anonymous_key=CLOSED_KEY)
    Report.objects.filter(reported_by=user).update(reported_by=None)
    for model in (ForumReadTrack, TopicReadTrack, ForumProfile, UserForumPermission, Notification):
        model.objects.filter(user=user).delete()
    # Requests, offers and answers carry contact and availability: removed, one by one so
    # the receivers that keep the boards' copies up to date run.
    for model, field in (
        (LocumRequest, "author"),
        (LocumResponse, "responder"),
        (LocumOffer, "author"),
        (MutualAidRequest, "author"),
        (MutualAidResponse, "responder"),
    ):
        for obj in model.objects.filter(**{field: user}):
            obj.delete()
