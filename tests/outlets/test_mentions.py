from __future__ import annotations

import pytest

from newsannot.outlets.registry import registry
from newsannot.outlets.selectors import outlet_named_in


def names(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.outlet.name) for m in registry().mentions(text)]


def test_it_finds_rt_in_a_source_line(db):
    assert names("Source: RT") == [("RT", "RT")]


@pytest.mark.parametrize(
    "text",
    [
        "RT @kremlinwatch: the strikes hit only militant targets",  # a retweet
        "Modern art and craft fairs are back.",  # "rt" inside words
        "The Rt Hon member for Kent said so.",  # other case
        "See https://rt.com/news/x for the text.",  # inside a URL
        "The RT-PCR test came back negative.",  # RT in another sense
        "Follow #RT for updates.",
    ],
)
def test_it_does_not_match_rt_blindly(db, text):
    assert [n for n in names(text) if n[1] == "RT"] == []


@pytest.mark.parametrize(
    "text",
    ["He told RT on Monday.", "according to RT, the bridge fell", "RT reported the attack."],
)
def test_it_matches_rt_in_a_newsroom_context(db, text):
    assert ("RT", "RT") in names(text)


def test_longer_names_match_without_context_and_win_over_their_parts(db):
    assert names("A Russia Today presenter") == [("Russia Today", "RT")]
    assert names("Footage aired on RT Deutsch.") == [("RT Deutsch", "RT")]


def test_outlet_named_in_returns_the_outlet_a_quote_names(db):
    assert outlet_named_in("Source: RT").name == "RT"
    assert outlet_named_in("the ministry said") is None
