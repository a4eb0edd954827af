from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsannot.outlets.registry import registry
from newsannot.outlets.source_lines import source_lines
from newsannot.suggestions.rules import Context, run_rules

# Written for these tests, in the style of the demo articles.
SAMPLE = (
    "Ministry says strikes were 'surgical'\n\n"
    "The strikes destroyed fuel depots and nothing else, the Defence Ministry said on Monday.\n\n"
    "“Every target was military,” Major General Oleg Brynsk told a media briefing in the city.\n\n"
    "A convoy was reportedly hit near the border.\n\n"
    "According to the regional governor, all residents had been evacuated.\n\n"
    "Modern art groups said they would RT @artnow posts about the damage.\n\n"
    "Source: RT\n"
)

EXPECTED = {
    ("attribution", "the Defence Ministry said on Monday"),
    ("attribution", "Major General Oleg Brynsk told a media briefing"),
    ("attribution", "According to the regional governor"),
    ("unverified-claim", "The strikes destroyed fuel depots and nothing else"),
    ("unverified-claim", "Every target was military"),
    ("unverified-claim", "A convoy was reportedly hit near the border"),
    ("state-media-source", "Source: RT"),
}


@pytest.fixture
def found(db):
    return [
        (c.label, SAMPLE[c.start : c.end], c.rule) for c in run_rules(SAMPLE, Context(registry()))
    ]


def test_it_finds_the_expected_spans(found):
    assert {(label, quote) for label, quote, _ in found} >= EXPECTED


def test_rt_is_suggested_once_from_the_source_line_and_not_from_the_retweet(found):
    state = [(quote, rule) for label, quote, rule in found if label == "state-media-source"]
    assert state == [("Source: RT", "source-line")]


def test_the_attribution_span_covers_source_and_cue_not_the_content(found):
    attributions = {quote for label, quote, _ in found if label == "attribution"}
    assert not any("fuel depots" in q for q in attributions)


def test_offsets_are_code_points_across_emoji_and_cjk(db):
    text = (
        "Officials 🚀 said the strikes hit only militant targets.\n\n"
        "外交部 spokesman Zhao told a media briefing that the claims were false."
    )
    found = {(c.label, text[c.start : c.end]) for c in run_rules(text, Context(registry()))}
    assert ("unverified-claim", "the strikes hit only militant targets") in found
    assert ("attribution", "外交部 spokesman Zhao told a media briefing") in found


def test_independent_public_media_are_not_state_media_sources(db):
    text = "The BBC reported the fire. Source: BBC"
    found = [c for c in run_rules(text, Context(registry())) if c.label == "state-media-source"]
    assert found == []


# The pattern source_lines() replaced (it backtracked quadratically): the reference on short text.
OLD_SOURCE_LINE = re.compile(
    r"(?:^[ \t]*|(?<=[.!?] ))(?P<line>(?:sources?|via)[ \t]*:[ \t]*(?P<name>[^\n]+?))[ \t.]*$",
    re.I | re.M,
)


PIECES = ["Source", "SOURCES", "via", "ſource", "re", ":", " ", "\t", "\n", ".", "!", "x", "RT"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=24).map("".join))
def test_source_lines_are_cut_where_the_old_pattern_cut_them_in_any_text(text):
    test_source_lines_are_cut_where_the_old_pattern_cut_them(text)


@pytest.mark.parametrize(
    "text",
    [
        "Source: RT",
        "Source: RT.\nmore",
        "  Sources:  TASS, RIA Novosti . .\n",
        "It burned. Via: Sputnik\nSource: RT. Source: TASS",
        "Source: . . . x",
        "Source:   \n",
        "Source:\nSource: RT",
        "via:RT\r\nSOURCE : CGTN ...",
        "The fire. source: . .",
        "no source: here",
        "Opensource: RT\nx.  Source: RT\nx\t Source: RT\n\t Source: RT",
        "ſource: RT. Sources : TASS! via: Sputnik",
        "Source" + " " * 50 + "x\nSource: \t . RT .. \t",
    ],
)
def test_source_lines_are_cut_where_the_old_pattern_cut_them(text):
    old = [
        (m.start("line"), m.start("name"), m.end("name"))
        for m in OLD_SOURCE_LINE.finditer(text)
        if m.group("name").strip(" \t.")
    ]
    assert list(source_lines(text)) == old


def test_an_undecided_shared_name_is_suggested_with_its_candidates(db):
    # "NTV": Russia's Gazprom Media, Nepal Television, Turkey's Dogus, all state media; the text
    # names no other outlet, so the reason lists them and the analyst picks one.
    text = "The strike was shown on television.\nSource: NTV\nLater NTV said more."
    found = [c for c in run_rules(text, Context(registry())) if c.label == "state-media-source"]
    assert [text[c.start : c.end] for c in found] == ["Source: NTV", "NTV"]
    assert all("one of" in c.why and "Gazprom Media" in c.why for c in found)
    assert all("Nepal" in c.why for c in found)
