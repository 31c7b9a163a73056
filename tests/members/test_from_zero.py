"""A real association from an empty database: ``setup_portal``, then its first members.

No demo here: the test database holds only what ``setup_portal`` made (tests/conftest.py).
"""

import datetime
import io
import re

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site as DjangoSite
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from machina.apps.forum_conversation.models import Topic
from wagtail.models import Page, Site

from documents import services as documents_services
from documents.models import Protocol
from forum.tree import forum_for, profession_forum
from portal.members import services as members_services
from portal.members.factories import make_rpps
from portal.members.models import (
    BUREAU_GROUP,
    MEMBERS_GROUP,
    AssociationSettings,
    Membership,
    Profession,
    User,
)
from portal.members.nomenclature import TRE_G15
from portal.members.viewer import Viewer
from portal.pages.models import HomePage, LegalPage, ProfessionSpacePage
from tests.documents.conftest import pdf_upload

PASSWORD = "Une-phrase-de-passe-2026"


def setup(**options):
    out = io.StringIO()
    call_command("setup_portal", stdout=out, **options)
    return out.getvalue()


def counts():
    from django.contrib.auth.models import Permission
    from machina.apps.forum.models import Forum
    from wagtail.models import GroupPagePermission, PageViewRestriction

    return {
        "users": User.objects.count(),
        "groups": Group.objects.count(),
        "group_permissions": Permission.group_set.through.objects.count(),
        "professions": Profession.objects.count(),
        "pages": Page.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
        "page_permissions": GroupPagePermission.objects.count(),
        "sites": Site.objects.count(),
        "forums": Forum.objects.count(),
        "settings": AssociationSettings.objects.count(),
    }


def test_setup_makes_a_working_installation_and_nothing_fictional(db):
    from guardian.utils import get_anonymous_user

    # No demo people: only django-guardian's anonymous user.
    assert list(User.objects.all()) == [get_anonymous_user()]
    bureau, members = Group.objects.get(name=BUREAU_GROUP), Group.objects.get(name=MEMBERS_GROUP)
    codenames = set(bureau.permissions.values_list("codename", flat=True))
    assert {"access_admin", "change_membership", "change_associationsettings"} <= codenames
    assert not members.permissions.exists()
    # The professions of TRE_G15, with their official labels and feminine forms.
    assert Profession.objects.count() == len(TRE_G15)
    nurse = Profession.objects.get(code="60")
    assert (nurse.official_label, nurse.name_feminine, nurse.name_en) == (
        "Infirmier",
        "Infirmière",
        "Nurse",
    )
    assert Profession.objects.get(code="70").label(feminine=True) == "Masseuse-kinésithérapeute"
    # The page tree, under the default site, instead of Wagtail's welcome page.
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(depth=2).exclude(pk=site.root_page_id).exists()
    assert set(LegalPage.objects.values_list("kind", flat=True)) == set(LegalPage.Kind.values)
    active = Profession.objects.active()
    assert ProfessionSpacePage.objects.count() == active.count()
    # Django's site carries the host and name, so allauth's e-mails never say example.com.
    django_site = DjangoSite.objects.get_current()
    assert django_site.domain != "example.com" and django_site.name == "Maillage"
    assert forum_for("entraide") is not None
    assert all(profession_forum(p) is not None for p in active)


def test_setup_twice_changes_nothing(db):
    before = counts()
    setup()
    assert counts() == before


def test_setup_keeps_what_the_bureau_changed(db):
    association = AssociationSettings.load()
    association.name = "CPTS du Lodévois"
    association.save()
    nurse = Profession.objects.get(code="60")
    nurse.is_active = False
    nurse.save()
    setup()
    assert AssociationSettings.load().name == "CPTS du Lodévois"
    assert not Profession.objects.get(code="60").is_active


def test_bureau_account_from_the_environment(db, monkeypatch, client):
    monkeypatch.setenv("BUREAU_PASSWORD", PASSWORD)
    out = setup(bureau_email="Presidente@CPTS.test", bureau_first_name="Martine")
    assert "presidente@cpts.test" in out
    user = User.objects.get(email="presidente@cpts.test")
    assert Viewer(user).is_bureau and user.is_staff and not user.is_demo_account
    assert user.emailaddress_set.get().verified
    # Two-factor enrolment is required before the admin opens.
    assert client.login(email="presidente@cpts.test", password=PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/compte/2fa/" in response["Location"]
    # Run again: the account is found, not duplicated, not changed.
    setup(bureau_email="presidente@cpts.test")
    assert User.objects.filter(email="presidente@cpts.test").count() == 1


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("pas-une-adresse", PASSWORD, "Adresse e-mail invalide"),
        ("tresorier@cpts.test", "court", "trop court"),
    ],
)
def test_bad_bureau_account_is_refused_and_changes_nothing(
    db, monkeypatch, email, password, message
):
    monkeypatch.setenv("BUREAU_PASSWORD", password)
    before = counts()
    with pytest.raises(CommandError, match=message):
        setup(bureau_email=email)
    assert counts() == before


def test_bureau_email_already_taken_by_a_member_makes_them_bureau(db, monkeypatch):
    from portal.members.factories import MembershipFactory

    membership = MembershipFactory(approved=True, user__email="tresoriere@cpts.test")
    monkeypatch.setenv("BUREAU_PASSWORD", PASSWORD)
    setup(bureau_email="tresoriere@cpts.test")
    assert Viewer(User.objects.get(pk=membership.user_id)).is_bureau


def enrol_totp(user):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    assert Authenticator.objects.filter(user=user).exists()


def test_from_signup_to_forum_and_protocol_without_demo(
    db, client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setenv("BUREAU_PASSWORD", PASSWORD)
    setup(bureau_email="presidente@cpts.test", bureau_first_name="Martine")
    bureau = User.objects.get(email="presidente@cpts.test")
    enrol_totp(bureau)
    nurse = Profession.objects.get(slug="infirmiers")

    # Sign-up with a profession of the nomenclature, then e-mail verification.
    response = client.post(
        reverse("account_signup"),
        {
            "first_name": "Hélène",
            "last_name": "Vidal",
            "email": "helene.vidal@exemple.test",
            "profession": nurse.pk,
            "registration_number": make_rpps(seed=777),
            "commune": "Lodève",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "charter": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    (message,) = [m for m in mail.outbox if m.to == ["helene.vidal@exemple.test"]]
    assert "example.com" not in message.body + message.subject
    link = re.search(r"http://testserver(/compte/confirm-email/[^\s]+)", message.body).group(1)
    assert client.post(link).status_code == 302
    user = User.objects.get(email="helene.vidal@exemple.test")

    # The bureau account made at setup approves, in the admin.
    client.force_login(bureau)
    assert "Vidal" in client.get(reverse("members_admin:list")).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members_admin:decide", args=[user.membership.pk]), {"action": "approve"}
        )
    assert response.status_code == 302
    assert user.membership.__class__.objects.get(pk=user.membership.pk).status == "approved"
    (approved,) = mail.outbox
    assert "Bonjour Hélène" in approved.body

    # The member: member space, own profession's space (and not another's).
    client.force_login(user)
    assert client.get("/espace-membres/").status_code == 200
    assert client.get(f"/metiers/{nurse.slug}/").status_code == 200
    assert client.get("/metiers/medecins/").status_code == 403

    # A post in the nurses' private forum.
    forum = profession_forum(nurse)
    response = client.post(
        reverse(
            "forum_conversation:topic_create",
            kwargs={"forum_slug": forum.slug, "forum_pk": forum.pk},
        ),
        {
            "subject": "Tournées de décembre",
            "content": "Qui est disponible le 24 au soir ?",
            "attachment-TOTAL_FORMS": "0",
            "attachment-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Topic.objects.filter(forum=forum, subject="Tournées de décembre").exists()

    # A protocol through its commission's workflow, then downloaded by the member.
    commission = members_services.create_commission(name="Coordination", slug="coordination")
    members_services.add_commission_member(commission, user)
    members_services.set_validator(commission, bureau)
    protocol = documents_services.create_protocol(
        title="Surveillance INR à domicile",
        summary="Fréquence des contrôles et seuils d'alerte.",
        category=Protocol.Category.HOME_FOLLOW_UP,
        commission=commission,
        review_date=datetime.date.today() + datetime.timedelta(days=365),
        target_professions=[nurse],
        tags=[],
        by=user,
    )
    version = documents_services.add_version(
        protocol, number="1.0", file=pdf_upload(), by=user, changes="Première version."
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        documents_services.submit(version, by=user)
        documents_services.approve(version, by=bureau, comment="Relu.")
    protocol.refresh_from_db()
    # Our e-mails only (to the validator, then the publication to the nurses), not Wagtail's
    # own workflow notifications on top.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "helene.vidal@exemple.test",
        "presidente@cpts.test",
    ], [m.subject for m in mail.outbox]
    response = client.get(reverse("documents:detail", args=[protocol.slug]))
    assert response.status_code == 200
    download = reverse("documents:download", args=[protocol.slug, protocol.current_version_id])
    assert download in response.content.decode()
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert Membership.objects.count() == 1
