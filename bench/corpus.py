"""A deterministic corpus: the same seed gives the same articles and spans, byte for byte.

Articles read like state-media-sourced war reporting (sentences built from our own phrase lists),
≈ 4-6 k characters each with every `long_every`-th article ≈ 100 k, non-ASCII text and emoji in
places, and spans over the three default labels that overlap and nest.
"""

from __future__ import annotations

import json
import random
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


def _article(rng: random.Random, index: int, target_chars: int, spans_wanted: int) -> GenArticle:
    outlet = rng.choice(OUTLETS)
    parts: list[str] = []
    spans: list[GenSpan] = []
    length = 0

    def add(fragment: str, label: str | None = None) -> None:
        nonlocal length
        if label:
            spans.append(GenSpan(length, length + len(fragment), label, fragment, "pending"))
        parts.append(fragment)
        length += len(fragment)

    while length < target_chars:
        speaker, cue, claim = rng.choice(SPEAKERS), rng.choice(CUES), rng.choice(CLAIMS)
        sentence_start = length
        add(speaker[0].upper() + speaker[1:] + " ")
        add(cue, "attribution")
        add(" that ")
        add(claim, "unverified-claim")
        add(", according to ")
        add(outlet, "state-media-source")
        add(". ")
        # A nested span: the whole sentence as an attribution over the smaller ones.
        if rng.random() < 0.3:
            spans.append(
                GenSpan(
                    sentence_start,
                    length - 1,
                    "attribution",
                    "".join(parts)[sentence_start : length - 1],
                    "pending",
                )
            )
        add(rng.choice(FILLER) + " ")
        if rng.random() < 0.25:
            add("\n\n")
    add("\n\nSource: ")
    add(outlet, "state-media-source")
    add("\n")
    text = "".join(parts)
    # Keep exactly `spans_wanted` (the spans are spread over the text), each with a status.
    if len(spans) > spans_wanted:
        step = len(spans) / spans_wanted
        spans = [spans[int(i * step)] for i in range(spans_wanted - 1)] + [spans[-1]]
    for span in spans:
        span.status = rng.choice(STATUSES)
        span.quote = text[span.start : span.end]
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
