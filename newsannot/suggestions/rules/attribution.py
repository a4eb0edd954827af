"""attribution: who is said to have said it.

The span covers the *source and the cue*: "the Defence Ministry said on Thursday",
"Lieutenant General Viktor Saltanov told a media briefing", "according to the ministry",
"…,” said Lavrov". The reported content is left out on purpose: it is what the unverified-claim
rule looks at, and labelling both in one span would make the two labels overlap by default.
`find()` returns the content too, so that rule can reuse the parse.

How: find a reporting verb, walk back over the words of its sentence that can make up a speaker
(capitalised words, CJK words, titles like "spokesman", "the"/"of" inside a name) and stop at
punctuation or any other word; then take what the verb commonly carries ("told a media briefing",
"told RT", "said on Thursday", "said in a statement"). With no speaker before the verb, a speaker
after it counts in the inverted form ("…,” said the minister").
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from typing import NamedTuple

from newsannot.suggestions.rules import Candidate, Context
from newsannot.suggestions.rules.text import TRIM, WORD, Piece, Sentences, trim

RULE = "attribution-cue"
CUES = (
    "said|says|told|tells|added|adds|claimed|claims|stressed|stresses|stated|states|insisted|"
    "insists|announced|warned|noted|explained|argued|alleged|alleges|confirmed|denied|declared|"
    "asserted|maintained|emphasised|emphasized|reiterated"
)
_CUE = re.compile(rf"\b(?:{CUES})\b")
_ACCORDING = re.compile(r"\baccording to\s+(?P<who>[^,.;:!?\n“”\"]{2,80})", re.I)
TITLES = {
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "ministry",
    "official",
    "officials",
    "general",
    "president",
    "ambassador",
    "commander",
    "colonel",
    "lieutenant",
    "deputy",
    "foreign",
    "defence",
    "defense",
    "military",
    "army",
    "police",
    "authorities",
    "government",
    "agency",
    "sources",
    "source",
    "analysts",
    "experts",
    "residents",
    "witnesses",
    "activists",
    "prime",
    "head",
    "chief",
    "governor",
    "mayor",
    "envoy",
    "representative",
    "statement",
    "press",
    "secretary",
    "office",
    "service",
    "the",
    "of",
}
PRONOUNS = {"he", "she", "they", "it", "we"}
_TOLD = re.compile(
    r"\s+(?:(?:a|the)\s+)?(?:(?:news|press|media)\s+(?:conference|briefing)|briefing|reporters|"
    r"journalists|parliament|lawmakers|state\s+(?:television|TV|media)|"
    r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}(?:\s+(?:channel|TV|television|radio|newspaper))?)"
)
_WHEN = re.compile(
    r"\s+(?:on|last)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week)\b|"
    r"\s+in\s+an?\s+(?:[\w-]+\s+)?(?:statement|interview|address|post|speech)\b|"
    r"\s+at\s+a\s+(?:[\w-]+\s+)?(?:news\s+conference|press\s+conference|briefing)\b"
)
_SPEAKER_AFTER = re.compile(
    r"\s+(?:(?:the|a)\s+)?(?:[A-Z][\w’'.-]*|[\u3400-\u9fff]+)(?:\s+(?:[A-Z][\w’'.-]*|of|the))*"
)


class Attribution(NamedTuple):
    start: int  # source and cue
    end: int
    cue: str
    speaker: str
    content: tuple[int, int] | None  # what was reported, if we can tell
    sentence: int = 0  # where its sentence starts


_ALNUM = re.compile(r"[^\W_]")  # str.isalnum(), for one character


def _speaker_word(word: str) -> bool:
    core = word.strip("“”\"‘’'()")
    if not core or core != word.rstrip("’'"):  # punctuation or a quote mark ends the speaker
        return False
    first = core[0]
    return first.isupper() or "\u3400" <= first <= "\u9fff" or core.lower() in TITLES


def _symbol(word: str) -> bool:
    return _ALNUM.search(word) is None


# A word glued to its cue ("Putin,said") longer than this is no one's name: looking at it would
# copy a long run of text once for every cue inside it.
_MAX_WORD = 100


def _speaker_before(text: str, spans: list[tuple[int, int]], i: int, cue_start: int) -> list[Piece]:
    """The speaker's words just before a cue: walking back over at most seven of the sentence's
    words (and any symbols between them), never over the whole sentence again for each cue (a
    sentence of 4,000 "said" took 12 s that way). `spans` are the sentence's words, `i` the
    number of them that end at or before the cue; a word the cue is glued to counts up to it."""
    taken: list[Piece] = []
    if i < len(spans) and spans[i][0] < cue_start:  # glued: "Putin,said"
        if cue_start - spans[i][0] > _MAX_WORD:
            return []
        span: tuple[int, int] | None = (spans[i][0], cue_start)
    else:
        span = spans[i - 1] if i > 0 else None
        i -= 1
    while span is not None and len(taken) < 7:
        word = text[span[0] : span[1]]
        if not _symbol(word):  # "Officials 🚀 said": an emoji does not end the speaker
            if not _speaker_word(word):
                break
            taken.append(Piece(span[0], span[1], word))
        span = spans[i - 1] if i > 0 else None
        i -= 1
    taken.reverse()
    while taken and taken[0].text.lower() == "of":
        taken.pop(0)
    if taken and all(w.text.lower() in {"the", "of"} for w in taken):
        return []
    return taken


# The one text whose attributions were found last: the attribution and the claim rules both
# ask for them, one after the other, in run_rules.
_last: tuple[str, list[Attribution]] | None = None


def find(text: str) -> list[Attribution]:
    global _last
    last = _last
    if last is not None and last[0] is text:
        return last[1]
    found: list[Attribution] = []
    # Only the sentences with a cue or "according to" in them, each once.
    hits = heapq.merge(
        (m.start() for m in _CUE.finditer(text)), (m.start() for m in _ACCORDING.finditer(text))
    )
    for sentence in Sentences(text).around(hits):
        found.extend(a._replace(sentence=sentence.start) for a in _in_sentence(text, sentence))
    _last = (text, found)
    return found


def _in_sentence(text: str, sentence: Piece) -> Iterator[Attribution]:
    s_start, s_end = sentence.start, sentence.end
    for match in _ACCORDING.finditer(text, s_start, s_end):
        who = match.group("who").split()[:8]
        end = match.start("who") + len(" ".join(who))
        start, end = trim(text, match.start(), end)
        yield Attribution(start, end, "according to", " ".join(who), None)
    spans: list[tuple[int, int]] | None = None  # the sentence's words, found once
    edges = _Edges(text, s_start, s_end)
    i = 0
    for cue in _CUE.finditer(text, s_start, s_end):
        if spans is None:
            spans = [m.span() for m in WORD.finditer(text, s_start, s_end)]
        while i < len(spans) and spans[i][1] <= cue.start():
            i += 1
        speaker = _speaker_before(text, spans, i, cue.start())
        end = cue.end()
        if cue.group(0) in {"told", "tells"}:
            told = _TOLD.match(text, end, s_end)
            if told:
                end = told.end()
        when = _WHEN.match(text, end, s_end)
        if when:
            end = when.end()
        if speaker:
            start = speaker[0].start
            # "X, Saltanov said, adding …": a comma after the cue means the content came first.
            content = _content_before(text, edges, start)
            if content is None and not _starts_with_comma(text, end, s_end):
                content = _content_after(text, edges, end)
            yield Attribution(start, end, cue.group(0), text[start : speaker[-1].end], content)
            continue
        # Inverted: "…,” said the minister." The cue follows a comma or a closing quote.
        lead_end = _rstrip_end(text, s_start, cue.start())
        after = _SPEAKER_AFTER.match(text, cue.end(), s_end)
        if lead_end > s_start and text[lead_end - 1] in ',”"' and after:
            start, stop = trim(text, cue.start(), after.end())
            yield Attribution(
                start,
                stop,
                cue.group(0),
                text[cue.end() : stop].strip(),
                _content_before(text, edges, cue.start()),
            )


# Every cue of a sentence asks where its content starts or ends; these look at the few
# characters next to a position, never copy the rest of the sentence (which made many cues in
# one sentence quadratic).
_LEAD_IN = re.compile(r"\s*(?:,\s*)?(?:that\s+)?")


class _Edges:
    """A sentence's ends with punctuation and spaces trimmed, each found once for all its cues."""

    def __init__(self, text: str, s_start: int, s_end: int) -> None:
        self.text, self.s_start, self.s_end = text, s_start, s_end
        self._first: int | None = None
        self._last: int | None = None

    @property
    def first(self) -> int:  # the sentence's first character that trim() keeps
        if self._first is None:
            i = self.s_start
            while i < self.s_end and self.text[i] in TRIM:
                i += 1
            self._first = i
        return self._first

    @property
    def last(self) -> int:  # one past the sentence's last character that trim() keeps
        if self._last is None:
            i = self.s_end
            while i > self.s_start and self.text[i - 1] in TRIM:
                i -= 1
            self._last = i
        return self._last


def _rstrip_end(text: str, lo: int, hi: int) -> int:
    """The end of text[lo:hi].rstrip(), without copying it."""
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return hi


def _starts_with_comma(text: str, pos: int, end: int) -> bool:
    """text[pos:end].lstrip().startswith(","), without copying it."""
    while pos < end and text[pos].isspace():
        pos += 1
    return pos < end and text[pos] == ","


def _content_after(text: str, edges: _Edges, pos: int) -> tuple[int, int] | None:
    m = _LEAD_IN.match(text, pos, edges.s_end)
    start = m.end() if m else pos
    # trim(text, start, s_end), with the sentence's trimmed end found once.
    while start < edges.s_end and text[start] in TRIM:
        start += 1
    end = max(edges.last, start)
    if end - start < 8 or text[start : start + 6].lower().startswith(("on ", "in ", "at ")):
        return None
    return start, end


def _content_before(text: str, edges: _Edges, speaker_start: int) -> tuple[int, int] | None:
    lead_end = _rstrip_end(text, edges.s_start, speaker_start)
    last = text[lead_end - 1] if lead_end > edges.s_start else ""
    pair = text[lead_end - 2 : lead_end] if lead_end - 2 >= edges.s_start else ""
    if last not in {",", "”"} and pair != ',"':
        return None
    # trim(text, s_start, lead_end), with the sentence's trimmed start found once.
    start, end = min(edges.first, lead_end), lead_end
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return (start, end) if end - start >= 8 else None


def suggest(text: str, context: Context) -> Iterator[Candidate]:
    for found in find(text):
        pronoun = found.speaker.lower() in PRONOUNS
        score = 0.4 if pronoun else 0.8 if found.cue != "according to" else 0.7
        yield Candidate(
            "attribution",
            found.start,
            found.end,
            score,
            RULE,
            f"“{found.cue}” with its source “{found.speaker}”",
        )
