"""Property tests: whatever the raw text, normalising keeps every kept character where the offset
map says, and a span given over the raw text lands on the same characters."""

from hypothesis import given, settings
from hypothesis import strategies as st

from newsannot.lib.offsets import check_span, codepoint_to_utf16, utf16_to_codepoint
from newsannot.lib.text import normalise

# Text that stresses the edges: astral characters, CR/LF in every combination, control
# characters, combining marks, CJK.
PIECES = st.sampled_from(
    [
        "a",
        "Z",
        " ",
        "\n",
        "\r",
        "\r\n",
        "\t",
        "\x00",
        "\x1b",
        "\x7f",
        "\x85",
        "\u0301",
        "外",
        "🚀",
        "👍🏽",
        "\u2028",
        "é",
    ]
)
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_every_kept_character_is_where_the_map_says(raw):
    n = normalise(raw)
    removed = set(n.removed)
    for i, char in enumerate(raw):
        if i in removed:
            continue
        assert n.text[n.map_offset(i)] == ("\n" if char == "\r" else char)
    assert n.map_offset(len(raw)) == len(n.text)
    assert "\r" not in n.text
    assert not any(ord(c) < 32 and c not in "\t\n" for c in n.text)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.data())
def test_a_raw_span_lands_on_the_same_characters(raw, data):
    n = normalise(raw)
    if not raw:
        return
    start = data.draw(st.integers(0, len(raw) - 1))
    end = data.draw(st.integers(start + 1, len(raw)))
    mapped = n.text[n.map_offset(start) : n.map_offset(end)]
    kept = "".join(
        "\n" if c == "\r" else c for i, c in enumerate(raw[start:end], start) if i not in n.removed
    )
    assert mapped == kept


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.data())
def test_utf16_offsets_round_trip_and_check_the_quote(raw, data):
    text = normalise(raw).text
    if not text:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    start16, end16 = codepoint_to_utf16(text, start), codepoint_to_utf16(text, end)
    assert (utf16_to_codepoint(text, start16), utf16_to_codepoint(text, end16)) == (start, end)
    assert check_span(text, start, end, text[start:end]) == (start, end)
