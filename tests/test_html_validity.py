"""HTML the W3C checker refused (issue 15, item 9), checked on the pages that had it: no
microseconds in <time datetime>, no list inside a paragraph (field help), no
"street-address" on a one-line input, no placeholder on a month input."""

import re

import pytest
from django.urls import reverse

from directory.factories import ProfileFactory
from forum.conversation import open_topic
from forum.tree import ensure_forum_tree, forum_for
from portal.members.factories import MembershipFactory
from portal.members.services import make_bureau

pytestmark = pytest.mark.django_db

# A valid date, or global date and time without fractions of a second.
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?)?$")


def html_problems(html):
    problems = [
        f"datetime {value!r}"
        for value in re.findall(r'<time[^>]*\sdatetime="([^"]*)"', html)
        if not DATETIME.match(value)
    ]
    for paragraph in re.findall(r"<p\b[^>]*>(.*?)</p>", html, flags=re.S):
        if re.search(r"<(ul|ol|div)\b", paragraph):
            problems.append("block inside <p>: " + paragraph[:80])
    for tag in re.findall(r"<input\b[^>]*>", html):
        if 'autocomplete="street-address"' in tag:
            problems.append("street-address on an input: " + tag)
        if re.search(r'type="(month|date|checkbox|radio)"', tag) and "placeholder=" in tag:
            problems.append("placeholder not allowed: " + tag)
    return problems


def test_checker_finds_what_the_w3c_checker_found():
    bad = (
        '<time datetime="2026-12-02T11:20:54.123456+01:00">x</time>'
        '<p class="field__help"><ul><li>12 caractères</li></ul></p>'
        '<input type="text" autocomplete="street-address">'
        '<input type="month" placeholder="AAAA-MM">'
    )
    assert len(html_problems(bad)) == 4
    assert html_problems('<time datetime="2026-12-02T11:20:54+0100">x</time>') == []


def test_signup_password_rules_are_not_in_a_paragraph(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert "<ul" in html
    assert html_problems(html) == []


def test_forum_topic_times_have_no_microseconds(login):
    ensure_forum_tree()
    member = MembershipFactory(approved=True).user
    topic = open_topic(forum_for("association"), poster=member, subject="Réunion", content="Oui")
    url = reverse(
        "forum_conversation:topic",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum_id,
            "slug": topic.slug,
            "pk": topic.pk,
        },
    )
    client = login(member)
    for page in (url, reverse("forum:index")):
        html = client.get(page).content.decode()
        assert "<time" in html
        assert html_problems(html) == [], page


def test_entry_edit_form_is_valid(login):
    profile = ProfileFactory()
    html = login(profile.user).get(reverse("directory:entry-edit")).content.decode()
    assert 'autocomplete="address-line1"' in html
    assert html_problems(html) == []


def test_indicators_month_fields_are_valid(login):
    user = MembershipFactory(approved=True).user
    make_bureau(user)
    user.is_demo_account = True
    user.save(update_fields=["is_demo_account"])
    response = login(user).get(reverse("indicators_report"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="month"' in html and "AAAA-MM" in html  # the format, told in the help
    assert html_problems(html) == []
    # aria-describedby points at help that exists.
    for ref in re.findall(r'aria-describedby="([^"]+)"', html):
        for target in ref.split():
            assert f'id="{target}"' in html, target
