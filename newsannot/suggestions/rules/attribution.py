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

import re
from collections.abc import Iterator
from dataclasses import dataclass

from newsannot.suggestions.rules import Candidate, Context
from newsannot.suggestions.rules.text import Piece, sentences, trim, words

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


@dataclass(frozen=True)
class Attribution:
    start: int  # source and cue
    end: int
    cue: str
    speaker: str
    content: tuple[int, int] | None  # what was reported, if we can tell


def _speaker_word(word: str) -> bool:
    core = word.strip("“”\"‘’'()")
    if not core or core != word.rstrip("’'"):  # punctuation or a quote mark ends the speaker
        return False
    first = core[0]
    return first.isupper() or "\u3400" <= first <= "\u9fff" or core.lower() in TITLES


def _symbol(word: str) -> bool:
    return not any(ch.isalnum() for ch in word)


def _speaker_before(sentence_words: list[Piece]) -> list[Piece]:
    taken: list[Piece] = []
    for word in reversed(sentence_words):
        if len(taken) >= 7:
            break
        if _symbol(word.text):
            continue  # "Officials 🚀 said": an emoji does not end the speaker
        if not _speaker_word(word.text):
            break
        taken.insert(0, word)
    while taken and taken[0].text.lower() == "of":
        taken.pop(0)
    if taken and all(w.text.lower() in {"the", "of"} for w in taken):
        return []
    return taken


def find(text: str) -> Iterator[Attribution]:
    for sentence in sentences(text):
        yield from _in_sentence(text, sentence)


def _in_sentence(text: str, sentence: Piece) -> Iterator[Attribution]:
    s_start, s_end = sentence.start, sentence.end
    for match in _ACCORDING.finditer(text, s_start, s_end):
        who = match.group("who").split()[:8]
        end = match.start("who") + len(" ".join(who))
        start, end = trim(text, match.start(), end)
        yield Attribution(start, end, "according to", " ".join(who), None)
    for cue in _CUE.finditer(text, s_start, s_end):
        before = [w for w in words(text, s_start, cue.start()) if w.end <= cue.start()]
        speaker = _speaker_before(before)
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
            content = _content_before(text, s_start, start)
            if content is None and not text[end:s_end].lstrip().startswith(","):
                content = _content_after(text, end, s_end)
            yield Attribution(start, end, cue.group(0), text[start : speaker[-1].end], content)
            continue
        # Inverted: "…,” said the minister." The cue follows a comma or a closing quote.
        lead = text[s_start : cue.start()].rstrip()
        after = _SPEAKER_AFTER.match(text, cue.end(), s_end)
        if lead.endswith((",", "”", '"', ",”", ',"')) and after:
            start, stop = trim(text, cue.start(), after.end())
            yield Attribution(
                start,
                stop,
                cue.group(0),
                text[cue.end() : stop].strip(),
                _content_before(text, s_start, cue.start()),
            )


def _content_after(text: str, pos: int, s_end: int) -> tuple[int, int] | None:
    rest = text[pos:s_end]
    m = re.match(r"\s*(?:,\s*)?(?:that\s+)?", rest)
    start = pos + (m.end() if m else 0)
    start, end = trim(text, start, s_end)
    if end - start < 8 or text[start : start + 6].lower().startswith(("on ", "in ", "at ")):
        return None
    return start, end


def _content_before(text: str, s_start: int, speaker_start: int) -> tuple[int, int] | None:
    lead = text[s_start:speaker_start].rstrip()
    if not lead.endswith((",", ",”", ',"', "”")):
        return None
    start, end = trim(text, s_start, s_start + len(lead))
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
