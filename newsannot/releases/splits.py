"""Which split each article of a release goes to: by article, stratified by outlet, seeded.

Articles an earlier release of the project held keep the split they had there. The others are
grouped by outlet (the article's own `outlet` field; "" for none); each group, in id order, is
shuffled by a generator seeded with the release's seed and the outlet's name, and dealt out in
proportion to the fractions: the i-th of n goes to the first split whose cumulative fraction
passes (i + 0.5) / n. So every outlet with enough articles appears in every split, and the same
seed over the same articles gives the same splits on any machine (random.Random is specified).
Linear in the articles, after one sort per outlet.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping

from newsannot.lib.errors import Invalid

SPLIT_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-")


def check_fractions(split: object) -> dict[str, float]:
    """The split fractions as asked: names to positive numbers that add up to 1."""
    if not isinstance(split, dict) or not split:
        raise Invalid('split must be an object like {"train": 0.8, "dev": 0.1, "test": 0.1}.')
    if len(split) > 10:
        raise Invalid("split may name at most 10 parts.", field="split")
    out = {}
    for name, value in split.items():
        if not name or len(name) > 32 or not set(name) <= SPLIT_NAME_CHARS:
            raise Invalid(
                f"Split name {name[:40]!r} must be 1-32 of a-z, 0-9, _ and -.", field="split"
            )
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
            raise Invalid(f"The fraction of {name!r} must be a number in (0, 1].", field="split")
        out[name] = float(value)
    if abs(sum(out.values()) - 1) > 1e-6:
        raise Invalid("The split fractions must add up to 1.", field="split")
    return out


def assign(
    articles: Iterable[tuple[int, str]],
    fractions: Mapping[str, float],
    seed: int,
    earlier: Mapping[int, str] | None = None,
) -> dict[int, str]:
    """{article id: split} for (id, outlet) pairs; `earlier` holds splits already given."""
    earlier = earlier or {}
    names = list(fractions)
    cumulative, total = [], 0.0
    for name in names:
        total += fractions[name]
        cumulative.append(total)
    out: dict[int, str] = {}
    groups: dict[str, list[int]] = {}
    for article_id, outlet in articles:
        if article_id in earlier:
            out[article_id] = earlier[article_id]
        else:
            groups.setdefault(outlet or "", []).append(article_id)
    for outlet in sorted(groups):
        ids = sorted(groups[outlet])
        random.Random(f"{seed}\x00{outlet}").shuffle(ids)
        n = len(ids)
        k = 0
        for i, article_id in enumerate(ids):
            position = (i + 0.5) / n
            while k < len(names) - 1 and position >= cumulative[k]:
                k += 1
            out[article_id] = names[k]
    return out
