"""A deterministic corpus: the same seed gives the same articles and spans, byte for byte.

Articles read like state-media-sourced war reporting (sentences built from our own phrase lists,
outlets named in many ways, some in no registry), ≈ 4-6 k characters each with every
`long_every`-th article ≈ 100 k, non-ASCII text and emoji in places. Spans are as varied as a real
corpus's: random lengths at random words for every label (about half the state-media-source ones
around an outlet's mention, the rest anywhere), overlapping and nesting as they fall, so nearly
every quote is distinct.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

SPEAKERS = [
    "the Defence Ministry",
    "Lieutenant General Viktor Saltanov",
    "Foreign Ministry spokeswoman Irina Voronova",
    "a military source",
    "Energy Minister Pavel Kruglov",
    "spokesperson Zhao Wenhai (赵文海)",
    "Brigadier General Reza Fallahi",
    "Oleg Myasnikov, head of the electoral commission",
]
CUES = ["said", "told a media briefing", "claimed", "stressed", "added", "told reporters"]
CLAIMS = [
    "strikes hit only military targets",
    "the militants are fleeing in panic",
    "no civilian sites were affected",
    "the reports are a crude fabrication",
    "every vote was counted honestly",
    "supplies could resume tomorrow",
    "the patrols were fully lawful 👍",
    "the other side provoked the incident",
    "sanctions have never worked and never will",
    "the footage leaves no doubt",
]
OUTLETS = ["RT", "TASS", "Sputnik", "RIA Novosti", "CGTN", "Press TV", "Rossiya 24"]
FILLER = [
    "Independent monitors could not reach the area.",
    "Local residents described a different picture.",
    "Один из жителей сказал корреспонденту, что ситуация спокойная.",
    "外交部发言人表示，巡逻完全合法。",
    "The claims could not be independently verified 🎥.",
    "Photos shared by the Cafe\u0301 Ra\u0301ha collective appeared to show damage.",
    "Observers were not invited to the briefing.",
    "The ministry did not say how it had established this.",
]
LABELS = ["attribution", "unverified-claim", "state-media-source"]
STATUSES = ["approved"] * 5 + ["pending"] * 3 + ["rejected"] * 2


@dataclass
class GenSpan:
    start: int
    end: int
    label: str
    quote: str
    status: str


@dataclass
class GenArticle:
    index: int
    title: str
    text: str
    outlet: str
    url: str
    published_at: str
    external_id: str
    spans: list[GenSpan]


# How an outlet is named in running text; about half of the state-media-source spans sit on one
# of these (with a few words either side), the others on any words at all, as analysts' do.
MENTIONS = [
    "according to {}",
    "Source: {}",
    "{} reported",
    "told {}",
    "via {}",
    "{}'s correspondent said",
    "in an interview with {}",
]
# Registry outlets (the seeded State Media Matrix) and names that are in no registry.
NAMED = [*OUTLETS, "Xinhua", "Global Times", "Channel One", "Zvezda", "Al Mayadeen", "IRNA"]
UNKNOWN = ["the Volna Herald", "Radio Baltika", "the Morning Ledger", "a local channel"]
WORD = re.compile(r"\S+")


def _article(rng: random.Random, index: int, target_chars: int, spans_wanted: int) -> GenArticle:
    """Text from the phrase lists with outlets named in many ways, then `spans_wanted` spans of
    random length at random words (overlapping and nesting as they fall), labels at random."""
    outlet = rng.choice(OUTLETS)
    parts: list[str] = []
    mentions: list[tuple[int, int]] = []
    length = 0

    def add(fragment: str) -> None:
        nonlocal length
        parts.append(fragment)
        length += len(fragment)

    while length < target_chars:
        speaker, cue, claim = rng.choice(SPEAKERS), rng.choice(CUES), rng.choice(CLAIMS)
        add(f"{speaker[0].upper()}{speaker[1:]} {cue} that {claim}, ")
        name = rng.choice(NAMED if rng.random() < 0.8 else UNKNOWN)
        mention = rng.choice(MENTIONS).format(name)
        mentions.append((length, length + len(mention)))
        add(mention + ". ")
        add(rng.choice(FILLER) + " ")
        if rng.random() < 0.25:
            add("\n\n")
    add(f"\n\nSource: {outlet}\n")
    text = "".join(parts)
    words = [(m.start(), m.end()) for m in WORD.finditer(text)]
    starts = {start: i for i, (start, _) in enumerate(words)}
    spans: list[GenSpan] = []
    taken: set[tuple[str, int, int]] = set()
    while len(spans) < spans_wanted:
        label = rng.choice(LABELS)
        if label == "state-media-source" and rng.random() < 0.5:
            lo, hi = rng.choice(mentions)
            first = max(0, _word_at(words, starts, lo) - rng.randint(0, 3))
            last = min(len(words) - 1, _word_at(words, starts, lo) + rng.randint(0, 6))
            start, end = words[first][0], max(words[last][1], hi)
        else:
            first = rng.randrange(len(words))
            last = min(len(words) - 1, first + int(rng.expovariate(1 / 8)))
            start, end = words[first][0], words[last][1]
        if (label, start, end) in taken:
            continue
        taken.add((label, start, end))
        spans.append(GenSpan(start, end, label, text[start:end], rng.choice(STATUSES)))
    return GenArticle(
        index=index,
        title=f"{outlet}: report {index} on the offensive",
        text=text,
        outlet=outlet,
        url=f"https://example.org/bench/{index}",
        published_at=f"2025-{1 + index % 12:02d}-{1 + index % 28:02d}",
        external_id=f"bench-{index}",
        spans=spans,
    )


def _word_at(words: list[tuple[int, int]], starts: dict[int, int], offset: int) -> int:
    """The index of the word that starts at `offset` (a mention starts on a word)."""
    return starts[offset]


def articles(
    n: int, spans_per_article: int, *, seed: int = 2026, long_every: int = 0
) -> Iterator[GenArticle]:
    """N articles of ≈ 4-6 k characters (every `long_every`-th ≈ 100 k) with their spans."""
    rng = random.Random(seed)
    for index in range(n):
        long = long_every and index % long_every == long_every - 1
        target = 100_000 if long else rng.randint(4_000, 6_000)
        yield _article(rng, index, target, spans_per_article * (20 if long else 1))


def articles_for_spans(
    total: int, spans_per_article: int, *, seed: int = 2026, long_every: int = 100
) -> Iterator[GenArticle]:
    """Articles until exactly `total` spans: the last article's spans are cut to fit."""
    left = total
    for article in articles(10**9, spans_per_article, seed=seed, long_every=long_every):
        if left <= 0:
            return
        article.spans = article.spans[:left]
        left -= len(article.spans)
        yield article


def big_article(spans: int = 2_000, *, chars: int = 100_000, seed: int = 7) -> GenArticle:
    """One long article (the annotate-view benchmark) with `spans` spans."""
    article = _article(random.Random(seed), 0, chars, spans)
    article.external_id = f"bench-big-{chars}-{spans}"
    article.title = f"A long report ({chars:,} characters, {len(article.spans):,} spans)"
    article.url = f"https://example.org/bench/big-{chars}"
    return article


def jsonl_line(article: GenArticle, *, with_status: bool = True) -> bytes:
    """The article as one line of the importer's JSON Lines format."""
    line = {
        "title": article.title,
        "text": article.text,
        "url": article.url,
        "outlet": article.outlet,
        "published_at": article.published_at,
        "external_id": article.external_id,
        "spans": [
            {"start": s.start, "end": s.end, "label": s.label, "quote": s.quote}
            | ({"status": s.status} if with_status else {})
            for s in article.spans
        ],
    }
    return (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
