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
from collections.abc import Iterator

from newsannot.suggestions.rules import Candidate, Context
from newsannot.suggestions.rules.attribution import find
from newsannot.suggestions.rules.text import sentences, trim

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


def suggest(text: str, context: Context) -> Iterator[Candidate]:
    for found in find(text):
        if found.content is None:
            continue
        start, end = found.content
        content = text[start:end]
        if EVIDENCE.search(content):
            continue
        absolute = ABSOLUTE.search(content)
        if absolute:
            why = f"“{absolute.group(0)}” in what {found.speaker} {found.cue}, with no evidence"
            yield Candidate("unverified-claim", start, end, 0.75, "claim-attributed", why)
        elif found.cue in CLAIM_CUES:
            why = f"{found.speaker} {found.cue} it, with no evidence"
            yield Candidate("unverified-claim", start, end, 0.6, "claim-attributed", why)
    for sentence in sentences(text):
        hedge = HEDGE.search(sentence.text)
        if hedge:
            start, end = trim(text, sentence.start, sentence.end)
            why = f"hedged: “{hedge.group(0)}”"
            yield Candidate("unverified-claim", start, end, 0.5, "claim-hedged", why)
