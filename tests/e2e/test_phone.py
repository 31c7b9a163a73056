"""The header and the directory on a phone and on a desk (issue 15, items 2 and 6): a compact
header whose menu opens from a labelled button, directory results before the filters, and
no card wider than the screen."""

import pytest

pytest.importorskip("directory.models")


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def test_header_menu_and_directory_layout(web, viewport, e2e_entries):
    from directory.models import Profile

    # A long MSSanté address, visible to members: it must wrap inside its card.
    infirmiere = e2e_entries.infirmiere
    profile = Profile.objects.get(user=infirmiere)
    profile.mssante = "isabelle.combes-de-la-tour-du-pin@infirmier.mssante.fr"
    profile.mssante_visibility = "members"
    profile.save(update_fields=["mssante", "mssante_visibility"])

    page = web.page
    web.login(e2e_entries.medecin.email)
    web.goto(f"/annuaire/?q={infirmiere.last_name}")
    assert "isabelle.combes-de-la-tour-du-pin" in page.locator("main").inner_text()
    _no_sideways_scroll(page)

    toggle = page.locator("button.menu-toggle")
    nav = page.locator(".site-nav")
    header_height = page.locator(".site-header").bounding_box()["height"]
    filters = page.locator("details[data-filters]")
    form = filters.locator("form")
    results = page.locator("#results-title")
    if viewport == "phone":
        assert header_height < 100, header_height
        assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
        assert toggle.get_attribute("aria-controls") == "site-menu"
        assert not nav.is_visible()
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true" and nav.is_visible()
        web.assert_accessible()
        page.keyboard.press("Escape")
        assert toggle.get_attribute("aria-expanded") == "false" and not nav.is_visible()
        assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")
        # Results first: the folded panel is one line, the results title is on screen.
        assert not form.is_visible()
        assert results.bounding_box()["y"] < page.viewport_size["height"]
        filters.locator("summary").click()
        assert form.is_visible()
        web.screenshot("filters-open")
    else:
        assert not toggle.is_visible() and nav.is_visible()
        assert form.is_visible()
        # The filters sit beside the results.
        assert form.bounding_box()["x"] < results.bounding_box()["x"]


def test_without_javascript_menu_and_filters_stay_shown(browser, live_server, e2e_entries):
    from .conftest import VIEWPORTS

    context = browser.new_context(
        viewport=VIEWPORTS["phone"], locale="fr-FR", java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(live_server.url + "/annuaire/")
        assert page.locator(".site-nav").is_visible()
        assert not page.locator("button.menu-toggle").is_visible()
        assert page.locator("details[data-filters] form").is_visible()
    finally:
        context.close()
