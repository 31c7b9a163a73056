"""Joining the association in the browser: sign-up, e-mail verification, approval, member space."""

import re

import pytest
from django.core import mail

from portal.members.factories import DEMO_PASSWORD
from portal.members.models import Membership

NEW_PASSWORD = "Garrigue-Lodeve-2026!"


def luhn_ok(number):
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return total % 10 == 0


def valid_rpps(prefix="1000345678"):
    return next(prefix + str(k) for k in range(10) if luhn_ok(prefix + str(k)))


def fill_signup(page, *, number):
    page.get_by_label("Prénom").fill("Élise")
    page.get_by_label(re.compile(r"^Nom\b")).fill("Carrière")
    page.get_by_label(re.compile("e-mail", re.I)).first.fill("elise.carriere@exemple.org")
    page.get_by_label("Profession").select_option(label="Infirmier")
    page.get_by_label(re.compile("RPPS")).fill(number)
    page.get_by_label(re.compile("Commune")).fill("Aniane")
    passwords = page.locator("input[type=password]")
    passwords.nth(0).fill(NEW_PASSWORD)
    passwords.nth(1).fill(NEW_PASSWORD)
    page.get_by_label(re.compile("charte")).check()


def test_home_is_public_and_accessible(web, e2e_installation):
    web.goto("/")
    page = web.page
    assert page.locator("h1").count() == 1
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():  # phone: the header's links are behind the menu button
        menu.click()
    assert page.get_by_role("link", name="Adhérer").is_visible()
    web.screenshot("home")


def test_signup_verification_approval_member_space(web, e2e_people):
    page = web.page
    rpps = valid_rpps()
    wrong_key = rpps[:-1] + str((int(rpps[-1]) + 1) % 10)

    # 1. Sign-up with a wrong RPPS key: refused in French, what was typed is kept.
    web.goto("/compte/signup/")
    fill_signup(page, number=wrong_key)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    number = page.get_by_label(re.compile("RPPS"))
    assert number.get_attribute("aria-invalid") == "true"
    error_id = number.get_attribute("aria-describedby").split()[0]
    assert "clé de contrôle" in page.locator(f"#{error_id}").inner_text()
    assert page.get_by_label("Prénom").input_value() == "Élise"
    assert page.get_by_label(re.compile("Commune")).input_value() == "Aniane"
    web.assert_accessible()
    web.screenshot("signup-error")

    # 2. Corrected: the account is created, an e-mail asks to confirm the address.
    number.fill(rpps)
    passwords = page.locator("input[type=password]")
    passwords.nth(0).fill(NEW_PASSWORD)
    passwords.nth(1).fill(NEW_PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    web.assert_accessible()
    membership = Membership.objects.get(user__email="elise.carriere@exemple.org")
    assert membership.status == Membership.Status.PENDING
    assert membership.rpps == rpps
    confirmations = [m for m in mail.outbox if "elise.carriere@exemple.org" in m.to]
    assert confirmations, "no confirmation e-mail sent"
    link = re.search(r"/compte/confirm-email/[^\s]+", confirmations[-1].body).group(0)

    # 3. The link from the e-mail confirms the address (POST, not on GET).
    web.goto(link)
    page.locator("main button[type=submit]").first.click()
    page.wait_for_load_state()

    # 4. Pending: the member space says so and shows nothing of the members' content.
    web.goto("/espace-membres/")
    assert "en attente de validation" in page.locator("main").inner_text()
    web.screenshot("pending")
    web.logout()

    # 5. The bureau approves in the Wagtail admin (password, then the authenticator's code).
    web.login(e2e_people.bureau.email, DEMO_PASSWORD)
    web.goto("/admin/adhesions/", check=False)
    page.get_by_role("link", name="Élise Carrière").click()
    page.wait_for_load_state()
    web.screenshot("decision")
    page.get_by_role("button", name="Approuver l'adhésion").click()
    page.wait_for_load_state()
    membership.refresh_from_db()
    assert membership.status == Membership.Status.APPROVED
    assert any("elise.carriere@exemple.org" in m.to for m in mail.outbox[len(confirmations) :])
    web.logout()

    # 6. The new member logs in and reaches the member space.
    web.login("elise.carriere@exemple.org", NEW_PASSWORD)
    web.goto("/espace-membres/")
    assert page.url.endswith("/espace-membres/")
    assert "en attente" not in page.locator("main").inner_text()
    web.screenshot("member-space")


def test_pending_applicant_is_told_why(web, e2e_people):
    candidat = e2e_people.candidat
    web.login(candidat.email)
    web.goto("/espace-membres/")
    assert "en attente de validation" in web.page.locator("main").inner_text()
    web.goto(f"/metiers/{candidat.membership.profession.slug}/")
    assert "en attente de validation" in web.page.locator("main").inner_text()


def test_visitor_is_sent_to_login(web, e2e_installation):
    web.goto("/espace-membres/", check=False)
    assert "/compte/login/" in web.page.url
    web.assert_accessible()


@pytest.mark.parametrize(
    ("role", "slug", "allowed"),
    [("infirmiere", "infirmiers", True), ("infirmiere", "medecins", False)],
)
def test_profession_space(web, e2e_people, role, slug, allowed):
    web.login(getattr(e2e_people, role).email)
    web.goto(f"/metiers/{slug}/")
    text = web.page.locator("main").inner_text()
    assert ("réservé" in text) is not allowed
