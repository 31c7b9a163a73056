"""The XSS payloads in the browser: stored in every free-text field, no dialog ever fires.

(The ``web`` fixture fails the test if any alert/confirm/prompt opened.)
"""

from tests.security.test_injection import PAYLOADS, inject, targets
from tests.security.world import build_world


def test_no_payload_executes(web, e2e_people):
    from tests.people import member

    page = web.page
    combined = " ".join(PAYLOADS)
    # The security suite's world (directory entry, protocols, boards), built the same way.
    users = {
        "medecin": e2e_people.medecin,
        "infirmiere": e2e_people.infirmiere,
        "kine_validator": e2e_people.commission_member,
        "delegate": member("pharmaciens", "Canet", first_name="Hugo", last_name="Vernet"),
        "bureau": e2e_people.bureau,
    }
    found = targets(build_world(e2e_people, users), e2e_people.medecin)
    urls = set()
    for _label, obj, obj_urls in found:
        inject(obj, combined)
        urls.update(obj_urls)
    assert urls
    web.login(e2e_people.infirmiere.email)
    for url in sorted(urls):
        web.goto(url, check=False)
        page.mouse.move(10, 10)
        # Visible links only: on a phone the filters are folded (their links cannot be hovered).
        for link in page.locator("main a:visible").all()[:40]:
            link.hover(timeout=2_000)  # onmouseover payloads get their chance
    web.screenshot("member")
    web.logout()
    for url in sorted(urls):
        web.goto(url, check=False)
    assert not web.dialogs, web.dialogs
