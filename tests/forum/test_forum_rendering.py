"""Posts are rendered through markdown2 then an nh3 allow-list: no script survives."""

import re
from html.parser import HTMLParser

import pytest

from forum.rendering import render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x]( javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    '[x](https://ok.example "onmouseover=alert(1)")',
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<details open ontoggle=alert(1)>",
    "`<script>alert(1)</script>`",
    "<<script>script>alert(1)<</script>/script>",
]

ALLOWED_TAGS = {"p", "br", "hr", "strong", "b", "em", "i", "u", "s", "del", "code", "pre", "blockquote",
                "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6",
                "table", "thead", "tbody", "tr", "th", "td"}  # fmt: skip


class Elements(HTMLParser):
    """Collect the live elements and attributes of rendered HTML (escaped text is just text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(html):
    parser = Elements()
    parser.feed(html)
    return parser.elements


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_is_neutralised(payload):
    html = render_markdown(payload)
    for tag, attrs in elements(html):
        assert tag in ALLOWED_TAGS, (payload, html)
        for name, value in attrs.items():
            assert not name.startswith("on"), (payload, html)
            assert name in {"href", "title", "rel", "align", "start"}, (payload, html)
            if name == "href":
                # Entities are decoded by the parser, as a browser would.
                cleaned = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                assert cleaned == "#" or cleaned.startswith(("http://", "https://", "mailto:")), (
                    payload,
                    html,
                )
    assert "<script" not in html.lower()


def test_ordinary_markdown_still_works():
    html = render_markdown("**gras** et *italique*\n\n- un\n- deux\n\n[site](https://exemple.fr)")
    assert "<strong>gras</strong>" in html
    assert "<em>italique</em>" in html
    assert "<li>un</li>" in html
    assert 'href="https://exemple.fr"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_stored_post_is_sanitised(db):
    from machina.apps.forum.models import Forum
    from machina.apps.forum_conversation.models import Post

    from forum.conversation import open_topic
    from portal.members.factories import UserFactory

    forum = Forum.objects.create(name="Test", type=Forum.FORUM_POST)
    topic = open_topic(
        forum,
        poster=UserFactory(),
        subject="x",
        content="<img src=x onerror=alert(1)> [a](javascript:alert(1))",
    )
    rendered = Post.objects.get(topic=topic).content.rendered
    assert "onerror=" not in rendered.replace("onerror=alert(1)&gt;", "")
    assert "javascript:" not in rendered


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_sanitiser_alone_neutralises_raw_html(payload):
    """Even if markdown2 let raw HTML through, nh3 would strip it."""
    from forum.rendering import sanitize_html

    html = sanitize_html(payload)
    for tag, attrs in elements(html):
        assert tag in ALLOWED_TAGS, (payload, html)
        assert not any(name.startswith("on") for name in attrs), (payload, html)
        href = re.sub(r"[\s\x00-\x1f]", "", attrs.get("href", "")).lower()
        assert not href or href.startswith(("http://", "https://", "mailto:")), (payload, html)
