"""Every forum permission for every role (``people``): index, private forums, posting."""

import pytest
from django.urls import reverse
from machina.apps.forum.models import Forum
from machina.apps.forum_conversation.models import Topic

from forum.tree import ensure_forum_tree, profession_forum
from portal.members.models import Commission, Profession

from .conftest import COMMON_KEYS, PRIVATE


def forum_url(forum):
    return reverse("forum:forum", kwargs={"slug": forum.slug, "pk": forum.pk})


def topic_create_url(forum):
    return reverse(
        "forum_conversation:topic_create", kwargs={"forum_slug": forum.slug, "forum_pk": forum.pk}
    )


def topic_url(topic):
    return reverse(
        "forum_conversation:topic",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum_id,
            "slug": topic.slug,
            "pk": topic.pk,
        },
    )


def reply_url(topic):
    return reverse(
        "forum_conversation:post_create",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum_id,
            "topic_slug": topic.slug,
            "topic_pk": topic.pk,
        },
    )


# The management form of machina's attachment formset, as a browser sends it.
ATTACHMENTS = {"attachment-TOTAL_FORMS": "0", "attachment-INITIAL_FORMS": "0"}


def test_tree_is_complete_and_idempotent(forums):
    assert all(forums.values())
    count = Forum.objects.count()
    # 3 categories + 5 common forums + one per active profession + one per commission
    assert count == 3 + 5 + Profession.objects.active().count() + Commission.objects.count()
    ensure_forum_tree()
    assert Forum.objects.count() == count
    assert forums["medecins"].name == "Espace des médecins"


def test_new_profession_gets_its_forum(forums):
    from portal.members.services import create_profession

    profession = create_profession(
        name="Assistant médical", plural="assistants médicaux", slug="assistants", code="990"
    )
    assert profession_forum(profession) is None
    ensure_forum_tree()
    assert profession_forum(profession).name == "Espace des assistants médicaux"


def test_visitor_is_sent_to_login(client, forums):
    for key in [*COMMON_KEYS, *PRIVATE]:
        for url in (forum_url(forums[key]), topic_create_url(forums[key])):
            response = client.get(url)
            assert response.status_code == 302, url
            assert "/compte/login/" in response["Location"]


def test_visitor_and_candidate_see_no_forum_on_index(client, login, conversations, people):
    for c in (client, login(people.candidat)):
        response = c.get("/forum/")
        assert response.status_code == 200
        body = response.content.decode()
        assert "Vie de l&#x27;association" not in body and "Vie de l'association" not in body
        assert "Espace des médecins" not in body
        assert "Aucun forum ne vous est ouvert" in body


def test_candidate_cannot_open_any_forum(login, forums, conversations, people):
    client = login(people.candidat)
    for key in [*COMMON_KEYS, *PRIVATE]:
        assert client.get(forum_url(forums[key])).status_code == 403, key
        assert client.get(topic_create_url(forums[key])).status_code == 403, key
        assert client.get(topic_url(conversations[key])).status_code == 403, key


# role (a ``people`` field) -> forums it may read (besides the common ones)
ACCESS = {
    "medecin": {"medecins", "informatique"},
    "infirmiere": {"infirmiers", "coordination"},
    "commission_member": {"coordination"},
    "bureau": {"medecins", "infirmiers", "coordination", "informatique"},
}


@pytest.mark.parametrize("role", list(ACCESS))
def test_member_roles_read_and_post_where_allowed(login, forums, people, role):
    client = login(getattr(people, role))
    index = client.get("/forum/").content.decode()
    for key in COMMON_KEYS:
        assert client.get(forum_url(forums[key])).status_code == 200
        assert client.get(topic_create_url(forums[key])).status_code == 200
    for key in PRIVATE:
        forum = forums[key]
        allowed = key in ACCESS[role]
        assert client.get(forum_url(forum)).status_code == (200 if allowed else 403), key
        assert client.get(topic_create_url(forum)).status_code == (200 if allowed else 403), key
        assert (forum.name in index) is allowed, key


def test_medecin_cannot_open_nurses_topic(login, conversations, people):
    topic = conversations["infirmiers"]
    client = login(people.medecin)
    assert client.get(topic_url(topic)).status_code == 403
    assert client.get(reply_url(topic)).status_code == 403
    response = client.post(reply_url(topic), {"subject": "Re", "content": "intrusion"})
    assert response.status_code == 403
    assert not topic.posts.filter(content="intrusion").exists()


def test_member_posts_a_topic_and_replies(login, forums, people):
    infirmiere, medecin = people.infirmiere, people.medecin
    forum = forums["entraide"]
    response = login(infirmiere).post(
        topic_create_url(forum),
        {
            "subject": "Besoin d'un relais à Aniane",
            "content": "Du 3 au 5 mai.",
            "topic_type": 0,
            **ATTACHMENTS,
        },
    )
    assert response.status_code == 302
    topic = Topic.objects.get(forum=forum, subject="Besoin d'un relais à Aniane")
    assert topic.approved and topic.poster == infirmiere
    response = login(medecin).post(
        reply_url(topic), {"subject": "Re", "content": "Je peux aider.", **ATTACHMENTS}
    )
    assert response.status_code == 302
    assert topic.posts.count() == 2
    page = login(medecin).get(topic_url(topic)).content.decode()
    # Full names, not e-mail logins.
    assert "Isabelle Combes" in page and "Marc Teissier" in page
    assert infirmiere.email not in page and medecin.email not in page


def test_only_bureau_moderates(login, conversations, people):
    bureau, medecin = people.bureau, people.medecin
    topic = conversations["association"]
    lock_url = reverse("forum_moderation:topic_lock", kwargs={"slug": topic.slug, "pk": topic.pk})
    assert login(medecin).get(lock_url).status_code == 403
    assert login(bureau).get(lock_url).status_code == 200
    login(bureau).post(lock_url)
    topic.refresh_from_db()
    assert topic.is_locked
    # Members cannot reply to a locked topic, the bureau can.
    assert login(medecin).get(reply_url(topic)).status_code == 403
    assert login(bureau).get(reply_url(topic)).status_code == 200


def test_member_cannot_edit_someone_elses_post(login, conversations, people):
    medecin = people.medecin
    topic = conversations["association"]  # opened by the bureau
    post = topic.first_post
    url = reverse(
        "forum_conversation:topic_update",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum_id,
            "slug": topic.slug,
            "pk": topic.pk,
        },
    )
    assert post.poster != medecin
    assert login(medecin).get(url).status_code == 403


def test_suspended_member_loses_access(login, forums, people):
    from portal.members.services import suspend

    medecin = people.medecin
    assert login(medecin).get(forum_url(forums["association"])).status_code == 200
    assert login(medecin).get(forum_url(forums["medecins"])).status_code == 200
    suspend(medecin.membership, reason="test")
    assert login(medecin).get(forum_url(forums["association"])).status_code == 403
    assert login(medecin).get(forum_url(forums["medecins"])).status_code == 403


def test_member_profiles_are_for_approved_members_only(client, login, people):
    """machina opens /forum/member/profile/<pk>/ to anyone: with sequential ids a visitor
    could list every member's name and post count (found by the security suite)."""
    medecin, candidat, infirmiere = people.medecin, people.candidat, people.infirmiere
    urls = [
        reverse("forum_member:profile", kwargs={"pk": medecin.pk}),
        reverse("forum_member:user_posts", kwargs={"pk": medecin.pk}),
        reverse("forum_member:profile_update"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/compte/login/" in response["Location"], url
    login(candidat)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403, url
        body = response.content.decode()
        assert medecin.last_name not in body
        assert "en attente de validation" in body
    login(infirmiere)
    for url in urls[:2]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert medecin.last_name in response.content.decode()


def test_cached_forum_permissions_follow_group_and_permission_changes(
    login, forums, people, django_capture_on_commit_callbacks
):
    """Each user's forum permissions are kept in the shared cache: any change of their
    groups (suspension) or of the forums' permission rows shows at the next request."""
    from machina.apps.forum_permission.models import ForumPermission, GroupForumPermission

    from portal.members import services

    medecin, bureau = people.medecin, people.bureau
    client = login(medecin)
    doctors = forum_url(forums["medecins"])
    assert client.get(doctors).status_code == 200
    assert client.get(doctors).status_code == 200  # now answered from the cache
    with django_capture_on_commit_callbacks(execute=True):
        services.suspend(medecin.membership, reason="Cotisation impayée.", by=bureau)
    medecin.refresh_from_db()
    client = login(medecin)  # suspension ended the open session (issue 14): signed in again
    assert client.get(doctors).status_code == 403
    services.reinstate(medecin.membership)
    assert client.get(doctors).status_code == 200

    # The bureau takes reading away from the doctors' group on their forum.
    group = Profession.objects.get(slug="medecins").group
    read = ForumPermission.objects.get(codename="can_read_forum")
    GroupForumPermission.objects.update_or_create(
        forum=forums["medecins"], group=group, permission=read, defaults={"has_perm": False}
    )
    assert client.get(doctors).status_code == 403


def test_forum_index_shows_a_new_post_at_once(login, forums, conversations, people):
    """Forums, their tree and each user's permissions come from the shared cache: a new post
    (which saves its forum) still shows on the index at the next request."""
    medecin, infirmiere = people.medecin, people.infirmiere
    client = login(infirmiere)
    client.get(reverse("forum:index"))  # fills the cache
    client.get(reverse("forum:index"))
    forum = forums["association"]
    response = login(medecin).post(
        topic_create_url(forum),
        {"subject": "Nouvelle permanence du samedi", "content": "Qui est partant ?",
         "topic_type": 0, **ATTACHMENTS},
    )  # fmt: skip
    assert response.status_code == 302
    page = login(infirmiere).get(reverse("forum:index")).content.decode()
    assert "Nouvelle permanence du samedi" in page
