"""Directory in the browser: a member edits their entry, a visitor sees only what is public;
a search with filters, then the same results on the map."""

import re

import pytest

pytest.importorskip("directory.models")


def test_member_edits_entry_visitor_sees_public_only(web, e2e_entries):
    from directory.models import Profile

    page = web.page
    medecin = e2e_entries.medecin
    profile = Profile.objects.get(user=medecin)
    web.login(medecin.email)
    web.goto("/annuaire/moi/")
    page.locator("[name=fiche-email]").fill("cabinet.teissier@exemple.org")
    page.locator("[name=fiche-email_visibility]").select_option("public")
    page.locator("[name=fiche-mobile]").fill("06 12 34 56 78")
    page.locator("[name=fiche-mobile_visibility]").select_option("members")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_load_state()
    web.assert_accessible()
    profile.refresh_from_db()
    assert profile.email == "cabinet.teissier@exemple.org"
    assert profile.mobile_visibility == "members"
    web.screenshot("saved")
    web.logout()

    # A visitor: the public e-mail, not the members-only mobile.
    web.goto(f"/annuaire/{profile.pk}/")
    main = page.locator("main").inner_text()
    assert "cabinet.teissier@exemple.org" in main
    assert "56 78" not in main and "612345678" not in page.content()
    web.screenshot("visitor")

    # A colleague: both.
    web.login(e2e_entries.infirmiere.email)
    web.goto(f"/annuaire/{profile.pk}/")
    assert "56 78" in page.locator("main").inner_text()


def test_search_with_filters_then_map(web, e2e_entries):
    page = web.page
    web.login(e2e_entries.infirmiere.email)
    web.goto("/annuaire/")
    filters = page.locator("details[data-filters]")
    if filters.get_attribute("open") is None:  # phone: the filters are folded under the results
        filters.locator("summary").click()
    select = page.get_by_label("Profession", exact=True)
    labels = select.locator("option").all_inner_texts()
    select.select_option(label=next(t for t in labels if re.match("m[ée]decin", t, re.I)))
    page.get_by_role("button", name="Rechercher", exact=True).click()
    page.wait_for_load_state()
    web.assert_accessible()
    results = page.locator(".directory-result")
    assert results.count() > 0
    professions = page.locator(".directory-result__profession").all_inner_texts()
    assert professions and all(p.startswith("Médecin") for p in professions), professions
    # The two doctors' entries, not the nurse's (whose entry the directory also has).
    assert results.count() == 2
    assert e2e_entries.infirmiere.last_name not in page.locator("main").inner_text()
    web.screenshot("list")

    page.get_by_role("link", name="Carte", exact=True).click()
    page.wait_for_load_state()
    assert "vue=carte" in page.url and "profession=" in page.url
    the_map = page.locator(".directory-map")
    the_map.wait_for()
    page.locator(".leaflet-marker-icon, .leaflet-interactive").first.wait_for(timeout=10_000)
    web.assert_accessible()
    web.screenshot("map")
