"""unverified-claim: what an interested party asserts, with nothing offered to check it.

Two rules:
- claim-attributed: the content of an attribution (see attribution.py) when it makes an absolute
  claim ("only", "all", "never", "no doubt" …) or its verb casts it as a claim ("claimed",
  "insisted", "denied" …), and it carries no evidence marker ("footage", "data", "documents",
  "satellite images", "independently verified" …);
- claim-hedged: a sentence that hedges its own claim ("reportedly", "allegedly", "sources say",
  "it is claimed", "unconfirmed reports").
Absolute words outside attributed content are left alone: "all" and "only" are too common.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from newsannot.suggestions.rules import Candidate, Context
from newsannot.suggestions.rules.attribution import find
from newsannot.suggestions.rules.text import Sentences, trim

ABSOLUTE = re.compile(
    r"\b(?:only|all|never|every|always|none|nothing|nobody|no one|no doubt|entirely|completely|"
    r"totally|absolutely|100%)\b",
    re.I,
)
EVIDENCE = re.compile(
    r"\b(?:footage|video|data|documents?|images?|photos?|photographs?|satellite|records|"
    r"verified|evidence|figures|report by|confirmed by|independently)\b",
    re.I,
)
CLAIM_CUES = {
    "claimed",
    "claims",
    "insisted",
    "insists",
    "alleged",
    "alleges",
    "asserted",
    "maintained",
    "denied",
}
HEDGE = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|supposedly|sources (?:say|said|claim)|"
    r"it is (?:claimed|believed|alleged)|unconfirmed reports?|is said to|are said to)\b",
    re.I,
)


class _Everywhere:
    """Every place a pattern matches in the text, found in one pass; then "the first match inside
    [start, end)" is a binary search. Searching each attribution's content apart was quadratic:
    the contents of many cues in one sentence all run to its end.

    Like pattern.search(text, start, end), except that a match must lie inside [start, end) of
    the whole text rather than of a copy of that slice; contents start and end at word
    boundaries, where the two agree."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        # A lookahead matches at every position, overlapping ones included, in one scan.
        anywhere = re.compile(f"(?=({pattern.pattern}))", pattern.flags)
        self.found = [(m.start(), m.end(1)) for m in anywhere.finditer(text)]
        self.starts = [start for start, _ in self.found]
        self.text = text

    def first(self, start: int, end: int) -> str | None:
        for i in range(bisect_left(self.starts, start), len(self.found)):
            at, stop = self.found[i]
            if at >= end:
                return None
            if stop <= end:
                return self.text[at:stop]
        return None


# Claims from one sentence's attributions. Each runs from its cue to the sentence's end (or from
# its start to the cue), so a sentence of n cues would give n claims of n words each: 1 GB of
# quotes for a 200 KB "Officials said all …". Prose has one or two.
MAX_PER_SENTENCE = 5


def suggest(text: str, context: Context) -> Iterator[Candidate]:
    evidence = absolutes = None
    per_sentence: dict[int, int] = {}
    for found in find(text):
        if found.content is None:
            continue
        per_sentence[found.sentence] = per_sentence.get(found.sentence, 0) + 1
        if per_sentence[found.sentence] > MAX_PER_SENTENCE:
            continue
        if evidence is None:
            evidence, absolutes = _Everywhere(EVIDENCE, text), _Everywhere(ABSOLUTE, text)
        start, end = found.content
        if evidence.first(start, end) is not None:
            continue
        absolute = absolutes.first(start, end)
        if absolute:
            why = f"“{absolute}” in what {found.speaker} {found.cue}, with no evidence"
            yield Candidate("unverified-claim", start, end, 0.75, "claim-attributed", why)
        elif found.cue in CLAIM_CUES:
            why = f"{found.speaker} {found.cue} it, with no evidence"
            yield Candidate("unverified-claim", start, end, 0.6, "claim-attributed", why)
    # The first hedge of each sentence that has one: a hedge never spans a sentence's end, so
    # one search of the whole text finds them all.
    split, last = Sentences(text), -1
    for hedge in HEDGE.finditer(text):
        k = split.index(hedge.start())
        sentence = split.piece(k) if k != last else None
        last = k
        if sentence is not None:
            start, end = trim(text, sentence.start, sentence.end)
            why = f"hedged: “{hedge.group(0)}”"
            yield Candidate("unverified-claim", start, end, 0.5, "claim-hedged", why)
