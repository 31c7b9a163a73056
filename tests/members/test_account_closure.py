"""Account closure: every app removes its own data, and nothing that points at the person is
forgotten (portal/members/closure.py)."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.core import checks
from django.utils import timezone
from guardian.shortcuts import assign_perm
from machina.apps.forum_conversation.models import Post
from machina.apps.forum_member.models import ForumProfile
from machina.apps.forum_tracking.models import TopicReadTrack
from wagtail.users.models import UserProfile

from community.factories import LocumRequestFactory, LocumResponseFactory, MutualAidRequestFactory
from directory.models import Profile
from forum.conversation import open_topic
from forum.tree import ensure_forum_tree, forum_for
from portal.members import closure
from portal.members.factories import CommissionFactory, MembershipFactory
from portal.members.models import NotificationPreferences
from portal.members.services_account import close_account


def _count(relation, user):
    """Rows of ``relation`` ("app.model.field") that still point at ``user``."""
    from django.apps import apps

    label, field = relation.rsplit(".", 1)
    model = apps.get_model(label)
    if model is get_user_model():  # the user's own many-to-many (groups, permissions)
        return getattr(user, field).count()
    return model._default_manager.filter(**{field: user}).count()


def test_every_relation_to_the_user_is_handled_or_kept_for_a_reason(db):
    assert closure.unhandled_relations() == []
    assert not [e for e in checks.run_checks() if e.id == "members.E001"]


@pytest.mark.parametrize(
    ("handler", "unhandled", "still_handled"),
    [
        (
            "forum.closure.close_forum_data",
            "forum_conversation.post.poster",
            "community.locumrequest.author",
        ),
        (
            "community.closure.close_board_data",
            "community.locumrequest.author",
            "forum_conversation.post.poster",
        ),
    ],
)
def test_an_app_without_its_handler_stops_the_system_check(
    db, monkeypatch, handler, unhandled, still_handled
):
    from django.utils.module_loading import import_string

    removed = import_string(handler)
    without = [entry for entry in closure._handlers if entry[0] is not removed]
    assert len(without) == len(closure._handlers) - 1
    monkeypatch.setattr(closure, "_handlers", without)
    errors = [e for e in checks.run_checks() if e.id == "members.E001"]
    named = {error.msg.split(" ", 1)[0] for error in errors}
    assert unhandled in named
    assert still_handled not in named
    assert "ne le traite" in errors[0].msg


@pytest.fixture
def member_with_everything(db):
    """A member with rows in every app that holds something about them."""
    ensure_forum_tree()
    user = MembershipFactory(approved=True).user
    other = MembershipFactory(approved=True, profession=user.membership.profession).user
    profile, others_profile = Profile.objects.get(user=user), Profile.objects.get(user=other)
    assign_perm("directory.change_profile", user, others_profile)  # a delegate's right
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True})
    TOTP.activate(user, generate_totp_secret())
    NotificationPreferences.objects.create(user=user, switched_off=["forum_reply"])
    commission = CommissionFactory(chair=user)
    commission.members.add(user)
    UserProfile.get_for_user(user)
    topic = open_topic(
        forum_for("association"), poster=user, subject="Soirée FMC", content="Qui vient ?"
    )
    topic.subscribers.add(user)
    TopicReadTrack.objects.create(user=user, topic=topic, mark_time=timezone.now())
    ForumProfile.objects.get_or_create(user=user, defaults={"signature": "Dr X, Lodève"})
    today = datetime.date.today()
    LocumRequestFactory(author=user)
    LocumResponseFactory(
        responder=user, request=LocumRequestFactory(author=other, start=today, end=today)
    )
    MutualAidRequestFactory(author=user)
    return user, profile, topic


def test_closing_leaves_nothing_that_points_at_the_person(member_with_everything):
    user, profile, topic = member_with_everything
    before = {relation: _count(relation, user) for relation in closure.user_relations()}
    assert sum(before.values()) > 15  # the fixture really reached the apps

    close_account(user)

    user.refresh_from_db()
    left = {
        relation: count
        for relation in closure.user_relations()
        if relation not in closure.KEPT_FOR_HISTORY and (count := _count(relation, user))
    }
    assert left == {}
    # The forum thread still reads, signed with the neutral name; the entry is gone.
    post = Post.objects.get(topic=topic)
    assert post.poster_id is None and post.username == "Ancien adhérent"
    assert not Profile.objects.filter(pk=profile.pk).exists()
    assert not user.is_active and user.get_full_name() == "Ancien adhérent"
