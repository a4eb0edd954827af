"""Where a text says where it comes from: "Source: RT", "Sources: TASS, RIA", "Via: Sputnik".

One place for the outlet detection (outlets/services.py) and the state-media suggester
(suggestions/rules/state_media.py). Linear in the text: a single pattern with a lazy name before
`[ \\t.]*$` backtracked over a run of " ." once for every character before it (4.8 s at 50 KB).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# The word and its colon; that it starts a line or follows a sentence is checked in Python. A
# pattern that starts with these literals is found by a fast scan; one that starts with `^` or a
# lookbehind is tried at every position.
_LEAD = re.compile(r"(?:sources?|via)[ \t]*:[ \t]*", re.I)


def _starts_line_or_follows_sentence(text: str, at: int) -> bool:
    i = at
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    if i == 0 or text[i - 1] == "\n":
        return True
    return at >= 2 and text[at - 1] == " " and text[at - 2] in ".!?"


def source_lines(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, name start, end) of each "Source: X" line: it starts a line (after spaces or tabs)
    or follows ". ", "! ", "? "; it runs from "Source" to the line's last character that is not a
    space, tab or dot, and its name is what follows the colon and the spaces after it (at least
    one character). One per line, the first."""
    pos = 0
    while (lead := _LEAD.search(text, pos)) is not None:
        if not _starts_line_or_follows_sentence(text, lead.start()):
            pos = lead.start() + 1
            continue
        line_end = text.find("\n", lead.end())
        line_end = len(text) if line_end < 0 else line_end
        end = line_end
        while end > lead.end() and text[end - 1] in " \t.":
            end -= 1
        if end > lead.end():
            yield lead.start(), lead.end(), end
        pos = max(line_end, lead.end() + 1)
