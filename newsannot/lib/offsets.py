"""Span offsets: `[start, end)` in Unicode code points of the stored text (Python str indices).

Browsers count UTF-16 code units; the script in static/newsannot/offsets.js converts before it
sends, and these functions are the server's side of the same conversion, tested on the same cases.
"""

from __future__ import annotations

from newsannot.lib.errors import Invalid


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def codepoint_to_utf16(text: str, offset: int) -> int:
    return utf16_length(text[:offset])


def utf16_to_codepoint(text: str, offset: int) -> int:
    """The code point offset at a UTF-16 offset; one inside a surrogate pair is an error."""
    encoded = text.encode("utf-16-le")
    if offset < 0 or offset * 2 > len(encoded):
        raise Invalid(f"UTF-16 offset {offset} is outside the text.")
    prefix = encoded[: offset * 2]
    try:
        return len(prefix.decode("utf-16-le"))
    except UnicodeDecodeError:
        raise Invalid(f"UTF-16 offset {offset} falls inside a surrogate pair.") from None


def _show(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


def check_span(text: str, start: object, end: object, quote: object) -> tuple[int, int]:
    """Check offsets and quote against the text; each failure has its own message."""
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"{name} must be a whole number, not {value!r}.", field=name)
    assert isinstance(start, int) and isinstance(end, int)
    if start < 0:
        raise Invalid(f"start ({start}) must not be negative.", field="start")
    if end > len(text):
        raise Invalid(
            f"end ({end}) is past the end of the text ({len(text)} characters).", field="end"
        )
    if start >= end:
        raise Invalid(
            f"start ({start}) must be less than end ({end}); a span covers at least one character.",
            field="start",
        )
    if not isinstance(quote, str):
        raise Invalid("quote must be the text the span covers.", field="quote")
    actual = text[start:end]
    if quote != actual:
        raise Invalid(
            f"quote does not match the text at [{start}, {end}): "
            f"the text there is {_show(actual)}, the quote sent was {_show(quote)}.",
            field="quote",
        )
    return start, end
