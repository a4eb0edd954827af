import pytest

from newsannot.lib.errors import Invalid
from newsannot.lib.offsets import check_span, codepoint_to_utf16, utf16_to_codepoint

TEXT = "Hi 🚀 外交部 Cafe\u0301 ok"


@pytest.mark.parametrize(
    ("phrase", "utf16_start"),
    [
        ("🚀", 3),  # before the emoji: code points and UTF-16 agree
        ("外交部", 6),  # after the emoji: UTF-16 is one ahead
        ("Cafe\u0301", 10),
        ("ok", 16),  # the combining accent is one code point and one UTF-16 unit
    ],
)
def test_it_converts_between_utf16_and_code_points(phrase, utf16_start):
    start = TEXT.index(phrase)
    assert codepoint_to_utf16(TEXT, start) == utf16_start
    assert utf16_to_codepoint(TEXT, utf16_start) == start


def test_it_refuses_an_offset_inside_a_surrogate_pair():
    with pytest.raises(Invalid, match="inside a surrogate pair"):
        utf16_to_codepoint(TEXT, 4)


def test_it_refuses_an_offset_past_the_text():
    with pytest.raises(Invalid, match="outside the text"):
        utf16_to_codepoint(TEXT, 100)


def test_it_accepts_a_span_whose_quote_matches():
    start = TEXT.index("外交部")
    assert check_span(TEXT, start, start + 3, "外交部") == (start, start + 3)


@pytest.mark.parametrize(
    ("start", "end", "quote", "message"),
    [
        (-1, 2, "H", "start (-1) must not be negative"),
        (0, 99, "x", "end (99) is past the end of the text (17 characters)"),
        (3, 3, "", "start (3) must be less than end (3)"),
        (5, 2, "", "start (5) must be less than end (2)"),
        ("0", 2, "Hi", "start must be a whole number, not '0'"),
        (0, 2.0, "Hi", "end must be a whole number, not 2.0"),
        (True, 2, "Hi", "start must be a whole number"),
        (0, 2, None, "quote must be the text the span covers"),
        (0, 2, "Ho", "quote does not match the text at [0, 2): the text there is 'Hi'"),
    ],
)
def test_it_names_what_is_wrong_with_a_span(start, end, quote, message):
    with pytest.raises(Invalid) as caught:
        check_span(TEXT, start, end, quote)
    assert message in caught.value.message


def test_a_quote_off_by_the_emoji_does_not_match():
    # A client that sent UTF-16 offsets as if they were code points lands one character late.
    start16 = codepoint_to_utf16(TEXT, TEXT.index("外交部"))
    with pytest.raises(Invalid, match="quote does not match"):
        check_span(TEXT, start16, start16 + 3, "外交部")
