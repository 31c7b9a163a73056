"""Forum reads without writes, views counted in the cache, permissions computed once per request."""

import io
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from machina.apps.forum.models import Forum
from machina.apps.forum_permission.checker import ForumPermissionChecker
from machina.apps.forum_permission.handler import PermissionHandler
from machina.apps.forum_permission.models import ForumPermission
from machina.apps.forum_tracking.models import ForumReadTrack, TopicReadTrack

from forum import tasks, tracking
from forum.conversation import reply
from forum.tree import forum_for
from portal.core.perf import AllForumsPermissionChecker, RequestPermissionHandler

from .test_forum_features import topic_url

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def writes(captured):
    return [q["sql"] for q in captured.captured_queries if WRITE.match(q["sql"])]


def read_mark(user, topic):
    marks = [
        *TopicReadTrack.objects.filter(user=user, topic=topic).values_list("mark_time", flat=True),
        *ForumReadTrack.objects.filter(user=user, forum=topic.forum_id).values_list(
            "mark_time", flat=True
        ),
    ]
    return max(marks) if marks else None


def test_topic_view_writes_nothing_and_counts_views_in_cache(login, people, busy_association):
    medecin = people.medecin
    client = login(medecin)
    topic = busy_association  # a full page of posts by several members
    views_before = topic.views_count
    client.get(topic_url(topic))  # first visit: machina's read tracking writes its rows
    assert read_mark(medecin, topic) >= topic.last_post_on
    with CaptureQueriesContext(connection) as captured:
        assert client.get(topic_url(topic)).status_code == 200
    assert writes(captured) == []
    assert tracking.pending_topic_views() == {topic.pk: 2}
    topic.refresh_from_db()
    assert topic.views_count == views_before  # not written on the read

    call_command("flush_topic_views", stdout=io.StringIO())
    topic.refresh_from_db()
    assert topic.views_count == views_before + 2
    assert tracking.pending_topic_views() == {}
    client.get(topic_url(topic))
    assert tasks.flush_topic_views_task.enqueue().return_value == 1  # immediate backend in tests
    topic.refresh_from_db()
    assert topic.views_count == views_before + 3


def test_a_new_reply_makes_the_topic_unread_then_the_visit_marks_it_read(
    login, people, conversations
):
    medecin, bureau = people.medecin, people.bureau
    client = login(medecin)
    topic = conversations["association"]
    client.get(topic_url(topic))
    reply(topic, poster=bureau, content="Une réponse plus récente que la lecture.")
    topic.refresh_from_db()
    assert read_mark(medecin, topic) < topic.last_post_on
    page = client.get("/forum/").content.decode()
    assert "nouveau" in page  # the forum has unread posts
    with CaptureQueriesContext(connection) as captured:
        client.get(topic_url(topic))
    assert writes(captured)  # the read mark moves forward...
    assert read_mark(medecin, topic) >= topic.last_post_on
    with CaptureQueriesContext(connection) as captured:
        client.get(topic_url(topic))
    assert writes(captured) == []  # ...once


def test_unread_forums_match_machina(login, people, conversations):
    from machina.apps.forum.visibility import ForumVisibilityContentTree
    from machina.apps.forum_tracking.handler import TrackingHandler

    medecin = people.medecin
    client = login(medecin)
    topic = conversations["association"]
    client.get(topic_url(topic))
    handler = PermissionHandler()
    contents = ForumVisibilityContentTree.from_forums(
        handler.forum_list_filter(Forum.objects.all(), medecin)
    )
    expected = set(TrackingHandler().get_unread_forums_from_list(medecin, contents.forums))
    visible = set(contents.forums)
    ours = set(tracking.unread_forums(medecin, contents))
    assert ours == expected & visible
    assert ours  # the other conversations are unread for this member
    assert forum_for("association") not in ours  # read: its only topic was visited
    assert tracking.unread_forums(AnonymousUser(), contents) == []


@pytest.mark.parametrize(
    "role",
    [None, "bureau", "medecin", "infirmiere", "commission_member", "candidat", "signed_up"],
)
def test_permissions_computed_once_match_machina(people, commissions, role):
    user = getattr(people, role) if role else AnonymousUser()
    forums = list(Forum.objects.all())
    every = list(ForumPermission.objects.values_list("codename", flat=True))
    ours = AllForumsPermissionChecker(user, lambda: forums)
    for codenames in (None, ["can_read_forum"], ["can_see_forum", "can_read_forum"], every):
        expected = ForumPermissionChecker(user).get_perms_for_forumlist(forums, codenames)
        assert ours.get_perms_for_forumlist(forums, codenames) == expected
    for forum in forums:
        assert set(ours.get_perms(forum)) == set(ForumPermissionChecker(user).get_perms(forum))

    machina, handler = PermissionHandler(), RequestPermissionHandler()
    assert set(handler.forum_list_filter(Forum.objects.all(), user)) == set(
        machina.forum_list_filter(Forum.objects.all(), user)
    )
    assert set(handler.get_readable_forums(Forum.objects.all(), user)) == set(
        machina.get_readable_forums(Forum.objects.all(), user)
    )
    assert handler.can_access_moderation_queue(user) == machina.can_access_moderation_queue(user)
    for forum in forums:
        assert handler.can_add_topic(forum, user) == machina.can_add_topic(forum, user)


def test_permission_checks_cost_two_queries_per_request(people, commissions):
    medecin = people.medecin
    assert Forum.objects.count() > 20  # the whole tree: a query per forum would show
    handler = RequestPermissionHandler()
    handler._get_all_forums()
    with CaptureQueriesContext(connection) as captured:
        for forum in Forum.objects.all():
            handler.can_read_forum(forum, medecin)
            handler.can_add_topic(forum, medecin)
            handler.can_attach_files(forum, medecin)
        handler.can_access_moderation_queue(medecin)
        handler.forum_list_filter(Forum.objects.all(), medecin)
    # the forums loop, the user's and the groups' permissions; nothing per forum
    assert len(captured) == 3


def test_topic_posts_come_from_the_cache_and_follow_every_change(login, people, conversations):
    from django.test import Client

    from forum.conversation import open_topic

    medecin, bureau, infirmiere = people.medecin, people.bureau, people.infirmiere
    topic = open_topic(
        forum_for("association"),
        poster=infirmiere,
        subject="Tournées de Noël",
        content="Qui assure les tournées",
    )
    url = topic_url(topic)
    reader = login(medecin)
    other = conversations["association"]
    reader.get(topic_url(other))  # the reader's forum permissions are now cached
    reader.get(url)  # machina's read tracking writes its rows on the first visit
    post = reply(topic, poster=infirmiere, content="Je prends le 24.")  # renews the posts
    with CaptureQueriesContext(connection) as miss:
        first = reader.get(url)
    with CaptureQueriesContext(connection) as hit:
        second = reader.get(url)
    assert len(hit) <= len(miss) - 2  # the posts and their attachments
    posts = [r.content.decode().split('<ol class="post-list">')[1] for r in (first, second)]
    assert "Qui assure les tournées" in posts[1] and posts[0] == posts[1]
    edit = reverse(
        "forum_conversation:topic_update",
        kwargs={"forum_slug": topic.forum.slug, "forum_pk": topic.forum_id,
                "slug": topic.slug, "pk": topic.pk},
    )  # fmt: skip
    assert edit not in second.content.decode()  # not the reader's post
    # The author, after the reader's copy was stored, may edit their post.
    author = Client()
    author.force_login(infirmiere, backend="django.contrib.auth.backends.ModelBackend")
    assert edit in author.get(url).content.decode()
    # The bureau (moderators) gets its own copy, with the delete links.
    moderator = Client()
    moderator.force_login(bureau, backend="django.contrib.auth.backends.ModelBackend")
    delete = reverse(
        "forum_conversation:post_delete",
        kwargs={"forum_slug": topic.forum.slug, "forum_pk": topic.forum_id,
                "topic_slug": topic.slug, "topic_pk": topic.pk, "pk": post.pk},
    )  # fmt: skip
    assert delete in moderator.get(url).content.decode()
    assert delete not in reader.get(url).content.decode()
    # A reply and an edit show at once.
    assert "Je prends le 24." in second.content.decode()
    reply(topic, poster=infirmiere, content="Et moi le 31.")
    assert "Et moi le 31." in reader.get(url).content.decode()
    post.content = "Je prends le 25."
    post.save()
    assert "Je prends le 25." in reader.get(url).content.decode()


def test_forum_index_copies_follow_what_each_reader_may_see_and_has_read(
    login, people, conversations
):
    from django.test import Client

    from forum.conversation import open_topic
    from forum.tree import profession_forum

    medecin, infirmiere = people.medecin, people.infirmiere
    doctors = profession_forum(medecin.membership.profession)
    nurses = profession_forum(infirmiere.membership.profession)
    # Both have read everything: only the forums each may see tell their copies apart.
    from django.utils import timezone

    for user in (medecin, infirmiere):
        ForumReadTrack.objects.bulk_create(
            ForumReadTrack(user=user, forum=forum, mark_time=timezone.now())
            for forum in Forum.objects.all()
        )
    doctor = login(medecin)
    body = doctor.get("/forum/").content.decode()
    assert doctors.name in body and nurses.name not in body
    doctor.get("/forum/")  # the doctor's copy is stored
    nurse = Client()
    nurse.force_login(infirmiere, backend="django.contrib.auth.backends.ModelBackend")
    body = nurse.get("/forum/").content.decode()
    assert nurses.name in body and doctors.name not in body
    # A new post shows at once, with the forum marked unread for the doctor.
    open_topic(doctors, poster=people.bureau,
               subject="Garde du 31 décembre", content="Qui est de garde ?")  # fmt: skip
    body = doctor.get("/forum/").content.decode()
    assert "Garde du 31 décembre" in body
    item = body.split(f">{doctors.name}</a>")[1].split("</h3>")[0]
    assert "nouveau" in item
