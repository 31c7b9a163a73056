"""Paths through the features: a commission validates a protocol and a member downloads it;
a locum request answered by a colleague; an urgent mutual-aid request reaching colleagues."""

import datetime

import pytest
from django.core import mail


def submit(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def pending_protocol_version(people):
    """A version of a Coordination protocol (for nurses and doctors) awaiting validation."""
    from documents.factories import ProtocolFactory, ProtocolVersionFactory
    from documents.models import ProtocolVersion
    from portal.members.models import Profession

    protocol = ProtocolFactory(
        title="Surveillance des anticoagulants à domicile",
        commission=people.commission,
        created_by=people.commission_helper,
        target_professions=list(Profession.objects.filter(slug__in=["infirmiers", "medecins"])),
    )
    return ProtocolVersionFactory(
        protocol=protocol, number="1.0", status=ProtocolVersion.Status.SUBMITTED
    )


def test_commission_validates_protocol_member_downloads(web, e2e_people):
    pytest.importorskip("documents.models")
    page = web.page
    pending = pending_protocol_version(e2e_people)
    assert pending.status == "submitted"
    protocol = pending.protocol

    web.login(e2e_people.commission_member.email)  # validator of the Coordination commission
    web.goto("/protocoles/validation/")
    page.get_by_role("link", name=f"{protocol.title} — v{pending.number}").first.click()
    page.wait_for_load_state()
    web.assert_accessible()
    web.screenshot("review")
    submit(page, "Valider et publier")
    pending.refresh_from_db()
    protocol.refresh_from_db()
    assert pending.status == "published" and protocol.current_version_id == pending.pk
    web.logout()

    # A nurse (a target profession) finds it in the library and downloads it.
    web.login(e2e_people.infirmiere.email)
    web.goto("/protocoles/")
    page.get_by_role("link", name=protocol.title).first.click()
    page.wait_for_load_state()
    web.assert_accessible()
    with page.expect_download() as info:
        page.get_by_role("link", name=f"Télécharger la version {pending.number}").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"


def test_locum_request_answered_by_colleague(web, e2e_people):
    forum_models = pytest.importorskip("community.models")
    page = web.page
    medecin, bureau = e2e_people.medecin, e2e_people.bureau
    start = datetime.date.today() + datetime.timedelta(days=30)
    end = start + datetime.timedelta(days=14)

    web.login(medecin.email)
    web.goto("/remplacements/nouvelle/")
    page.locator("main [name=profession]").select_option(label="Médecin")
    page.locator("main [name=start]").fill(start.isoformat())
    page.locator("main [name=end]").fill(end.isoformat())
    page.locator("main [name=commune]").fill("Lodève")
    page.locator("main [name=fee_share]").fill("70")
    page.locator("main [name=conditions]").fill("Cabinet de groupe, secrétariat le matin.")
    page.locator("form.form button[type=submit], main form button[type=submit]").last.click()
    page.wait_for_load_state()
    locum = forum_models.LocumRequest.objects.filter(author=medecin).latest("pk")
    assert page.url.rstrip("/").endswith(f"/remplacements/{locum.pk}")
    web.assert_accessible()
    web.logout()

    # Another doctor sees it on the board and says they are available.
    web.login(bureau.email)  # a doctor too, signing in with the authenticator's code
    web.goto("/remplacements/")
    page.locator(f'a[href="/remplacements/{locum.pk}/"]').first.click()
    page.wait_for_load_state()
    submit(page, "Je suis disponible")
    web.assert_accessible()
    assert locum.responses.filter(responder=bureau).exists()
    assert any(medecin.email in m.to for m in mail.outbox)
    web.logout()

    # The author sees who answered.
    web.login(medecin.email)
    web.goto(f"/remplacements/{locum.pk}/")
    assert bureau.last_name in page.locator("main").inner_text()


def test_urgent_mutual_aid_request(web, e2e_people):
    forum_models = pytest.importorskip("community.models")
    page = web.page
    medecin, infirmiere = e2e_people.medecin, e2e_people.infirmiere
    web.login(medecin.email)
    web.goto("/entraide/nouvelle/")
    page.locator("main [name=profession_needed]").select_option(label="Infirmier")
    page.locator("main [name=commune]").fill("Lodève")
    page.locator("main [name=urgency]").select_option("today")
    page.locator("main [name=duration_days]").fill("3")
    page.locator("main [name=description]").fill(
        "Relais de soins infirmiers à domicile pendant trois jours, pansements quotidiens."
    )
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    aid = forum_models.MutualAidRequest.objects.filter(author=medecin).latest("pk")
    assert aid.urgency == "today"
    web.assert_accessible()
    web.logout()

    web.login(infirmiere.email)
    web.goto("/entraide/")
    assert page.locator(f'a[href="/entraide/{aid.pk}/"]').count() >= 1
    page.locator(f'a[href="/entraide/{aid.pk}/"]').first.click()
    page.wait_for_load_state()
    submit(page, "Je peux assurer le relais")
    web.assert_accessible()
    assert aid.responses.filter(responder=infirmiere).exists()
