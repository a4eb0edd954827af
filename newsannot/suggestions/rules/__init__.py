"""Rule-based suggesters: text in, candidate spans out. Pure Python, each one explainable.

A suggester is a function `(text, context) -> Iterable[Candidate]`; offsets are code points of the
stored text, `[start, end)`, like spans. Add one by writing a module here and listing it in RULES.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from newsannot.outlets.registry import Registry


@dataclass(frozen=True)
class Candidate:
    label: str  # label key: "attribution", "unverified-claim", "state-media-source"
    start: int
    end: int
    score: float  # 0..1, how sure the rule is
    rule: str  # the rule's name, shown to the analyst and used in the quality report
    why: str = ""  # one line a person can check


@dataclass(frozen=True)
class Context:
    registry: Registry


_NONSPACE = re.compile(r"\S")

Suggester = Callable[[str, Context], Iterable[Candidate]]


def all_rules() -> list[Suggester]:
    from newsannot.suggestions.rules import attribution, claims, state_media

    return [state_media.suggest, attribution.suggest, claims.suggest]


def run_rules(text: str, context: Context) -> list[Candidate]:
    """Every rule's candidates, without exact duplicates, in reading order."""
    seen: dict[tuple[str, int, int], Candidate] = {}
    for rule in all_rules():
        for candidate in rule(text, context):
            # Not text[start:end].strip(): a copy of every candidate made this quadratic when
            # many candidates run to the end of one long sentence.
            if candidate.start >= candidate.end or not _NONSPACE.search(
                text, candidate.start, candidate.end
            ):
                continue
            key = (candidate.label, candidate.start, candidate.end)
            if key not in seen or seen[key].score < candidate.score:
                seen[key] = candidate
    return sorted(seen.values(), key=lambda c: (c.start, c.end, c.label))
