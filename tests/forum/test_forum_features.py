"""NIR refusal, private attachments, reply notifications, welcome topics, search, query budget."""

import re

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from machina.apps.forum_conversation.forum_attachments.models import Attachment
from machina.apps.forum_conversation.models import Topic

from documents.pdf import build_pdf
from forum.conversation import open_topic, reply
from forum.tree import forum_for, profession_forum
from portal.members.models import Profession

ATTACHMENTS = {"attachment-TOTAL_FORMS": "0", "attachment-INITIAL_FORMS": "0"}
# A valid NIR (key 97 - body mod 97), typed with spaces as people do.
NIR_BODY = "2840675123456"
NIR = f"{NIR_BODY[0]} {NIR_BODY[1:3]} {NIR_BODY[3:5]} {NIR_BODY[5:7]} {NIR_BODY[7:10]} {NIR_BODY[10:]} {97 - int(NIR_BODY) % 97:02d}"
# A real PDF: its text is read (and checked for patient data) before it is stored.
PDF = build_pdf("Fiche de liaison", "1.0", [("Section", ["Ligne de test."])])


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


def test_nir_in_message_is_refused_and_text_kept(login, people):
    from portal.members.validators import find_nir

    assert find_nir(NIR)
    forum = forum_for("entraide")
    content = f"Patiente à reprendre, NIR {NIR}, insuline matin et soir."
    response = login(people.infirmiere).post(
        topic_create_url(forum),
        {"subject": "Relais insuline", "content": content, "topic_type": 0, **ATTACHMENTS},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "numéro de sécurité sociale" in body
    assert "insuline matin et soir" in body  # the text stays in the form
    assert not Topic.objects.filter(subject="Relais insuline").exists()


def test_nir_in_subject_or_reply_is_refused(login, conversations, people):
    forum = forum_for("association")
    client = login(people.medecin)
    response = client.post(
        topic_create_url(forum),
        {"subject": f"NIR {NIR}", "content": "x", "topic_type": 0, **ATTACHMENTS},
    )
    assert response.status_code == 200 and "numéro de sécurité sociale" in response.content.decode()
    assert not Topic.objects.filter(subject__startswith="NIR").exists()
    topic = conversations["association"]
    count = topic.posts.count()
    response = client.post(
        reply_url(topic), {"subject": "Re", "content": f"le {NIR.replace(' ', '')}", **ATTACHMENTS}
    )
    assert response.status_code == 200 and "numéro de sécurité sociale" in response.content.decode()
    assert topic.posts.count() == count
    # A wrong key (or none) changes nothing: the number is still a patient's.
    for typed in (f"{NIR_BODY}00", NIR_BODY):
        refused = client.post(
            reply_url(topic), {"subject": "Re", "content": f"réf. {typed}", **ATTACHMENTS}
        )
        assert refused.status_code == 200 and topic.posts.count() == count
    # A number that is clearly something else (an RPPS, a phone number) is accepted.
    ok = client.post(
        reply_url(topic),
        {"subject": "Re", "content": "RPPS 10101010101, 06 12 34 56 78", **ATTACHMENTS},
    )
    assert ok.status_code == 302


@pytest.fixture
def nurses_attachment(people):
    forum = profession_forum(Profession.objects.get(slug="infirmiers"))
    topic = open_topic(
        forum, poster=people.infirmiere, subject="Fiche de liaison", content="Modèle vierge en PDF."
    )
    attachment = Attachment(post=topic.first_post, comment="modèle")
    attachment.file.save("fiche.pdf", ContentFile(PDF))
    return attachment


def test_attachment_is_stored_privately(nurses_attachment, settings):
    from django.core.files.storage import storages

    assert storages["private"].exists(nurses_attachment.file.name)
    media = settings.MEDIA_ROOT
    assert not (media / nurses_attachment.file.name).exists()


def test_attachment_access(client, login, nurses_attachment, people):
    infirmiere, medecin, candidat = people.infirmiere, people.medecin, people.candidat
    url = reverse("forum_conversation:attachment", kwargs={"pk": nurses_attachment.pk})
    response = client.get(url)
    assert response.status_code == 302 and "/compte/login/" in response["Location"]
    assert login(candidat).get(url).status_code == 403
    assert login(medecin).get(url).status_code == 403  # another profession
    response = login(infirmiere).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_upload_is_checked_by_content(login, people):
    forum = forum_for("entraide")
    client = login(people.infirmiere)
    data = {
        "subject": "Avec pièce jointe",
        "content": "Voir le document.",
        "topic_type": 0,
        "attachment-TOTAL_FORMS": "1",
        "attachment-INITIAL_FORMS": "0",
        "attachment-0-comment": "",
    }
    fake = SimpleUploadedFile(
        "protocole.pdf", b"<script>alert(1)</script>", content_type="application/pdf"
    )
    response = client.post(topic_create_url(forum), {**data, "attachment-0-file": fake})
    assert response.status_code == 200
    assert "Seules les images" in response.content.decode()
    assert not Topic.objects.filter(subject="Avec pièce jointe").exists()

    real = SimpleUploadedFile("protocole.pdf", PDF, content_type="application/pdf")
    response = client.post(topic_create_url(forum), {**data, "attachment-0-file": real})
    assert response.status_code == 302
    topic = Topic.objects.get(subject="Avec pièce jointe")
    assert topic.first_post.attachments.count() == 1


def test_oversized_upload_is_refused():
    from django.core.exceptions import ValidationError

    from forum.forms import ATTACHMENT_MAX_SIZE, validate_attachment

    big = SimpleUploadedFile(
        "big.pdf", PDF + b"0" * ATTACHMENT_MAX_SIZE, content_type="application/pdf"
    )
    with pytest.raises(ValidationError):
        validate_attachment(big)
    validate_attachment(SimpleUploadedFile("ok.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64))


def test_reply_notifies_subscribers_but_not_the_author(
    login, people, django_capture_on_commit_callbacks
):
    infirmiere, medecin, commission_member = (
        people.infirmiere,
        people.medecin,
        people.commission_member,
    )
    forum = forum_for("entraide")
    with django_capture_on_commit_callbacks(execute=True):
        topic = open_topic(
            forum, poster=infirmiere, subject="Relais à Gignac", content="Qui peut ?"
        )
    assert infirmiere in topic.subscribers.all()  # authors follow their topics
    topic.subscribers.add(commission_member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(medecin).post(
            reply_url(topic), {"subject": "Re", "content": "Moi.", **ATTACHMENTS}
        )
    assert response.status_code == 302
    recipients = sorted(r for m in mail.outbox for r in m.to)
    assert recipients == sorted([infirmiere.email, commission_member.email])
    assert medecin.email not in recipients
    message = mail.outbox[0]
    # The forum and who answered, never the subject or the message a member typed.
    assert "Relais à Gignac" not in message.subject + message.body
    assert "Entraide" in message.subject
    assert "Marc Teissier" in message.body and topic_url(topic) in message.body
    # The replier now follows the topic too; the next reply reaches them, not its own author.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply(topic, poster=infirmiere, content="Merci !")
    assert sorted(r for m in mail.outbox for r in m.to) == sorted(
        [medecin.email, commission_member.email]
    )


def test_subscriber_who_lost_access_is_not_notified(people, django_capture_on_commit_callbacks):
    infirmiere, medecin = people.infirmiere, people.medecin
    forum = profession_forum(Profession.objects.get(slug="infirmiers"))
    with django_capture_on_commit_callbacks(execute=True):
        topic = open_topic(forum, poster=infirmiere, subject="Entre infirmiers", content="x")
    topic.subscribers.add(medecin)  # should never happen, but must not leak
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply(topic, poster=infirmiere, content="y")
    assert mail.outbox == []


def test_welcome_topic_on_approval(people, settings, django_capture_on_commit_callbacks):
    bureau = people.bureau
    from portal.members.factories import MembershipFactory
    from portal.members.services import approve

    membership = MembershipFactory(
        approved=False, user__first_name="Zoé", user__last_name="Nouvelle"
    )
    with django_capture_on_commit_callbacks(execute=True):
        approve(membership, by=bureau)
    name = membership.user.get_full_name()
    assert name == "Zoé Nouvelle"
    topic = Topic.objects.get(forum=forum_for("nouveaux"), subject=f"Bienvenue à {name}")
    assert membership.user in topic.subscribers.all()
    # Approving again (reinstatement) does not open a second one.
    approve(membership, by=bureau)
    assert Topic.objects.filter(subject=f"Bienvenue à {name}").count() == 1

    settings.FORUM_WELCOME_TOPICS = False
    other = MembershipFactory(approved=False, user__first_name="Noé", user__last_name="Discret")
    approve(other, by=bureau)
    assert not Topic.objects.filter(subject=f"Bienvenue à {other.user.get_full_name()}").exists()


def test_search_only_returns_readable_forums(login, people):
    infirmiere, medecin = people.infirmiere, people.medecin
    nurses = profession_forum(Profession.objects.get(slug="infirmiers"))
    open_topic(nurses, poster=infirmiere, subject="Pompe à insuline zorglub", content="Réglages.")
    open_topic(
        forum_for("association"),
        poster=infirmiere,
        subject="Soirée zorglub",
        content="Tous invités.",
    )
    nurse_page = login(infirmiere).get("/forum/search/", {"q": "zorglub"}).content.decode()
    assert "Pompe à insuline zorglub" in nurse_page and "Soirée zorglub" in nurse_page
    doctor_page = login(medecin).get("/forum/search/", {"q": "zorglub"}).content.decode()
    assert "Soirée zorglub" in doctor_page
    assert "Pompe à insuline zorglub" not in doctor_page


def test_search_requires_login(client, conversations):
    response = client.get("/forum/search/", {"q": "x"})
    assert response.status_code == 302


def test_pages_have_no_inline_or_third_party_script(login, conversations, people):
    client = login(people.medecin)
    topic = conversations["association"]
    for url in (
        "/forum/",
        topic_url(topic),
        reply_url(topic),
        topic_create_url(forum_for("association")),
    ):
        body = client.get(url).content.decode()
        # Only the site's own script file (static/js/site.js): nothing inline, nothing else.
        scripts = re.findall(r"<script\b[^>]*>", body)
        assert scripts == ['<script src="/static/js/site.js" defer>'], url
        assert "cdn" not in body.lower(), url
        assert 'class="site-header"' in body, url  # the site's layout


def test_query_budget(login, people, busy_association, django_assert_max_num_queries):
    """machina's own templates ran 51 queries on the index (18 before portal.core.perf), ours 8.

    Permissions are computed once per request for every forum (portal.core.perf), the
    unread forums come from the loaded tree (forum.tracking), and a topic page
    loads its forum, poll, read marks and subscription with the topic. The forum has more
    topics than a page and the topic a full page of posts by several members
    (``busy_association``): a query per forum, topic, post or poster would show.
    """
    client = login(people.medecin)
    topic = busy_association
    forum = forum_for("association")
    forum_url = reverse("forum:forum", kwargs={"slug": forum.slug, "pk": forum.pk})
    # The first visit of a topic writes read-tracking rows (machina's tracking, savepoints).
    with django_assert_max_num_queries(40):
        assert client.get(topic_url(topic)).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/forum/").status_code == 200
    # 11 in production, where sessions live in Redis; the tests read them from the database.
    with django_assert_max_num_queries(12):
        assert client.get(topic_url(topic)).status_code == 200
    with django_assert_max_num_queries(13):  # 12 in production (sessions in Redis)
        assert client.get(forum_url).status_code == 200
