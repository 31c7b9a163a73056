"""Contrast of every visible button and link, computed in the page (issue 15).

axe-core cannot place text whose background rule lost the cascade (white on white primary
buttons went unseen), so this test reads the computed colours itself: the text colour of
each visible link and button against its actual background, composited from the element up
through its ancestors until an opaque one (white page below). WCAG 2.1 AA: 4.5:1, or 3:1
for large text (24 px, or 18.66 px bold). Data from factories, no demo.
"""

import pytest

from tests.e2e.conftest import ensure_wagtail_roots

# Runs in the page: one entry per visible link or button under the threshold.
CONTRAST_JS = """
() => {
  const parse = (value) => {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, bottom) => {
    const a = top.a + bottom.a * (1 - top.a);
    const mix = (k) => (top[k] * top.a + bottom[k] * bottom.a * (1 - top.a)) / a;
    return { r: mix("r"), g: mix("g"), b: mix("b"), a };
  };
  const background = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour && colour.a > 0) {
        layers.push(colour);
        if (colour.a >= 1) break;
      }
    }
    let result = { r: 255, g: 255, b: 255, a: 1 };
    for (let i = layers.length - 1; i >= 0; i--) result = over(layers[i], result);
    return result;
  };
  const luminance = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const failures = [];
  let checked = 0;
  const selector = "a[href], button, input[type=submit], input[type=button], summary";
  for (const el of document.querySelectorAll(selector)) {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || style.visibility === "hidden") continue;
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const text = (el.innerText || el.value || "").trim();
    if (!text) continue;
    checked += 1;
    const bg = background(el);
    const fg = over(parse(style.color), bg);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && parseInt(style.fontWeight, 10) >= 700);
    const needed = large ? 3 : 4.5;
    if (ratio < needed) {
      const rgb = (c) => `rgb(${Math.round(c.r)}, ${Math.round(c.g)}, ${Math.round(c.b)})`;
      failures.push(`${ratio.toFixed(2)} < ${needed}: "${text.slice(0, 40)}" ${rgb(fg)} on ${rgb(bg)} <${el.tagName.toLowerCase()} class="${el.className}">`);
    }
  }
  return { checked, failures };
}
"""


@pytest.fixture
def site(transactional_db, live_server):
    """A real installation (setup_portal) with a member, an entry, a topic: no demo."""
    import io

    from django.core.management import call_command

    from community.views.boards import topic_url
    from directory.factories import PracticeSiteFactory, ProfileFactory
    from forum.conversation import open_topic
    from forum.tree import forum_for

    ensure_wagtail_roots()
    call_command("setup_portal", stdout=io.StringIO())
    profile = ProfileFactory(specialties=["plaies et cicatrisation"])
    PracticeSiteFactory(profile=profile)
    topic = open_topic(
        forum_for("remplacements"),
        poster=profile.user,
        subject="Remplacement à Gignac en février",
        content="Qui est disponible du 2 au 15 février ?",
    )
    return {"member": profile.user, "topic_url": topic_url(topic)}


def check_contrast(web, path, label):
    page = web.page
    web.goto(path, check=False)
    results = [page.evaluate(CONTRAST_JS)]
    toggle = page.locator("button.menu-toggle")
    if toggle.is_visible():  # phone: the header's links too, menu open
        toggle.click()
        results.append(page.evaluate(CONTRAST_JS))
        toggle.click()
    web.screenshot(label)
    checked = sum(r["checked"] for r in results)
    failures = [f for r in results for f in r["failures"]]
    assert checked > 0, f"no link or button found on {path}"
    return [f"{path}: {failure}" for failure in failures]


def test_every_button_and_link_is_readable(web, site):
    from directory.models import Profile

    member = site["member"]
    failures = []
    for path, label in [
        ("/", "home"),
        ("/compte/login/", "login"),
        ("/compte/signup/", "signup"),
        ("/annuaire/", "directory"),
    ]:
        failures += check_contrast(web, path, label)
    web.login(member.email)
    entry = Profile.objects.get(user=member)
    for path, label in [
        ("/", "home-member"),
        ("/annuaire/", "directory-member"),
        (f"/annuaire/{entry.pk}/", "entry"),
        ("/annuaire/moi/", "my-entry"),
        ("/remplacements/nouvelle/", "locum-form"),
        ("/entraide/nouvelle/", "mutual-aid-form"),
        (site["topic_url"], "topic"),
        ("/protocoles/", "protocols"),
    ]:
        failures += check_contrast(web, path, label)
    assert not failures, "text under WCAG AA contrast:\n" + "\n".join(failures)
