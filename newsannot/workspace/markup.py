"""The annotate page's two long lists, built in Python: the highlighted text and the span list.

A 100,000-character article with 2,000 spans has ~5,000 text segments and 2,000 list items; a
template loop over them took ~0.4 s of a ~0.5 s page (bench/RESULTS.md), these take ~0.03 s.
The markup is the same the template wrote; every value is escaped (html.escape, as Django's
`escape` filter does), and colours have been through `safe_colour` before they get here.
"""

from __future__ import annotations

import json
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from newsannot.annotations.models import Span, Status
from newsannot.workspace.segments import Segment
from newsannot.workspace.selectors import SpanRow

_STATUS = dict(Status.choices)
_PLACEHOLDER = 2_147_483_647  # a span id no route rejects, swapped for each real id below


def text_html(segments: Iterable[Segment]) -> SafeString:
    return text_markup(segments)[0]


def text_markup(segments: Iterable[Segment]) -> tuple[SafeString, SafeString, SafeString]:
    """The highlighted text, the stylesheet of its highlight classes, and (JSON, escaped for a
    single-quoted attribute) each class's label names, which annotate.js shows as the tooltip
    of a highlight under the mouse.

    A long article has thousands of highlighted segments but only a handful of distinct
    underline stacks: each stack is one class in a <style>, not a style attribute (≈ 370 KB of
    a 1.4 MB page) nor a title (≈ 100 KB) per segment. A class is named after its style and
    labels, so a patch of a few lines (`span_add`) names the same class the page did and only
    adds the rules it brings.
    """
    classes: dict[tuple[str, str], str] = {}
    out = []
    for seg in segments:
        if seg.layers:
            key = (seg.style, seg.labels)
            name = classes.get(key)
            if name is None:
                name = classes[key] = _class_name(key)
            ids = seg.span_ids
            out.append(
                f'<span class="seg hl {name}" data-s={seg.start} data-spans={_attr(ids)}>'
                f"{escape(seg.text)}</span>"
            )
        else:
            out.append(f"<span class=seg data-s={seg.start}>{escape(seg.text)}</span>")
    # Styles are built from colours that passed safe_colour (#rrggbb) and numbers only; no
    # "<" can close the <style> element early, but escape it anyway.
    css = "".join(f"#text .{name}{{{_compact(style)}}}\n" for (style, _), name in classes.items())
    labels = json.dumps(
        {name: names for (_, names), name in classes.items()},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return mark_safe("".join(out)), mark_safe(css), _single_quoted(labels)


def _single_quoted(value: str) -> SafeString:
    # For an attribute in single quotes: JSON's double quotes stay as they are. Escaped into
    # a double-quoted one, each became "&quot;" (four a class: 3 KB of a long article's page).
    return mark_safe(escape(value, quote=False).replace("'", "&#x27;"))


def _attr(value: str) -> str:
    # Numbers (and names) need no quotes in HTML; ids with spaces between do. Four thousand
    # segments' quotes were 20 KB of a long article's page.
    return f'"{value}"' if " " in value else value


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-"  # 64


def _class_name(key: tuple[str, str]) -> str:
    # 32 bits of the style and labels, six bits a character (class names are case-sensitive,
    # and "h" first keeps "-" and digits valid in a selector): short, as it is on thousands of
    # segments.
    n, digits = zlib.crc32("\0".join(key).encode()), ""
    while n:
        n, d = divmod(n, 64)
        digits = _DIGITS[d] + digits
    return "h" + (digits or "0")


def _compact(style: str) -> str:
    # The same declarations without the spaces after punctuation (there are a hundred rules),
    # and no "<" that could close the <style> element (there is none: colours and numbers).
    return style.replace(", ", ",").replace(": ", ":").replace("; ", ";").replace("<", "")


def _truncated(quote: str, length: int = 80) -> str:
    # As the truncatechars filter (which also composes to NFC); Truncator, with its translation
    # lookup a call, only when the quote may be too long.
    if len(quote) <= length:
        return unicodedata.normalize("NFC", quote)
    return Truncator(quote).chars(length)


def detail_url(article_id: int, *, everyone: bool) -> str:
    """The span detail URL with a placeholder id: annotate.js fills it in for the clicked item."""
    url = reverse("span-detail", args=[article_id, _PLACEHOLDER])
    return url + ("?who=all" if everyone else "")


def span_items_html(
    spans: Sequence[SpanRow], *, article_id: int, everyone: bool, open_span_id: int | None
) -> SafeString:
    """One compact <li> a span. No hx-* attributes per item: htmx would process 2,000 of them on
    load; annotate.js opens the detail for any clicked item (the href is the no-script way)."""
    who_query = "&amp;who=all" if everyone else ""
    out = []
    for s in spans:
        is_open = " open" if s.pk == open_span_id else ""
        # "My spans" are all the user's own: their name on each would only take room.
        who = f'<span class="annotator muted">{escape(s.annotator_name)}</span>' if everyone else ""
        out.append(
            f'<li><a href="?span={s.pk}{who_query}" class="span-item{is_open}" data-span="{s.pk}" '
            f'data-label-key="{escape(s.label.key)}" data-start="{s.start}" data-end="{s.end}">'
            f'<span class="swatch" style="background: {escape(s.colour)}"></span>'
            f'<span class="span-label">{escape(s.label.name)}</span>'
            f'<span class="status status-{escape(s.status)}">'
            f"{escape(str(_STATUS.get(s.status, s.status)))}</span>"
            f"{who}<q>{escape(_truncated(s.quote))}</q></a></li>\n"
        )
    return mark_safe("".join(out))  # every value above is escaped


def more_item_html(article_id: int, last: Span | SpanRow, *, everyone: bool) -> SafeString:
    """The list's last <li> while more spans follow: htmx fetches the next page when it comes
    into view (or is clicked); without script, the link shows the page with the whole list."""
    who = "&amp;who=all" if everyone else ""
    url = reverse("span-list-more", args=[article_id])
    return mark_safe(  # numbers and a reversed URL only
        f'<li class="more"><a href="?list=all{who}" class="more-spans" '
        f'hx-get="{url}?s={last.start}&amp;e={last.end}&amp;i={last.pk}{who}" '
        f'hx-trigger="intersect once, click" hx-target="closest li" hx-swap="outerHTML">'
        f"More spans…</a></li>\n"
    )
