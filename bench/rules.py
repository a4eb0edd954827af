"""The suggestion rules on hostile text: articles built to make a careless rule quadratic.

Each text repeats one pattern up to about `size` characters: cue words with and without a
speaker, one long line with no sentence end, runs of quotes, no spaces at all, a "Source:" line
of " ." runs, a list of sources. tests/suggestions/test_rules_linear.py counts the rules' work on
them at two sizes; the bench times all rules on each at 200 KB.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass


def _repeat(unit: str, size: int, tail: str = "") -> str:
    return unit * max(1, (size - len(tail)) // len(unit)) + tail


def _one_line(size: int) -> str:
    """Words of news prose with cues, names and quotes, and no sentence end or line break."""
    rng = random.Random(12)
    vocabulary = [
        "the",
        "Defence",
        "Ministry",
        "said",
        "on",
        "Monday",
        "that",
        "all",
        "targets",
        "were",
        "military",
        ",",
        "Putin",
        "told",
        "RT",
        "according",
        "to",
        "officials",
        "“",
        "”",
        "Source:",
        "TASS",
        "reportedly",
        "claimed",
        "only",
        "residents",
        "of",
        "the",
        "city",
    ]
    out: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(vocabulary)
        out.append(word)
        length += len(word) + 1
    return " ".join(out)


def hostile_texts(size: int) -> dict[str, str]:
    """Name → a text of about `size` characters."""
    return {
        "cue words": _repeat("said ", size),
        "speaker and cue": _repeat("Officials said all ", size),
        "speaker, cue, comma": _repeat("The Ministry said, ", size),
        "told a channel": _repeat("Putin told Russia Today TV on Monday ", size),
        "inverted quotes": _repeat("“All lies,” said the Minister ", size),
        "runs of quotes": _repeat("“", size // 2) + _repeat("” said ", size // 2),
        "one long line": _one_line(size),
        "no spaces": _repeat("Putin,said,", size),
        "no spaces, letters": "a" * size,
        "symbols before a cue": _repeat("🚀 ", size, " Officials said"),
        "spaces before a cue": _repeat(" ", size, "x, said the Minister"),
        "Source: and dots": "Source:" + _repeat(" .", size, " x"),
        "Source: and spaces": "Source: RT" + " " * (size - 11) + "x",
        "source lines": _repeat("Source: RT\n", size),
        "outlet names": _repeat("RT Russia Today Sputnik TASS ", size),
        "hedges": _repeat("reportedly ", size),
        "according to": _repeat("according to ", size),
    }


@dataclass
class RulesResult:
    name: str
    chars: int
    seconds: float  # wall clock
    cpu: float  # this process's CPU time: what the rules cost when the machine is shared
    suggestions: int
    quoted: int  # characters of all their quotes: what storing them costs


def run(size: int = 200_000) -> list[RulesResult]:
    """Every rule together on each hostile text, in process (the registry already loaded)."""
    from newsannot.outlets.registry import registry
    from newsannot.suggestions.rules import Context, run_rules

    context = Context(registry())
    run_rules("Warm-up: the Defence Ministry said. Source: RT", context)  # compile the patterns
    results = []
    for name, text in hostile_texts(size).items():
        started, cpu = time.perf_counter(), time.process_time()
        found = run_rules(text, context)
        results.append(
            RulesResult(
                name,
                len(text),
                time.perf_counter() - started,
                time.process_time() - cpu,
                len(found),
                sum(c.end - c.start for c in found),
            )
        )
        print(
            f"  {name}: {results[-1].seconds:.3f} s ({results[-1].cpu:.3f} s CPU), "
            f"{len(found):,} suggestions",
            flush=True,
        )
    return results
