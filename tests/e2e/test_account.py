"""My data and leaving, in the browser: export, then close the account with the password."""

import json

from portal.members.models import User


def test_export_then_close_account(web, e2e_people):
    page = web.page
    email = e2e_people.infirmiere.email
    web.login(email)
    web.goto("/compte/2fa/")
    web.goto("/compte/fermer/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger d'abord mes données (JSON)").click()
    with open(info.value.path(), encoding="utf-8") as fh:
        data = json.load(fh)
    assert data["user"]["email"] == email

    # Wrong password: refused, announced, linked to the field.
    page.get_by_label("Votre mot de passe").fill("pas-le-bon")
    page.get_by_role("button", name="Fermer définitivement mon compte").click()
    page.wait_for_load_state()
    field = page.get_by_label("Votre mot de passe")
    assert field.get_attribute("aria-invalid") == "true"
    web.assert_accessible()

    from portal.members.factories import DEMO_PASSWORD

    field.fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Fermer définitivement mon compte").click()
    page.wait_for_load_state()
    assert "Votre compte est fermé" in page.locator("main").inner_text()
    assert not User.objects.filter(email=email).exists()
    web.screenshot("closed")
