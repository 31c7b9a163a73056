"""Notification e-mails carry structured fields and a link, never text typed by a member.

Whatever a member typed by mistake (a patient's name, a number) never leaves the portal by
mail: each notification is sent (or rendered) with a distinctive text in every free-text
field, and no subject or body may contain it.
"""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.utils import timezone

from community import services
from directory.models import LocumPeriod
from documents.models import Protocol, ProtocolVersion
from forum.conversation import open_topic, reply
from forum.signals import notify_subscribers
from forum.tree import ensure_forum_tree, forum_for
from portal.members.factories import CommissionFactory, MembershipFactory, ProfessionFactory

MARK = "Mme Zorglub-Typée"


def _all_text(messages):
    for message in messages:
        yield message.subject
        yield message.body
        for content, _mimetype in getattr(message, "alternatives", []):
            yield content


def assert_no_typed_text(messages):
    messages = list(messages)
    assert messages, "no e-mail was sent: the test would prove nothing"
    for text in _all_text(messages):
        assert MARK not in text, text


@pytest.fixture
def nurses(db):
    profession = ProfessionFactory(
        name="Infirmier (mail)", plural="infirmiers (mail)", slug="infirmiers-mail", code="9980"
    )

    def member(commune="Gignac", available=False):
        membership = MembershipFactory(approved=True, profession=profession, commune=commune)
        if available:
            profile = membership.user.profile
            profile.available_for_locum = True
            profile.save(update_fields=["available_for_locum"])
            today = timezone.localdate()
            LocumPeriod.objects.create(profile=profile, start=today, end=today + timedelta(60))
        return membership.user

    return profession, member


def test_locum_notifications_carry_no_typed_text(nurses, django_capture_on_commit_callbacks):
    ensure_forum_tree()
    profession, member = nurses
    author, colleague = member(), member(available=True)
    start = timezone.localdate() + timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        locum = services.publish_locum_request(
            author=author,
            profession=profession,
            start=start,
            end=start + timedelta(days=5),
            commune="Gignac",
            housing=True,
            housing_notes=f"Studio chez {MARK}",
            software=f"Logiciel {MARK}",
            conditions=f"Tournée de {MARK}",
        )
    match = list(mail.outbox)
    assert [m.to for m in match] == [[colleague.email]]
    assert "Gignac" in match[0].subject and locum.get_absolute_url() in match[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.respond_available(locum, colleague, f"Je connais {MARK}")
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_filled(locum, by=author, chosen_user=colleague)
    assert_no_typed_text([*match, *mail.outbox])
    assert len(mail.outbox) == 2


def test_mutual_aid_notifications_carry_no_typed_text(nurses, django_capture_on_commit_callbacks):
    profession, member = nurses
    author, colleague = member("Lodève"), member("Lodève")
    with django_capture_on_commit_callbacks(execute=True):
        aid = services.publish_mutual_aid(
            author=author,
            profession_needed=profession,
            commune="Lodève",
            start=timezone.localdate(),
            duration_days=2,
            urgency="today",
            description=f"Insuline pour {MARK}",
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.respond_mutual_aid(aid, colleague, f"Je passe chez {MARK}")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([colleague.email, author.email])
    body = next(m.body for m in mail.outbox if m.to == [colleague.email])
    assert "Lodève" in body and "Aujourd'hui" in body and aid.get_absolute_url() in body
    assert_no_typed_text(mail.outbox)


def test_forum_reply_notification_carries_no_typed_text(nurses, django_capture_on_commit_callbacks):
    ensure_forum_tree()
    _profession, member = nurses
    first, second = member(), member()
    topic = open_topic(
        forum_for("association"), poster=first, subject=f"Sujet {MARK}", content=MARK
    )
    with django_capture_on_commit_callbacks(execute=True):
        post = reply(topic, poster=second, content=f"Réponse sur {MARK}", subject=f"Re {MARK}")
    notify_subscribers(post.pk)
    assert first.email in [m.to[0] for m in mail.outbox]
    assert_no_typed_text(mail.outbox)


def _template_context(db_user):
    commission = CommissionFactory(name="Coordination (mail)", slug="coordination-mail")
    protocol = Protocol(
        pk=1,
        title=f"Protocole {MARK}",
        slug="protocole",
        summary=MARK,
        category=Protocol.Category.INR,
        commission=commission,
        review_date=date(2030, 1, 1),
    )
    version = ProtocolVersion(pk=1, protocol=protocol, number="1.1", changes=f"Ajout {MARK}")
    protocol.current_version = version
    return {
        "protocol": protocol,
        "version": version,
        "by": db_user,
        "comment": f"Corriger {MARK}",
        "base_url": settings.WAGTAILADMIN_BASE_URL,
        "site_name": "Maillage",
    }


NOTIFICATION_FOLDERS = ("documents/email", "forum/email")


def notification_templates():
    root = Path(settings.BASE_DIR) / "templates"
    for folder in NOTIFICATION_FOLDERS:
        for path in sorted((root / folder).glob("*_body.txt")):
            yield f"{folder}/{path.name.removesuffix('_body.txt')}"


@pytest.mark.parametrize("template", [t for t in notification_templates() if "documents" in t])
def test_protocol_notifications_carry_no_typed_text(nurses, template):
    _profession, member = nurses
    context = _template_context(member())
    subject = render_to_string(f"{template}_subject.txt", context)
    body = render_to_string(f"{template}_body.txt", context)
    assert "Coordination (mail)" in subject + body  # the structured fields are there
    assert MARK not in subject and MARK not in body


def test_every_notification_template_is_covered():
    """A new notification template must be added to a test of this module."""
    covered = {
        "forum/email/locum_match",
        "forum/email/locum_response",
        "forum/email/locum_chosen",
        "forum/email/mutual_aid_match",
        "forum/email/mutual_aid_response",
        "forum/email/reply",
        "forum/email/removed",
        "documents/email/submitted",
        "documents/email/changes_requested",
        "documents/email/published",
        "documents/email/review_reminder",
    }
    assert set(notification_templates()) <= covered
