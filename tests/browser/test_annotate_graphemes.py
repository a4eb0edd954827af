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
