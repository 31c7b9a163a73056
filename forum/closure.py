"""What the forum removes when a member closes their account.

Forum posts stay, signed with a neutral name, so threads still read; everything
else that follows the person (profile and signature, read marks, subscriptions,
permissions, poll votes' link) goes. The boards and reports: community.closure.
"""

from django.utils.translation import gettext as _
from machina.apps.forum_conversation.forum_polls.models import TopicPollVote
from machina.apps.forum_conversation.models import Post, Topic
from machina.apps.forum_member.models import ForumProfile
from machina.apps.forum_permission.models import UserForumPermission
from machina.apps.forum_tracking.models import ForumReadTrack, TopicReadTrack

from portal.members.closure import closes

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
    for model in (ForumReadTrack, TopicReadTrack, ForumProfile, UserForumPermission):
        model.objects.filter(user=user).delete()
