"""Guidelines Markdown → safe HTML. Two locks: the Markdown renderer writes no raw HTML (it
escapes `<script>` as text), and nh3 (the ammonia sanitiser) then keeps only the tags and
attributes a guideline needs, and only http(s)/mailto links: no `javascript:`, no `on…=`
handlers, no styles. markdown-it-py's parser is linear in the text (it was rewritten to avoid
the catastrophic backtracking of regex-based Markdown)."""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
    ["table", "strikethrough"]
)

TAGS = {
    *("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code"),
    *("ul", "ol", "li", "em", "strong", "del", "a"),
    *("table", "thead", "tbody", "tr", "th", "td"),
}
# No images: a remote one would tell its host who reads the guidelines, and when.
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
SCHEMES = {"http", "https", "mailto"}


def render(text: str) -> SafeString:
    html = _markdown.render(text or "")
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)
