"""Markdown rendering of forum posts, sanitised with an allow-list.

markdown2's "safe mode" has been bypassed before (crafted links, entity
tricks), so whatever it outputs goes through nh3: only the tags and attributes
below survive, and links may only point to http, https or mailto.
"""

import nh3
from machina.core.markdown import markdown

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Dropped together with their content, not just unwrapped.
DROPPED_CONTENT_TAGS = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "template",
    "noscript",
}


def sanitize_html(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_CONTENT_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(text, **kwargs):
    """The MACHINA_MARKUP_LANGUAGE callable: markdown2 (safe mode) then nh3."""
    kwargs.setdefault("safe_mode", "escape")
    return sanitize_html(markdown(text or "", **kwargs))
