"""state-media-source: a state-controlled or captured outlet named as a source.

Two rules:
- source-line: a "Source: X" / "Sources: X" / "Via: X" line naming a registry outlet; the span
  covers the whole line ("Source: RT"), as the label guideline's example does;
- outlet-mention: any other mention of a registry outlet or alias in the text, matched with the
  registry's word-boundary and case rules (see newsannot/outlets/registry.py: "RT @user", "art",
  "RT-PCR" are not RT). The span covers the name.
Only outlets typed state-controlled, captured public or captured private (or not typed at all)
are suggested: independent public media (BBC, NPR, …) are not what this label is about.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from newsannot.outlets.registry import OutletInfo
from newsannot.outlets.source_lines import source_lines
from newsannot.suggestions.rules import Candidate, Context


def _wanted(info: OutletInfo) -> bool:
    return info.is_controlled or not info.typology


def suggest(text: str, context: Context) -> Iterator[Candidate]:
    reg = context.registry
    covered: list[tuple[int, int]] = []
    # A name is looked up once however many lines repeat it, and an outlet described once.
    named: dict[str, OutletInfo | None] = {}
    described: dict[int, str] = {}

    def about(info: OutletInfo) -> str:
        if info.id not in described:
            described[info.id] = f"{info.name} ({info.typology_label}, {info.country})"
        return described[info.id]

    for start, name_start, end in source_lines(text):
        name = text[name_start:end]
        if name not in named:
            names = [m for m in reg.mentions(name) if _wanted(m.outlet)]
            named[name] = names[0].outlet if names else reg.by_name(name)
        info = named[name]
        if info is None or not _wanted(info):
            continue
        covered.append((start, end))
        yield Candidate(
            "state-media-source",
            start,
            end,
            0.95,
            "source-line",
            f"source line naming {about(info)}",
        )
    # Source lines come in reading order and do not overlap, so a mention inside one is found by
    # a binary search (a scan of them all for each mention was quadratic in a list of sources).
    starts = [s for s, _ in covered]
    for mention in reg.mentions(text):
        if not _wanted(mention.outlet):
            continue
        i = bisect_right(starts, mention.start) - 1
        if i >= 0 and mention.end <= covered[i][1]:
            continue
        info = mention.outlet
        score = 0.6 if len(mention.text) <= 3 else 0.8
        yield Candidate(
            "state-media-source",
            mention.start,
            mention.end,
            score,
            "outlet-mention",
            f"names {about(info)}",
        )
