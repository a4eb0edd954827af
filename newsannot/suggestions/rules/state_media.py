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

import re
from collections.abc import Iterator

from newsannot.suggestions.rules import Candidate, Context

_SOURCE_LINE = re.compile(
    r"(?:^[ \t]*|(?<=[.!?] ))(?P<line>(?:sources?|via)[ \t]*:[ \t]*(?P<name>[^\n]+?))[ \t.]*$",
    re.I | re.M,
)


def _wanted(info) -> bool:
    return info.is_controlled or not info.typology


def suggest(text: str, context: Context) -> Iterator[Candidate]:
    reg = context.registry
    covered: list[tuple[int, int]] = []
    for match in _SOURCE_LINE.finditer(text):
        names = [m for m in reg.mentions(match.group("name")) if _wanted(m.outlet)]
        info = names[0].outlet if names else reg.by_name(match.group("name"))
        if info is None or not _wanted(info):
            continue
        start, end = match.start("line"), match.end("line")
        covered.append((start, end))
        yield Candidate(
            "state-media-source",
            start,
            end,
            0.95,
            "source-line",
            f"source line naming {info.name} ({info.typology_label}, {info.country})",
        )
    for mention in reg.mentions(text):
        if not _wanted(mention.outlet):
            continue
        if any(s <= mention.start and mention.end <= e for s, e in covered):
            continue
        info = mention.outlet
        score = 0.6 if len(mention.text) <= 3 else 0.8
        yield Candidate(
            "state-media-source",
            mention.start,
            mention.end,
            score,
            "outlet-mention",
            f"names {info.name} ({info.typology_label}, {info.country})",
        )
