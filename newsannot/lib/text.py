"""Article text normalisation, done once on import, and the offset map it implies.

Normalising does exactly this and nothing else: `\r\n` and lone `\r` become `\n`; control
characters (Unicode category Cc) other than `\t` and `\n` are removed. No Unicode normalisation:
browsers do not do it either, and offsets must stay on the characters a person selected.

Every change is a removal of one code point (the `\r` of `\r\n`, a control character) or a
one-for-one replacement (a lone `\r`), so an offset over the raw text maps onto the normalised
text by subtracting the number of removed code points before it.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass

# Category Cc is exactly C0 (U+0000-U+001F), DEL and C1 (U+007F-U+009F). Kept: \t, \n; a lone
# \r becomes \n; the \r of \r\n goes.
_REMOVE_RE = re.compile("\r(?=\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Normalised:
    text: str
    removed: tuple[int, ...]  # raw indices of removed code points, ascending

    def map_offset(self, raw_offset: int) -> int:
        """Map an offset over the raw text onto the normalised text."""
        return raw_offset - bisect_left(self.removed, raw_offset)


def normalise(raw: str) -> Normalised:
    removed = tuple(m.start() for m in _REMOVE_RE.finditer(raw))
    text = _REMOVE_RE.sub("", raw).replace("\r", "\n")
    return Normalised(text=text, removed=removed)


def normalise_text(raw: str) -> str:
    return normalise(raw).text


def content_hash(text: str) -> str:
    """The identity of an article's text within a project (sha256 of its UTF-8 bytes)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
