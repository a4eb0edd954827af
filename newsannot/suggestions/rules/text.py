"""Sentences and words with their offsets: what the rules walk over."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_WORD = re.compile(r"\S+")
_CLOSERS = "\"'”’»)"


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    text: str


def sentences(text: str) -> Iterator[Piece]:
    """Sentences, split after . ! ? (and any closing quotes) before a space, and at line breaks."""
    start = 0
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch == "\n" or (
            ch in ".!?" and (i + 1 == n or text[i + 1] in _CLOSERS or text[i + 1].isspace())
        ):
            end = i if ch == "\n" else i + 1
            while ch != "\n" and end < n and text[end] in _CLOSERS:
                end += 1
            yield from _piece(text, start, end)
            start = end
            i = end if end > i else i + 1
            continue
        i += 1
    yield from _piece(text, start, n)


def _piece(text: str, start: int, end: int) -> Iterator[Piece]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield Piece(start, end, text[start:end])


def words(text: str, start: int = 0, end: int | None = None) -> list[Piece]:
    end = len(text) if end is None else end
    return [Piece(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text, start, end)]


def trim(text: str, start: int, end: int, chars: str = " \t\n,;:.“”\"‘’'«»—-") -> tuple[int, int]:
    """Shrink [start, end) past punctuation and spaces at either edge."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end
