"""Span offsets: `[start, end)` in Unicode code points of the stored text (Python str indices).

Browsers count UTF-16 code units; the script in static/newsannot/offsets.js converts before it
sends, and these functions are the server's side of the same conversion, tested on the same cases.
"""

from __future__ import annotations

from newsannot.lib.errors import Invalid, shown


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


def offset(name: str, value: object) -> int:
    """A span offset as sent: a whole, non-negative number (JSON's `true` is not one)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"{name} must be a whole number, not {shown(value)}.", field=name)
    if value < 0:
        raise Invalid(f"{name} ({shown(value)}) must not be negative.", field=name)
    return value


def check_offsets(length: int, start: object, end: object) -> tuple[int, int]:
    """Offsets that fit a text of `length` code points and cover at least one of them."""
    if type(start) is int and type(end) is int and 0 <= start < end <= length:
        return start, end  # the usual case in one test (an import checks hundreds of thousands)
    start, end = offset("start", start), offset("end", end)
    if end > length:
        raise Invalid(
            f"end ({shown(end)}) is past the end of the text ({length} characters).", field="end"
        )
    if start >= end:
        raise Invalid(
            f"start ({shown(start)}) must be less than end ({end}); a span covers at least one "
            "character.",
            field="start",
        )
    return start, end


def check_quote(text: str, start: int, end: int, quote: object) -> None:
    """The quote is exactly the text at [start, end)."""
    if not isinstance(quote, str):
        raise Invalid("quote must be the text the span covers.", field="quote")
    actual = text[start:end]
    if quote != actual:
        raise Invalid(
            f"quote does not match the text at [{start}, {end}): "
            f"the text there is {_show(actual)}, the quote sent was {_show(quote)}.",
            field="quote",
        )


def check_span(text: str, start: object, end: object, quote: object) -> tuple[int, int]:
    """Check offsets and quote against the text; each failure has its own message."""
    start, end = check_offsets(len(text), start, end)
    check_quote(text, start, end, quote)
    return start, end


# A span never begins or ends with whitespace, however it was drawn or moved. The browser trims
# a selection before it sends it (offsets.js rangeToSpan), for the picker to show what will be
# saved; this is the rule the server holds every new span and every boundary move to.
def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without the whitespace at its edges (offsets already checked)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise Invalid("A span covers at least one character that is not a space.", field="start")
    return start, end


def moved(text: str, was: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """A boundary move from `was` to [start, end), trimmed; an end moved outwards onto
    whitespace goes on past it to the next character, so that one step (Shift+arrow) grows the
    span by something visible instead of stopping on a space that trimming takes off again."""
    if start < was[0]:
        while start > 0 and text[start].isspace():
            start -= 1
    if end > was[1]:
        while end < len(text) and text[end - 1].isspace():
            end += 1
    return trimmed(text, start, end)
