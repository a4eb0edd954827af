"""Where a text says where it comes from: "Source: RT", "Sources: TASS, RIA", "Via: Sputnik".

One place for the outlet detection (outlets/services.py) and the state-media suggester
(suggestions/rules/state_media.py). Linear in the text: a single pattern with a lazy name before
`[ \\t.]*$` backtracked over a run of " ." once for every character before it (4.8 s at 50 KB).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Found from its colon: str.find scans for ":" at C speed, and only the few characters before a
# colon are looked at, where a case-insensitive search for the words looked at every character
# (127 of the 130 ms of CPU that detecting 1,000 articles' outlets took; 7 now). `\Z` with
# search()'s endpos: the word ends where the spaces before the colon begin.
_WORD = re.compile(r"(?:sources?|via)\Z", re.I)
_LONGEST = len("sources")


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
    one character). One per line, the first.

    Linear: each colon looks back over the spaces and tabs since the character before it (never
    past an earlier colon) and at most seven characters more; each line is walked once."""
    pos = 0
    while (colon := text.find(":", pos)) >= 0:
        word_end = colon
        while word_end > pos and text[word_end - 1] in " \t":
            word_end -= 1
        word = _WORD.search(text, max(pos, word_end - _LONGEST), word_end)
        if word is None or not _starts_line_or_follows_sentence(text, word.start()):
            pos = colon + 1
            continue
        name = colon + 1
        while name < len(text) and text[name] in " \t":
            name += 1
        line_end = text.find("\n", name)
        line_end = len(text) if line_end < 0 else line_end
        end = line_end
        while end > name and text[end - 1] in " \t.":
            end -= 1
        if end > name:
            yield word.start(), name, end
        pos = max(line_end, name + 1)
