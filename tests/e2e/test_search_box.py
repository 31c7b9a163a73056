"""The directory's search box in the browser: suggestions chosen with the keyboard, then searched."""

import pytest

from tests.e2e.conftest import ensure_wagtail_roots


@pytest.fixture
def entry(transactional_db, live_server):
    from directory.factories import ProfileFactory
    from portal.members.factories import MembershipFactory, UserFactory
    from portal.members.services_territory import setup_territory

    ensure_wagtail_roots()
    setup_territory()
    membership = MembershipFactory(
        approved=True, user=UserFactory(first_name="Odile", last_name="Vernhes"), commune="Gignac"
    )
    return ProfileFactory(user=membership.user, specialties=["plaies et cicatrisation"])


def test_search_box_suggests_and_searches_with_the_keyboard(web, entry):
    page = web.page
    web.goto("/annuaire/")
    filters = page.locator("details[data-filters]")
    if filters.get_attribute("open") is None:  # phone: the filters are folded under the results
        filters.locator("summary").click()
    field = page.locator("main input[name=q]")
    assert field.get_attribute("role") == "combobox"
    field.fill("vernh")
    listbox = page.locator(f"#{field.get_attribute('aria-controls')}")
    listbox.get_by_role("option", name="Odile Vernhes (nom)").wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    web.assert_accessible()
    field.press("ArrowDown")
    field.press("Enter")
    assert field.input_value() == "Odile Vernhes"
    web.screenshot("suggestion choisie")
    field.press("Enter")  # the list is closed: Enter submits the search
    page.wait_for_url("**/annuaire/?q=Odile+Vernhes*")
    assert page.get_by_role("link", name="Mme Odile Vernhes").count() == 1
