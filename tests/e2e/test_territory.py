"""The commune combobox in the browser: typed loosely, chosen with the keyboard, checked on submit."""

import pytest

from tests.e2e.conftest import ensure_wagtail_roots


@pytest.fixture
def territory(transactional_db, live_server):
    """The shipped Hérault communes in the flushed database the live server reads."""
    from portal.members.services_territory import setup_territory

    ensure_wagtail_roots()
    setup_territory()


def test_commune_combobox_with_the_keyboard(web, territory):
    page = web.page
    web.goto("/annuaire/")
    filters = page.locator("details[data-filters]")
    if filters.get_attribute("open") is None:  # phone: the filters are folded under the results
        filters.locator("summary").click()
    field = page.locator("main input[name=commune]")
    assert field.get_attribute("role") == "combobox"
    assert field.get_attribute("aria-expanded") == "false"
    listbox_id = field.get_attribute("aria-controls")
    field.fill("st andre")
    listbox = page.locator(f"#{listbox_id}")
    listbox.get_by_role("option", name="Saint-André-de-Sangonis (34725)").wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    web.assert_accessible()
    field.press("ArrowDown")
    active = field.get_attribute("aria-activedescendant")
    assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    field.press("ArrowDown")
    field.press("Enter")
    assert field.input_value() == "Saint-André-de-Sangonis"
    assert field.get_attribute("aria-expanded") == "false"

    field.fill("3480")
    listbox.get_by_role("option", name="Ceyras (34800)").wait_for()
    field.press("Escape")
    assert field.get_attribute("aria-expanded") == "false"
    assert field.input_value() == "3480"


def test_unknown_commune_is_refused_and_kept(web, territory):
    page = web.page
    web.goto("/annuaire/?commune=Clermon-Herault")
    # A refused filter keeps the panel open, on a phone too: the message is seen at once.
    assert page.locator("details[data-filters]").get_attribute("open") is not None
    main = page.locator("main").inner_text()
    assert "n'est pas une commune du territoire" in main and "Clermont-l'Hérault" in main
    assert page.locator("main input[name=commune]").input_value() == "Clermon-Herault"
