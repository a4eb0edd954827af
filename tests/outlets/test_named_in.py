"""Registry.named_in: the outlet a state-media-source span's quote names, by dictionary look-up."""

from __future__ import annotations

import pytest

from newsannot.outlets.registry import registry


@pytest.mark.parametrize(
    ("quote", "name"),
    [
        ("Source: RT", "RT"),
        ("Sources: TASS, RIA Novosti", "TASS"),
        ("via Sputnik", "Sputnik"),
        ("RT", "RT"),
        ("told Russia Today's reporter", "RT"),
        ("Xinhua reported", "Xinhua"),
        ("“CGTN”", "CGTN"),
    ],
)
def test_it_finds_the_outlet_a_quote_names(db, quote, name):
    info = registry().named_in(quote)
    assert info is not None, quote
    assert info.name == name or name in info.aliases


@pytest.mark.parametrize(
    "quote", ["the ministry said", "art dealers told RT-PCR", "", "owners disagreed on air"]
)
def test_it_finds_nothing_where_no_outlet_is_named(db, quote):
    assert registry().named_in(quote) is None


def test_a_short_acronym_inside_a_sentence_is_not_a_name(db):
    # "RT" alone is RT; as one word among others it needs the regex's context rules, not ours.
    assert registry().named_in("they RT it") is None
