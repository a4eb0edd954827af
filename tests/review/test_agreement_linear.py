"""Agreement does work in proportion to what analysts marked, on input built to make it not.

Work is counted, not timed: lines and jumps executed in agreement.py (sys.monitoring), as in
tests/suggestions/test_rules_linear.py. The same hostile project at two sizes, four times
apart, must cost well under the 16 times a pairwise (quadratic) match costs: relation F1 sorts
(n log² n: about 6 times here), span F1 and uα sweep, the attribute α counts (4 times).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from newsannot.review import agreement
from newsannot.review.agreement import (
    agreement_table,
    attribute_agreement_table,
    nominal_alpha,
    overlapping,
    relation_agreement_table,
)

SMALL, LARGE = 400, 1_600
WATCHED = str(Path(agreement.__file__).resolve())


def _free_tool_id() -> int:
    for tool in range(6):
        if sys.monitoring.get_tool(tool) is None:
            return tool
    pytest.skip("no free sys.monitoring tool id")


def work_of(run: Callable[[], object]) -> int:
    """Lines and jumps executed in agreement.py while `run()` runs."""
    steps = 0
    monitoring = sys.monitoring
    tool = _free_tool_id()

    def step(code, *_):
        nonlocal steps
        if code.co_filename != WATCHED:
            return monitoring.DISABLE
        steps += 1
        return None

    monitoring.use_tool_id(tool, "newsannot-agreement-work")
    try:
        for event in (monitoring.events.LINE, monitoring.events.JUMP):
            monitoring.register_callback(tool, event, step)
        monitoring.set_events(tool, monitoring.events.LINE | monitoring.events.JUMP)
        monitoring.restart_events()
        run()
    finally:
        monitoring.set_events(tool, 0)
        for event in (monitoring.events.LINE, monitoring.events.JUMP):
            monitoring.register_callback(tool, event, None)
        monitoring.free_tool_id(tool)
    return steps


def _overlapping(n: int) -> dict[str, list]:
    """Two analysts, n relations each on one article, every end over nearly the whole text
    (so every relation's ends overlap every other's), none the same to the offset."""
    length = 4 * n

    def side(shift: int) -> list:
        ends = [("claim", i + shift, length - i) for i in range(n)]
        return [("doc", "says", ends[i], ends[(i + 1) % n]) for i in range(n)]

    return {"ann": side(0), "bob": side(n)}


def _identical(n: int) -> dict[str, list]:
    """Every span the whole text, so n relations a side collapse to one: trivially cheap, and
    the link to n more relations of another type each, all overlapping, is not."""
    whole = ("claim", 0, 10 * n)
    rels = {
        c: [("doc", "says", whole, whole)]
        + [("doc", "via", ("claim", i + k, 10 * n - i), whole) for i in range(n)]
        for c, k in (("ann", 0), ("bob", 1))
    }
    return rels


@pytest.mark.parametrize("make", [_overlapping, _identical], ids=["overlapping", "identical"])
def test_relation_f1_work_grows_with_the_relations_not_their_pairs(make):
    def table(n: int) -> Callable[[], object]:
        relations = make(n)
        docs = {c: {"doc"} for c in relations}
        return lambda: relation_agreement_table(relations, docs, ["says", "via"])

    small, large = work_of(table(SMALL)), work_of(table(LARGE))
    assert small > SMALL  # the counter sees the matching at all
    assert large / small < 8, f"{small:,} steps at {SMALL} relations a side, {large:,} at {LARGE}"


def test_relation_f1_on_the_hostile_project_is_still_right():
    # Every relation of one side overlaps every one of the other at both ends: all match.
    relations = _overlapping(50)
    rows, overall = relation_agreement_table(relations, {c: {"doc"} for c in relations}, ["says"])
    assert rows[0].exact_f1 == 0.0
    assert rows[0].partial_f1 == overall.partial_f1 == 1.0


def test_attribute_alpha_work_grows_with_the_values_not_their_pairs():
    # Many analysts on the same spans: a unit's pairs of values grow with the square of them.
    def table(coders: int) -> Callable[[], object]:
        spans = [
            ("doc", "claim", start, start + 5, f"analyst{c}", {"stance": "for" if c % 3 else "no"})
            for c in range(coders)
            for start in range(0, 50, 10)
        ]
        return lambda: attribute_agreement_table(spans, [("claim", "stance")])

    small, large = work_of(table(SMALL // 4)), work_of(table(LARGE // 4))
    assert small > SMALL
    assert large / small < 5, (
        f"{small:,} steps for {SMALL // 4} analysts, {large:,} for {LARGE // 4}"
    )


def test_alpha_from_counts_matches_the_pairwise_definition():
    # Krippendorff's four-coder example is in test_agreement.py; here units of many coders.
    units = [["a"] * 7 + ["b"] * 3, ["a", "b", "c", "c"], ["b"] * 5, ["c"]]
    pairs: dict[tuple[str, str], float] = {}
    for unit in units:
        if len(unit) < 2:
            continue
        for i, x in enumerate(unit):
            for j, y in enumerate(unit):
                if i != j:
                    pairs[x, y] = pairs.get((x, y), 0) + 1 / (len(unit) - 1)
    totals = {v: sum(o for (c, _), o in pairs.items() if c == v) for v in "abc"}
    n = sum(totals.values())
    disagree = sum(o for (c, k), o in pairs.items() if c != k)
    expected = n * n - sum(t * t for t in totals.values())
    assert nominal_alpha(units) == pytest.approx(1 - (n - 1) * disagree / expected)


def _many_spans(n: int) -> tuple[dict, dict, dict]:
    """Two analysts, n short spans each on one article (every one of alice's overlapping one of
    bob's), and n more articles with one span each: spans × spans, or spans × articles, is the
    quadratic way to compare them."""
    spans = {
        "ann": [("doc", "claim", 10 * i, 10 * i + 6) for i in range(n)],
        "bob": [("doc", "claim", 10 * i + 3, 10 * i + 9) for i in range(n)],
    }
    for i in range(n):
        spans["ann"].append((f"a{i}", "claim", 0, 5))
        spans["bob"].append((f"a{i}", "source", 0, 5))
    docs = {c: {s[0] for s in coded} for c, coded in spans.items()}
    lengths = {d: 10 * n + 10 for c in docs for d in docs[c]}
    return spans, docs, lengths


def test_span_f1_and_alpha_work_grows_with_the_spans_not_their_pairs():
    def table(n: int) -> Callable[[], object]:
        spans, docs, lengths = _many_spans(n)
        return lambda: agreement_table(spans, docs, lengths, ["claim", "source"])

    small, large = work_of(table(SMALL)), work_of(table(LARGE))
    assert small > SMALL
    assert large / small < 5, f"{small:,} steps at {SMALL} spans a side, {large:,} at {LARGE}"


def test_span_agreement_on_the_hostile_project_is_still_right():
    rows, _ = agreement_table(*_many_spans(3), ["claim", "source"])
    claim = rows[0]
    assert claim.exact_f1 == 0.0
    # On "doc" each of bob's 3 claims overlaps one of ann's by half (credit 1.5 a side); ann's
    # 3 claims on the a* articles find nothing: P = 1.5 / 3, R = 1.5 / 6, F1 = 1/3.
    assert claim.partial_f1 == pytest.approx(1 / 3)
    assert claim.alpha is not None and claim.alpha < 0.5


def test_the_overlap_search_answers_as_testing_every_pair_does():
    # Small random boxes, many ties and shared edges: what the sort-and-divide search must
    # get right, against the definition applied to every pair.
    def meets(a: tuple, b: tuple) -> bool:
        return min(a[1], b[1]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[2], b[2])

    rnd = random.Random(14)

    def box(length: int) -> tuple[int, int, int, int]:
        fs, ts = rnd.randrange(length), rnd.randrange(length)
        return fs, rnd.randint(fs + 1, length), ts, rnd.randint(ts + 1, length)

    for _ in range(500):
        length = rnd.randint(2, 20)
        points = [box(length) for _ in range(rnd.randint(0, 10))]
        queries = [box(length) for _ in range(rnd.randint(0, 10))]
        assert overlapping(points, queries) == [
            any(meets(p, q) for p in points) for q in queries
        ], (points, queries)
