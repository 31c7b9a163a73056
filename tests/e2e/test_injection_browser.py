"""The XSS payloads in the browser: stored in every free-text field, no dialog ever fires.

(The ``web`` fixture fails the test if any alert/confirm/prompt opened.)
"""

from tests.security.test_injection import PAYLOADS, inject, targets


def test_no_payload_executes(web, e2e_demo):
    page = web.page
    combined = " ".join(PAYLOADS)
    found = targets(e2e_demo)
    urls = set()
    for _label, obj, obj_urls in found:
        inject(obj, combined)
        urls.update(obj_urls)
    assert urls
    web.login("infirmiere@exemple.fr")
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
