"""Boundary moves and snapping step over whole user-perceived characters (issue 17, boundary
editing), while the offsets stay code points.

Issue 17: "Offsets stay code points; test after emoji, CJK ... and combining marks." Offsets are
code points, but a boundary key moving by one code point can end a span between "e" and its
combining acute (the stored quote is "Cafe", the text shows "Café"), between the two regional
indicators of a flag, or before a Thai tone mark: a character-wise move (and snapping) steps over
whole grapheme clusters (Intl.Segmenter with granularity "grapheme").
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOVES = [
    # text, span [start, end) in code points, which end, direction, expected quote after one move
    ("Cafe\u0301 owners", (0, 3), "end", 1, "Cafe\u0301"),
    ("x \U0001f1f7\U0001f1fa y", (0, 2), "end", 1, "x \U0001f1f7\U0001f1fa"),
    ("\u0e01\u0e48\u0e2d\u0e19", (2, 3), "start", -1, "\u0e01\u0e48\u0e2d"),
    ("Cafe\u0301 owners", (5, 12), "start", -1, "e\u0301 owners"),
]


def test_a_character_move_never_stops_inside_a_grapheme(page, live_server):
    page.goto("/login/")
    page.add_script_tag(path="static/newsannot/offsets.js")
    got = page.evaluate(
        """(cases) => cases.map(([text, [s, e], which, dir]) => NewsannotOffsets
          .moveBoundary(Array.from(text), {start: s, end: e}, which, dir, false).quote)""",
        [[text, list(span), which, d] for text, span, which, d, _ in MOVES],
    )
    assert got == [quote for *_, quote in MOVES]


SNAPS = [
    # text, selected [start, end) in code points, quote after snapping
    ("\u0e01\u0e48\u0e2d\u0e19", (0, 1), "\u0e01\u0e48"),  # a Thai consonant keeps its tone mark
    ("x \U0001f1f7\U0001f1fa y", (2, 3), "\U0001f1f7\U0001f1fa"),  # never half a flag
    ("Cafe\u0301 owners", (2, 3), "Cafe\u0301"),
]


def test_snapping_never_cuts_a_grapheme_either(page, live_server):
    page.goto("/login/")
    page.add_script_tag(path="static/newsannot/offsets.js")
    got = page.evaluate(
        """(cases) => cases.map(([text, [s, e]]) => {
          const chars = Array.from(text), r = NewsannotOffsets.snapToWords(chars, s, e, "th");
          return chars.slice(r.start, r.end).join("");
        })""",
        [[text, list(span)] for text, span, _ in SNAPS],
    )
    assert got == [quote for *_, quote in SNAPS]


def test_shift_arrow_on_the_open_span_takes_the_accent_with_its_letter(page, analyst, article):
    from tests.browser.test_annotate import open_article
    from tests.browser.test_annotate_boundaries import quote_is
    from tests.conftest import quote_span

    span = quote_span(article, analyst, "attribution", "Caf")
    open_article(page, article, analyst)
    with page.expect_response(lambda r: f"/spans/{span.pk}/" in r.url):
        page.click(f'.span-item[data-span="{span.pk}"]')
    page.wait_for_selector(f'#detail[data-open="{span.pk}"]')
    page.keyboard.press("Shift+ArrowRight")
    quote_is(page, "Cafe\u0301")
    page.wait_for_function(
        "id => document.activeElement && document.activeElement.dataset.span === id",
        arg=str(span.pk),
    )
    page.keyboard.press("Shift+ArrowLeft")
    quote_is(page, "Caf")
    span.refresh_from_db()
    assert span.quote == "Caf"
    assert article.text[span.start : span.end] == "Caf"
