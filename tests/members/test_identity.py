"""The association configured in the admin: its name, colours, texts and e-mail identity."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from portal.members.emails import queue_email, unsubscribe_token
from portal.members.factories import MembershipFactory, UserFactory
from portal.members.models import (
    AssociationSettings,
    NotificationKind,
    NotificationPreferences,
    contrast_with_white,
    validate_brand_colour,
)
from portal.members.services import make_bureau
from portal.pages.models import LegalPage
from tests.refusals import assert_sent_to_admin_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def association():
    association = AssociationSettings.load()
    association.name = "CPTS du Lodévois"
    association.contact_email = "contact@cpts-lodevois.test"
    association.sender_name = "CPTS du Lodévois"
    association.sender_email = "ne-pas-repondre@cpts-lodevois.test"
    association.save()
    return association


@pytest.fixture
def bureau_user(client):
    user = UserFactory(is_demo_account=True)  # exempt from two-factor enrolment
    make_bureau(user)
    return user


def test_contrast_rule():
    assert contrast_with_white("#ffffff") == pytest.approx(1.0)
    assert contrast_with_white("#000000") == pytest.approx(21.0)
    validate_brand_colour("#0b5c8a")
    with pytest.raises(ValidationError, match="pas assez lisible"):
        validate_brand_colour("#ffd400")
    with pytest.raises(ValidationError, match="format"):
        validate_brand_colour("bleu")


def test_bureau_edits_the_association_in_the_admin(client, bureau_user, association):
    client.force_login(bureau_user)
    url = reverse("wagtailsettings:edit", args=["members", "associationsettings", association.pk])
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    data = {
        name: form[name].field.widget.format_value(form[name].value()) or "" for name in form.fields
    }
    # A too light colour is refused in French and what was typed stays.
    data.update(name="CPTS Cœur d'Hérault", brand_colour="#f5f5f5")
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "pas assez lisible" in body and "CPTS Cœur d&#x27;Hérault" in body
    assert AssociationSettings.load().name == "CPTS du Lodévois"
    data["brand_colour"] = "#1d4e89"
    response = client.post(url, data)
    assert response.status_code == 302
    # Every page shows the new name and colour.
    page = client.get("/").content.decode()
    assert "CPTS Cœur d&#x27;Hérault" in page and "--c-primary: #1d4e89" in page


def test_member_cannot_open_the_association_settings(client, association):
    member = MembershipFactory(approved=True).user
    client.force_login(member)
    url = reverse("wagtailsettings:edit", args=["members", "associationsettings", association.pk])
    assert_sent_to_admin_login(client.get(url), url)
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={url}"


def test_footer_links_to_legal_pages_and_they_show_the_settings(client, association):
    page = client.get("/").content.decode()
    for kind in LegalPage.Kind:
        legal = LegalPage.objects.get(kind=kind)
        assert f'href="{legal.url}"' in page
    association.publication_director = "Dr Martine Roux, présidente"
    association.save()
    notice = client.get(LegalPage.objects.get(kind="legal_notice").url).content.decode()
    assert "Dr Martine Roux, présidente" in notice
    privacy = client.get(LegalPage.objects.get(kind="privacy").url).content.decode()
    assert "Durées de conservation" in privacy and "[À relire]" in privacy
    assert "Durées de conservation" in privacy
    assert AssociationSettings.load().texts_to_review()  # pre-filled texts are marked


def test_signup_charter_links_to_the_charter(client):
    charter = LegalPage.objects.get(kind="charter")
    assert f'href="{charter.url}"' in client.get(reverse("account_signup")).content.decode()


def test_emails_come_from_the_association_greet_by_first_name(association):
    user = UserFactory(first_name="Martine", email="martine.roux@exemple.test")
    queue_email("members/email/approved", {"membership": MembershipFactory(user=user)}, [user])
    (message,) = mail.outbox
    assert message.from_email == "CPTS du Lodévois <ne-pas-repondre@cpts-lodevois.test>"
    assert message.reply_to == ["contact@cpts-lodevois.test"]
    assert message.to == ["martine.roux@exemple.test"]
    assert "Bonjour Martine," in message.body
    assert "martine.roux," not in message.body


@override_settings(WAGTAILADMIN_BASE_URL="https://portail.cpts-lodevois.test")
def test_notifications_carry_one_click_unsubscribe(client, association):
    user = UserFactory(first_name="Paul")
    queue_email(
        "forum/email/reply",
        {"topic": None, "author_name": "Anne", "post_url": "/forum/x/"},
        [user],
        kind=NotificationKind.FORUM_REPLIES,
    )
    (message,) = mail.outbox
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("https://portail.cpts-lodevois.test/compte/notifications/desabonner/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "https://portail.cpts-lodevois.test/forum/x/" in message.body
    path = url.removeprefix("https://portail.cpts-lodevois.test")
    # A GET (a link checker) changes nothing; the mail client's POST, without any cookie
    # nor CSRF token (RFC 8058), switches that kind off.
    assert client.get(path).status_code == 200
    assert not NotificationPreferences.objects.filter(user=user).exists()
    client.handler.enforce_csrf_checks = True
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    preferences = NotificationPreferences.objects.get(user=user)
    assert not preferences.wants(NotificationKind.FORUM_REPLIES)
    assert preferences.wants(NotificationKind.MUTUAL_AID)
    # The next notification of that kind is not sent; another kind still is.
    mail.outbox.clear()
    context = {"topic": None, "author_name": "Anne", "post_url": "/forum/x/"}
    assert queue_email("forum/email/reply", context, [user], kind="forum_replies") == 0
    assert queue_email("forum/email/reply", context, [user], kind="mutual_aid") == 1


def test_forged_unsubscribe_link_is_refused(client):
    user = UserFactory()
    token = unsubscribe_token(user, "forum_replies")
    assert client.post(f"/compte/notifications/desabonner/{token[:-2]}xx/").status_code == 404
    assert client.post(f"/compte/notifications/desabonner/{token}/").status_code == 200
    bad_kind = unsubscribe_token(user, "everything")
    assert client.post(f"/compte/notifications/desabonner/{bad_kind}/").status_code == 404


def test_member_chooses_notifications_in_the_account_hub(client):
    user = MembershipFactory(approved=True).user
    client.force_login(user)
    hub = client.get("/compte/").content.decode()
    for url in (
        reverse("directory:entry-edit"),
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("mfa_index"),
        reverse("my_account:notifications"),
        reverse("my_account:export"),
        reverse("my_account:close"),
    ):
        assert f'href="{url}"' in hub
    data = {kind: "on" for kind in NotificationKind.values if kind != "locum"}
    response = client.post(reverse("my_account:notifications"), data)
    assert response.status_code == 302
    assert NotificationPreferences.objects.get(user=user).switched_off == ["locum"]
    page = client.get(reverse("my_account:notifications")).content.decode()
    assert 'name="locum"' in page and 'name="locum" checked' not in page


def test_account_hub_requires_login(client):
    assert client.get("/compte/").status_code == 302
    assert client.get(reverse("my_account:notifications")).status_code == 302


def test_error_pages_are_french_in_the_layout(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page introuvable" in body and 'class="site-footer"' in body and 'href="/"' in body
    # The English catalogue translates it, chosen with the language cookie.
    client.cookies["django_language"] = "en"
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    english = response.content.decode()
    assert "Page not found" in english
    assert "Page introuvable" not in english


def test_pending_applicant_gets_a_french_explanation(client):
    applicant = MembershipFactory().user
    client.force_login(applicant)
    response = client.get("/remplacements/")
    assert response.status_code == 403
    assert "en attente de validation" in response.content.decode()


def test_500_page_renders_without_the_database():
    from django.db import connection
    from django.test import RequestFactory
    from django.views.defaults import server_error

    request = RequestFactory().get("/")
    with connection.execute_wrapper(_no_query):
        response = server_error(request)
    assert response.status_code == 500
    body = response.content.decode()
    assert "Service momentanément indisponible" in body and "<footer" in body


def _no_query(*args):
    raise AssertionError("the 500 page must not query the database")


def test_csrf_failure_page_is_french(client):
    client.handler.enforce_csrf_checks = True
    response = client.post(reverse("account_login"), {"login": "x", "password": "y"})
    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()


def test_new_entry_contact_fields_start_at_the_association_default(association):
    association.default_contact_visibility = "public"
    association.save()
    profile = MembershipFactory(approved=True).user.profile
    assert {profile.mobile_visibility, profile.email_visibility, profile.mssante_visibility} == {
        "public"
    }
    association.default_contact_visibility = "hidden"
    association.save()
    assert MembershipFactory(approved=True).user.profile.website_visibility == "hidden"


def test_allauth_emails_and_messages_use_the_association_and_first_names(client, association):
    user = UserFactory(first_name="Martine", email="martine.roux@exemple.test")
    response = client.post(
        reverse("account_login"),
        {"login": "martine.roux@exemple.test", "password": "demo-maillage-2026"},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("Martine" in m for m in messages), messages
    assert not any("martine.roux" in m for m in messages)
    client.logout()
    mail.outbox.clear()
    client.post(reverse("account_reset_password"), {"email": user.email})
    (message,) = mail.outbox
    assert message.from_email == "CPTS du Lodévois <ne-pas-repondre@cpts-lodevois.test>"
    assert message.reply_to == ["contact@cpts-lodevois.test"]
    assert message.subject.startswith("[CPTS du Lodévois]")
    assert "example.com" not in message.body


def test_admin_home_lists_what_the_bureau_must_reread(client, bureau_user, association):
    client.force_login(bureau_user)
    page = client.get("/admin/").content.decode()
    assert "Votre association : à compléter" in page and "Politique de confidentialité" in page
    for field in ("charter", "publisher", "host", "legal_notice", "privacy_controller"):
        setattr(association, field, "Relu par le bureau.")
    association.privacy_policy = association.accessibility_statement = "<p>Relu.</p>"
    association.save()
    assert "Votre association : à compléter" not in client.get("/admin/").content.decode()
