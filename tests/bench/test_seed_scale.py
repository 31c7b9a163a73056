"""seed_scale at tiny sizes: what it creates is consistent, and --reset removes exactly it."""

import io

import pytest
from django.core.management import call_command
from machina.apps.forum.models import Forum
from machina.apps.forum_conversation.models import Post, Topic

from portal.members.models import MEMBERS_GROUP, Membership, User

SCALE = "@scale.maillage.test"


def seed(**sizes):
    args = [f"--{name}={value}" for name, value in sizes.items()]
    call_command("seed_scale", *args, stdout=io.StringIO())


@pytest.fixture
def seeded(demo):
    seed(members=40, topics=6, posts=80, protocols=4)


@pytest.mark.django_db
def test_members_are_approved_with_groups_and_one_hash(seeded):
    users = User.objects.filter(email__endswith=SCALE)
    assert users.count() == 40
    assert (
        Membership.objects.filter(user__in=users, status=Membership.Status.APPROVED).count() == 40
    )
    assert users.filter(groups__name=MEMBERS_GROUP).count() == 40
    for user in users.select_related("membership__profession")[:5]:
        assert user.groups.filter(pk=user.membership.profession.group_id).exists()
    assert users.values("password").distinct().count() == 1
    assert users.first().check_password("scale-maillage-2026")


@pytest.mark.django_db
def test_directory_entries_and_sites(seeded):
    from directory.models import PracticeSite, Profile

    profiles = Profile.objects.filter(user__email__endswith=SCALE)
    assert profiles.count() == 40
    assert PracticeSite.objects.filter(profile__in=profiles).count() >= 40
    assert profiles.filter(email_visibility="public").exists()
    assert profiles.filter(email_visibility="hidden").exists()


@pytest.mark.django_db
def test_forum_counters_and_pointers_are_consistent(seeded):
    topics = Topic.objects.filter(subject__startswith="[charge]")
    assert topics.count() == 6
    assert Post.objects.filter(topic__in=topics).count() == 80
    benchmark_topic = topics.get(subject__endswith=" #0")
    assert benchmark_topic.posts_count == 50 == benchmark_topic.posts.count()
    for topic in topics:
        posts = list(topic.posts.order_by("created", "pk"))
        assert topic.posts_count == len(posts)
        assert topic.first_post_id == posts[0].pk
        assert topic.last_post_id == posts[-1].pk
        assert topic.last_post_on == posts[-1].created
        assert posts[0].created < posts[-1].created or len(posts) == 1
    assert posts[0]._content_rendered.startswith("<p>")
    for forum in Forum.objects.filter(topics__in=topics).distinct():
        assert forum.direct_posts_count == sum(
            t.posts_count for t in forum.topics.filter(approved=True)
        )
        assert forum.last_post_id is not None


@pytest.mark.django_db
def test_protocols_have_one_published_current_version_and_a_file(seeded):
    from documents.models import Protocol

    protocols = Protocol.objects.filter(title__startswith="[charge]")
    assert protocols.count() == 4
    for protocol in protocols:
        assert protocol.current_version.status == "published"
        assert protocol.current_version.file.storage.exists(protocol.current_version.file.name)


@pytest.mark.django_db
def test_second_run_is_a_no_op_and_reset_removes_only_scale_data(seeded):
    demo_users = User.objects.exclude(email__endswith=SCALE).count()
    demo_topics = Topic.objects.exclude(subject__startswith="[charge]").count()
    seed(members=40, topics=6, posts=80, protocols=4)
    assert User.objects.filter(email__endswith=SCALE).count() == 40
    call_command(
        "seed_scale",
        "--reset",
        "--members=10",
        "--topics=2",
        "--posts=55",
        "--protocols=1",
        stdout=io.StringIO(),
    )
    assert User.objects.filter(email__endswith=SCALE).count() == 10
    assert Topic.objects.filter(subject__startswith="[charge]").count() == 2
    assert User.objects.exclude(email__endswith=SCALE).count() == demo_users
    assert Topic.objects.exclude(subject__startswith="[charge]").count() == demo_topics
