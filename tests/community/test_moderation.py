"""Report → removal by the bureau → the text is nowhere; authors delete what they wrote.

Data from the factories; the forum tree comes from setup (``ensure_forum_tree``).
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from machina.apps.forum_conversation.models import Post, Topic

from community import services
from community.models import (
    LocumRequest,
    MutualAidRequest,
    MutualAidResponse,
    Notification,
    Removal,
    Report,
    TargetKind,
)
from community.services import moderation
from forum.conversation import open_topic, reply
from forum.signals import post_url
from forum.tree import ensure_forum_tree, forum_for
from portal.members.factories import MembershipFactory, ProfessionFactory, UserFactory
from portal.members.services import make_bureau
from tests.refusals import assert_sent_to_admin_home, assert_sent_to_admin_login

MARK = "Mme Zorglub née Typée"


def enrol_two_factor(user):
    """The bureau and admin users must have a TOTP authenticator (RequireTwoFactorMiddleware)."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})


@pytest.fixture
def people(db):
    ensure_forum_tree()
    profession = ProfessionFactory(
        name="Infirmier (modération)", plural="infirmiers (mod.)", slug="inf-mod", code="9990"
    )

    def member(commune="Lodève"):
        return MembershipFactory(approved=True, profession=profession, commune=commune).user

    bureau = member()
    make_bureau(bureau)
    enrol_two_factor(bureau)
    return {
        "profession": profession,
        "author": member(),
        "colleague": member(),
        "bureau": bureau,
        "applicant": MembershipFactory(profession=profession).user,  # pending
        "member": member,
    }


def pages_of(client, user, urls):
    client.force_login(user)
    return {url: client.get(url).content.decode() for url in urls}


def everywhere(client, people, urls):
    """The pages as every role sees them (fills the caches the first time)."""
    text = ""
    for role in ("author", "colleague", "bureau"):
        text += "".join(pages_of(client, people[role], urls).values())
    client.logout()
    return text


def test_report_then_removal_leaves_the_text_nowhere(
    client, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        aid = services.publish_mutual_aid(
            author=people["author"],
            profession_needed=people["profession"],
            commune="Lodève",
            start=timezone.localdate(),
            duration_days=2,
            urgency="today",
            description=f"Insuline pour {MARK}",
        )
    assert Notification.objects.filter(user=people["colleague"], mutual_aid_request=aid).exists()
    urls = [reverse("mutual_aid:list"), aid.get_absolute_url(), "/espace-membres/"]
    assert MARK in everywhere(client, people, urls)  # and now it is in the caches

    # A colleague reports it, the bureau sees it in its queue and removes it.
    client.force_login(people["colleague"])
    response = client.post(
        reverse("community:report", args=["aid", aid.pk]), {"reason": "patient-data"}
    )
    assert response.status_code == 302
    report = Report.objects.get(target_kind="aid", target_id=aid.pk)
    client.force_login(people["bureau"])
    queue = client.get(reverse("moderation_queue")).content.decode()
    assert f"n° {aid.pk}" in queue and "Données de patient" in queue
    assert MARK not in queue
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("moderation_action", args=[report.pk]),
            {"action": "remove", "reason": "patient-data"},
        )
    assert response.status_code == 302

    # Database: the request, its notifications; the trace keeps no text.
    assert not MutualAidRequest.objects.filter(description__contains="Zorglub").exists()
    assert not Notification.objects.filter(mutual_aid_request_id=aid.pk).exists()
    removal = Removal.objects.get(target_kind="aid", target_id=aid.pk)
    assert removal.removed_by == people["bureau"] and removal.author == people["author"]
    assert "Zorglub" not in repr(vars(removal))
    report.refresh_from_db()
    assert report.status == Report.Status.REMOVED
    # Every cached page, for every role.
    assert MARK not in everywhere(client, people, urls[:1] + urls[2:])
    # The author is told why, without the content.
    (message,) = mail.outbox
    assert message.to == [people["author"].email]
    assert "Données de patient" in message.body and MARK not in message.body + message.subject


def test_removed_forum_post_leaves_no_trace_in_pages_search_or_caches(
    client, people, django_capture_on_commit_callbacks
):
    topic = open_topic(
        forum_for("association"), poster=people["colleague"], subject="Tournées", content="Bonjour"
    )
    post = reply(topic, poster=people["author"], content=f"Chez {MARK} ce matin")
    url = post_url(post).split("?")[0]
    search = reverse("community:search") + "?q=Zorglub"
    assert MARK in everywhere(client, people, [url, search])

    moderation.report("post", post.pk, by=people["colleague"], reason="patient-data")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.remove("post", post.pk, by=people["bureau"], reason="patient-data")

    assert not Post.objects.filter(content__contains="Zorglub").exists()
    assert Topic.objects.filter(pk=topic.pk).exists()  # the others' posts stay
    assert MARK not in everywhere(client, people, [url, search])


def test_removing_a_topic_s_first_post_removes_its_subject_too(client, people):
    topic = open_topic(
        forum_for("association"), poster=people["author"], subject=f"Cas {MARK}", content="Aide ?"
    )
    reply(topic, poster=people["colleague"], content="Je regarde.")
    moderation.remove("post", topic.first_post_id, by=people["bureau"], reason="patient-data")
    assert not Topic.objects.filter(subject__contains="Zorglub").exists()
    assert not Post.objects.filter(Q(subject__contains="Zorglub") | Q(content__contains="Zorglub"))


def test_removed_locum_request_takes_its_forum_topic_along(people):
    start = timezone.localdate() + timedelta(days=5)
    locum = services.publish_locum_request(
        author=people["author"],
        profession=people["profession"],
        start=start,
        end=start + timedelta(days=3),
        commune="Lodève",
        conditions=f"Tournée chez {MARK}",
    )
    assert Post.objects.filter(content__contains="Zorglub").exists()
    moderation.remove("locum", locum.pk, by=people["bureau"], reason="wrong")
    assert not LocumRequest.objects.filter(pk=locum.pk).exists()
    assert not Post.objects.filter(content__contains="Zorglub").exists()


def test_only_the_bureau_removes(people):
    aid = MutualAidRequest.objects.create(
        author=people["author"],
        profession_needed=people["profession"],
        commune="Lodève",
        start=timezone.localdate(),
        description="x",
    )
    with pytest.raises(moderation.PermissionDenied):
        moderation.remove("aid", aid.pk, by=people["colleague"], reason="wrong")
    assert MutualAidRequest.objects.filter(pk=aid.pk).exists()


def test_dismissed_reports_leave_the_queue_and_the_content(client, people):
    aid = MutualAidRequest.objects.create(
        author=people["author"],
        profession_needed=people["profession"],
        commune="Lodève",
        start=timezone.localdate(),
        description="Rien de grave",
    )
    report = moderation.report("aid", aid.pk, by=people["colleague"], reason="offensive")
    client.force_login(people["bureau"])
    client.post(reverse("moderation_action", args=[report.pk]), {"action": "dismiss"})
    assert MutualAidRequest.objects.filter(pk=aid.pk).exists()
    assert "Rien de grave" not in client.get(reverse("moderation_queue")).content.decode()
    assert not Report.objects.pending().exists()


# --- authors delete what they wrote -----------------------------------------------------------


def test_author_deletes_own_request_and_answer_while_open(client, people):
    aid = MutualAidRequest.objects.create(
        author=people["author"],
        profession_needed=people["profession"],
        commune="Lodève",
        start=timezone.localdate(),
        description=f"Pour {MARK}",
    )
    services.respond_mutual_aid(aid, people["colleague"], f"Je connais {MARK}")
    client.force_login(people["colleague"])
    response = client.post(reverse("mutual_aid:response-delete", args=[aid.pk]))
    assert response.status_code == 302
    assert not MutualAidResponse.objects.filter(request=aid).exists()
    assert not Notification.objects.filter(
        user=people["author"], kind=Notification.Kind.MUTUAL_AID_RESPONSE, mutual_aid_request=aid
    ).exists()

    client.force_login(people["author"])
    response = client.post(reverse("mutual_aid:delete", args=[aid.pk]))
    assert response.status_code == 302
    assert not MutualAidRequest.objects.filter(pk=aid.pk).exists()
    assert (
        Removal.objects.filter(
            target_kind="aid", target_id=aid.pk, reason=Removal.Reason.AUTHOR
        ).count()
        == 1
    )


def test_closed_requests_can_no_longer_be_deleted_by_their_author(client, people):
    aid = MutualAidRequest.objects.create(
        author=people["author"],
        profession_needed=people["profession"],
        commune="Lodève",
        start=timezone.localdate(),
        description="Historique",
    )
    services.close_mutual_aid(aid, by=people["author"])
    client.force_login(people["author"])
    client.post(reverse("mutual_aid:delete", args=[aid.pk]))
    assert MutualAidRequest.objects.filter(pk=aid.pk).exists()


def test_author_deletes_own_forum_post_through_machina(client, people):
    topic = open_topic(
        forum_for("association"), poster=people["colleague"], subject="Tournées", content="Hello"
    )
    post = reply(topic, poster=people["author"], content=f"Chez {MARK}")
    url = reverse(
        "forum_conversation:post_delete",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum_id,
            "topic_slug": topic.slug,
            "topic_pk": topic.pk,
            "pk": post.pk,
        },
    )
    client.force_login(people["colleague"])
    assert client.post(url).status_code == 403  # not theirs
    client.force_login(people["author"])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()
    assert Removal.objects.filter(target_kind="post", target_id=post.pk).exists()


# --- access: anonymous, signed in without the right, with the right ----------------------------


def test_report_view_access(client, people):
    aid = MutualAidRequest.objects.create(
        author=people["author"],
        profession_needed=people["profession"],
        commune="Lodève",
        start=timezone.localdate(),
        description="x",
    )
    url = reverse("community:report", args=["aid", aid.pk])
    assert client.get(url).status_code == 302
    client.force_login(people["applicant"])
    assert client.get(url).status_code == 403
    client.force_login(people["colleague"])
    page = client.get(url)
    assert page.status_code == 200 and "Données de patient" in page.content.decode()
    assert client.get(reverse("community:report", args=["nothing", aid.pk])).status_code == 404
    # Answers are visible to the requester only: reporting someone else's is a 404.
    answer = services.respond_mutual_aid(aid, people["colleague"], "ok")
    other = people["member"]()
    client.force_login(other)
    response = client.get(reverse("community:report", args=["aid-response", answer.pk]))
    assert response.status_code == 404


def test_queue_access_and_query_budget(client, people, django_assert_max_num_queries):
    url = reverse("moderation_queue")
    assert client.get(url).status_code == 302
    admin_user = UserFactory()
    from django.contrib.auth.models import Permission

    admin_user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    enrol_two_factor(admin_user)
    client.force_login(admin_user)
    assert_sent_to_admin_home(client.get(url))  # admin access, not the bureau
    client.force_login(people["colleague"])
    assert_sent_to_admin_login(client.get(url), url)
    action = reverse("moderation_action", args=[1])
    assert_sent_to_admin_login(client.post(action), action)
    for n in range(5):
        aid = MutualAidRequest.objects.create(
            author=people["author"],
            profession_needed=people["profession"],
            commune="Lodève",
            start=timezone.localdate(),
            description=f"n{n}",
        )
        moderation.report(TargetKind.AID, aid.pk, by=people["colleague"], reason="wrong")
    client.force_login(people["bureau"])
    client.get(url)  # warm Wagtail's own per-process caches
    with django_assert_max_num_queries(25):
        response = client.get(url)
    assert response.status_code == 200


def test_delete_views_access(client, people):
    aid = MutualAidRequest.objects.create(
        author=people["author"],
        profession_needed=people["profession"],
        commune="Lodève",
        start=timezone.localdate(),
        description="x",
    )
    url = reverse("mutual_aid:delete", args=[aid.pk])
    assert client.post(url).status_code == 302 and MutualAidRequest.objects.filter(pk=aid.pk)
    client.force_login(people["colleague"])
    assert client.post(url).status_code == 403
    client.force_login(people["author"])
    assert client.post(url).status_code == 302
    assert not MutualAidRequest.objects.filter(pk=aid.pk).exists()
