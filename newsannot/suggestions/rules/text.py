"""Sentences and words with their offsets: what the rules walk over.

Everything here is one regular-expression pass over the text plus work per piece found; the
rules ask for the sentence around a hit (a cue word, a hedge) rather than walk every sentence of
a 200 KB article in Python.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import NamedTuple

WORD = re.compile(r"\S+")
_CLOSERS = "\"'”’»)"
# A sentence ends at a line break, or after . ! ? followed by closing quotes (taken with it), a
# space or the end of the text.
_BREAK = re.compile(r"\n|[.!?](?:[\"'”’»)]+|(?=\s)|\Z)")


class Piece(NamedTuple):  # a tuple: the rules make one per word, and a dataclass costs 3x more
    start: int
    end: int
    text: str


class Sentences:
    """Where a text's sentences are, found once; a sentence is built only when asked for."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Piece k runs from cuts[k] to cuts[k + 1]: after . ! ? and its closers, or at a line
        # break (the break itself starts the next piece, which strips it).
        cuts = [m.start() if m.group(0) == "\n" else m.end() for m in _BREAK.finditer(text)]
        self.cuts = [0, *cuts, len(text)]

    def __iter__(self) -> Iterator[Piece]:
        for k in range(len(self.cuts) - 1):
            piece = _piece(self.text, self.cuts[k], self.cuts[k + 1])
            if piece is not None:
                yield piece

    def index(self, pos: int) -> int:
        """The number of the piece that holds position `pos`."""
        return min(bisect_right(self.cuts, pos), len(self.cuts) - 1) - 1

    def piece(self, k: int) -> Piece | None:
        """Piece k, stripped of spaces; None if it holds nothing else."""
        return _piece(self.text, self.cuts[k], self.cuts[k + 1])

    def around(self, positions: Iterator[int]) -> Iterator[Piece]:
        """Each sentence that holds one of these positions (in reading order), once."""
        last = -1
        for pos in positions:
            k = self.index(pos)
            if k != last:
                last = k
                piece = self.piece(k)
                if piece is not None and piece.start <= pos < piece.end:
                    yield piece


def sentences(text: str) -> Iterator[Piece]:
    """Sentences, split after . ! ? (and any closing quotes) before a space, and at line breaks."""
    return iter(Sentences(text))


def _piece(text: str, start: int, end: int) -> Piece | None:
    segment = text[start:end]
    stripped = segment.strip()
    if not stripped:
        return None
    start += len(segment) - len(segment.lstrip())
    return Piece(start, start + len(stripped), stripped)


def words(text: str, start: int = 0, end: int | None = None) -> list[Piece]:
    end = len(text) if end is None else end
    return [Piece(m.start(), m.end(), m.group(0)) for m in WORD.finditer(text, start, end)]


# What trim() takes off a span's edges.
TRIM = " \t\n,;:.“”\"‘’'«»—-"


def trim(text: str, start: int, end: int, chars: str = TRIM) -> tuple[int, int]:
    """Shrink [start, end) past punctuation and spaces at either edge."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end
