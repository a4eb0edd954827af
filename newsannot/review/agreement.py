"""Agreement between annotators, and between annotators and the approved result. Pure Python.

A span here is `(doc, label, start, end)`: `[start, end)` in code points of document `doc`.

Span F1, exact boundaries
    A predicted span counts when the gold side has the same (doc, label, start, end).
    P = matches / |pred|, R = matches / |gold|, F1 = 2PR / (P + R).

Span F1 with partial-overlap credit (SemEval-2020 Task 11 scorer)
    First, on each side, overlapping spans of one label in one document are merged. Then
        P = 1/|S| · Σ_{s∈S} Σ_{t∈T} |s ∩ t| / |s|      R = 1/|T| · Σ_{s∈S} Σ_{t∈T} |s ∩ t| / |t|
    with S the predicted and T the gold spans, and |s ∩ t| = 0 unless s and t share doc and label.
    An empty side scores 0 (the scorer's convention); both sides empty is undefined (None).

Krippendorff's unitized alpha, uα (Krippendorff 1995; Content Analysis, 2nd ed. 2004, §11.6)
    For one label. Each document is a continuum of L_d code points; each of the m_d coders who
    annotated it cuts it into segments: units (w = 1: the coder's spans of the label, overlapping
    ones merged, since uα requires a coder's units not to overlap) and the gaps between them
    (w = 0).
    For segments g of coder i and h of coder j (b = begin, l = length) the distance is
        δ²(g, h) = (b_g − b_h)² + (b_g + l_g − b_h − l_h)²   both units, and they overlap
                   l_g²                                      g a unit lying inside the gap h
                   l_h²                                      h a unit lying inside the gap g
                   0                                         otherwise
    With one set of m coders over a continuum of length L (Krippendorff's case):
        D_o = Σ_{i≠j} Σ_g Σ_h δ²(g, h) / (m (m − 1) L²)
        D_e = (2 / L) · Σ_{units u} [ (N_c − 1)/3 · (2 l_u³ − 3 l_u² + l_u)
                                     + l_u² · Σ_{gaps v, l_v ≥ l_u} (l_v − l_u + 1) ]
              / ( mL (mL − 1) − Σ_{units u} l_u (l_u − 1) )
        uα = 1 − D_o / D_e
    where N_c counts all coders' units and the sums over units and gaps run over all coders.
    Documents are kept apart (a gap never runs from one article into the next), and different
    documents may have different coders, so we generalise the way Krippendorff's α does for
    missing values: the pairs of document d are weighted 1/(m_d − 1) and mL becomes
    N = Σ_d m_d L_d (coder-characters), L = Σ_d L_d:
        D_o = Σ_d [ Σ_{i≠j in d} Σ δ² / (m_d − 1) ] / (N · L)
        D_e = as above with mL replaced by N, units and gaps pooled over all documents.
    When every document has the same m coders this is exactly the formula above. Undefined (None)
    when no document has two coders or when D_e = 0 (no units at all).

Relation F1 and attribute agreement (Cohen's κ, Krippendorff's nominal α) are defined in their
sections below.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import combinations, permutations

Doc = Hashable
Coder = Hashable
SpanT = tuple[Hashable, Hashable, int, int]  # (doc, label, start, end)


@dataclass(frozen=True)
class Scores:
    precision: float | None
    recall: float | None
    f1: float | None
    pred: int = 0
    gold: int = 0


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def exact_scores(gold: Iterable[SpanT], pred: Iterable[SpanT]) -> Scores:
    gold_set, pred_set = set(gold), set(pred)
    if not gold_set and not pred_set:
        return Scores(None, None, None)
    hits = len(gold_set & pred_set)
    p = hits / len(pred_set) if pred_set else 0.0
    r = hits / len(gold_set) if gold_set else 0.0
    return Scores(p, r, _f1(p, r), len(pred_set), len(gold_set))


def merge(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping intervals merged into one; touching ones ([0, 2) and [2, 4)) stay apart."""
    merged: list[list[int]] = []
    for start, end in sorted(intervals):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _merged_by_key(spans: Iterable[SpanT]) -> dict[tuple, list[tuple[int, int]]]:
    grouped: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    for doc, label, start, end in spans:
        grouped[(doc, label)].append((start, end))
    return {key: merge(intervals) for key, intervals in grouped.items()}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _meeting(
    first: list[tuple[int, int]], second: list[tuple[int, int]]
) -> Iterator[tuple[int, int]]:
    """(i, j) for each first[i] and second[j] that overlap, each list [start, end) intervals
    sorted and without overlaps of its own (merged spans, one coder's cut of a text): a sweep
    in len(first) + len(second) steps, where testing every pair was their product (3,000
    spans a side: nine million)."""
    i = j = 0
    while i < len(first) and j < len(second):
        (a_start, a_end), (b_start, b_end) = first[i], second[j]
        if a_start < b_end and b_start < a_end:
            yield i, j
        if a_end <= b_end:
            i += 1
        else:
            j += 1


def partial_scores(gold: Iterable[SpanT], pred: Iterable[SpanT]) -> Scores:
    gold_m, pred_m = _merged_by_key(gold), _merged_by_key(pred)
    n_gold = sum(len(v) for v in gold_m.values())
    n_pred = sum(len(v) for v in pred_m.values())
    if not n_gold and not n_pred:
        return Scores(None, None, None)
    p_sum = r_sum = 0.0
    for key, preds in pred_m.items():
        golds = gold_m.get(key, [])
        for i, j in _meeting(preds, golds):
            s, t = preds[i], golds[j]
            common = _overlap(s, t)
            p_sum += common / (s[1] - s[0])
            r_sum += common / (t[1] - t[0])
    p = p_sum / n_pred if n_pred else 0.0
    r = r_sum / n_gold if n_gold else 0.0
    return Scores(p, r, _f1(p, r), n_pred, n_gold)


# --- Krippendorff's unitized alpha -------------------------------------------------------------


def segments(length: int, units: Iterable[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """A coder's cut of a continuum [0, length): (begin, length, w) with w = 1 for units."""
    out: list[tuple[int, int, int]] = []
    pos = 0
    for start, end in merge(units):
        if start > pos:
            out.append((pos, start - pos, 0))
        out.append((start, end - start, 1))
        pos = end
    if pos < length:
        out.append((pos, length - pos, 0))
    return out


def _delta2(g: tuple[int, int, int], h: tuple[int, int, int]) -> int:
    bg, lg, wg = g
    bh, lh, wh = h
    if wg and wh:
        if -lg < bg - bh < lh:  # they overlap
            return (bg - bh) ** 2 + (bg + lg - bh - lh) ** 2
        return 0
    if wg and not wh and bh <= bg and bg + lg <= bh + lh:
        return lg * lg
    if wh and not wg and bg <= bh and bh + lh <= bg + lg:
        return lh * lh
    return 0


@dataclass(frozen=True)
class AlphaResult:
    alpha: float | None
    observed: float | None
    expected: float | None


def unitized_alpha(
    docs: Mapping[Doc, tuple[int, Mapping[Coder, Iterable[tuple[int, int]]]]],
) -> AlphaResult:
    """uα for one label. `docs`: doc -> (length, {coder: [(start, end), ...]}).

    List every coder who annotated the document, with an empty list if they marked nothing of
    this label there: an empty list is a statement ("no such unit here"), not missing data.
    """
    observed_sum = 0.0
    total_len = 0  # L
    coder_chars = 0  # N = Σ m_d L_d
    unit_lengths: list[int] = []
    gap_lengths: list[int] = []
    for length, by_coder in docs.values():
        if len(by_coder) < 2 or length <= 0:
            continue
        m = len(by_coder)
        cuts = {coder: segments(length, spans) for coder, spans in by_coder.items()}
        pair_sum = 0
        bounds = {c: [(b, b + n) for b, n, _ in cut] for c, cut in cuts.items()}
        for i, j in permutations(cuts, 2):
            # δ² is 0 unless g and h overlap (two units that do, or a unit inside a gap).
            pair_sum += sum(
                _delta2(cuts[i][g], cuts[j][h]) for g, h in _meeting(bounds[i], bounds[j])
            )
        observed_sum += pair_sum / (m - 1)
        total_len += length
        coder_chars += m * length
        for cut in cuts.values():
            for _, seg_len, w in cut:
                (unit_lengths if w else gap_lengths).append(seg_len)
    if not total_len:
        return AlphaResult(None, None, None)
    d_o = observed_sum / (coder_chars * total_len)
    n_c = len(unit_lengths)
    numerator = 0.0
    # Σ over gaps v with l_v ≥ l_u of (l_v − l_u + 1), for every unit: with the gaps sorted and
    # their (l_v + 1) summed from the longest down, one binary search a unit instead of a pass
    # over every gap (units × gaps was seconds on a project of a few thousand spans).
    gaps = sorted(gap_lengths)
    from_here = [0] * (len(gaps) + 1)  # from_here[k] = Σ_{i ≥ k} (gaps[i] + 1)
    for k in range(len(gaps) - 1, -1, -1):
        from_here[k] = from_here[k + 1] + gaps[k] + 1
    for lu in unit_lengths:
        within = (n_c - 1) / 3 * (2 * lu**3 - 3 * lu**2 + lu)
        k = bisect_left(gaps, lu)
        fits = from_here[k] - lu * (len(gaps) - k)
        numerator += within + lu * lu * fits
    denominator = coder_chars * (coder_chars - 1) - sum(lu * (lu - 1) for lu in unit_lengths)
    if denominator <= 0 or numerator == 0:
        return AlphaResult(None, d_o, 0.0)
    d_e = (2 / total_len) * numerator / denominator
    return AlphaResult(1 - d_o / d_e, d_o, d_e)


# --- Putting it together for a project ---------------------------------------------------------


@dataclass(frozen=True)
class LabelAgreement:
    label: Hashable
    exact_f1: float | None
    partial_f1: float | None
    alpha: float | None
    pairs: int  # analyst pairs that share at least one document
    docs: int  # documents with two or more analysts


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _sharing_pairs(
    coders: list[Coder], docs_by_coder: Mapping[Coder, set[Doc]]
) -> list[tuple[Coder, Coder, set[Doc]]]:
    """The pairs of coders who annotated a document in common, with those documents: the only
    documents a pair is compared on, for spans and relations alike."""
    pairs = []
    for a, b in combinations(coders, 2):
        common = docs_by_coder.get(a, set()) & docs_by_coder.get(b, set())
        if common:
            pairs.append((a, b, common))
    return pairs


def agreement_table(
    spans_by_coder: Mapping[Coder, Iterable[SpanT]],
    docs_by_coder: Mapping[Coder, set[Doc]],
    doc_lengths: Mapping[Doc, int],
    labels: Iterable[Hashable],
) -> tuple[list[LabelAgreement], LabelAgreement]:
    """Per label and overall: mean pairwise exact and partial F1, and uα.

    Only documents that both coders of a pair annotated count for that pair. "Overall" F1 pools
    all labels (a span matches only a span of its own label); overall α is the mean of the
    labels' α, as DKPro and Krippendorff's category-wise reading do.
    """
    spans = {c: list(s) for c, s in spans_by_coder.items()}
    # Each label reads its own spans, each document its own: not every span once a label and
    # again once a document.
    by_label: dict[Coder, dict[Hashable, list[SpanT]]] = defaultdict(lambda: defaultdict(list))
    placed: dict[tuple, list[tuple[int, int]]] = defaultdict(list)  # (coder, label, doc)
    for coder, coded in spans.items():
        for span in coded:
            by_label[coder][span[1]].append(span)
            placed[coder, span[1], span[0]].append((span[2], span[3]))
    coders = sorted(set(docs_by_coder) | set(spans), key=str)
    shared = _sharing_pairs(coders, docs_by_coder)
    shared_docs = set().union(*(common for _, _, common in shared))

    def pair_scores(label: Hashable | None) -> tuple[list[float], list[float], int]:
        exact, partial, pairs = [], [], 0
        for a, b, common in shared:
            pairs += 1
            sa, sb = (
                [
                    s
                    for s in (spans.get(c, []) if label is None else by_label[c].get(label, []))
                    if s[0] in common
                ]
                for c in (a, b)
            )
            e, p = exact_scores(sa, sb).f1, partial_scores(sa, sb).f1
            if e is not None:
                exact.append(e)
            if p is not None:
                partial.append(p)
        return exact, partial, pairs

    rows = []
    for label in labels:
        exact, partial, pairs = pair_scores(label)
        alpha_docs = {}
        for doc in shared_docs:
            by_coder = {
                c: placed.get((c, label, doc), [])
                for c in coders
                if doc in docs_by_coder.get(c, set())
            }
            alpha_docs[doc] = (doc_lengths.get(doc, 0), by_coder)
        alpha = unitized_alpha(alpha_docs).alpha
        rows.append(
            LabelAgreement(label, _mean(exact), _mean(partial), alpha, pairs, len(shared_docs))
        )
    exact, partial, pairs = pair_scores(None)
    alphas = [r.alpha for r in rows if r.alpha is not None]
    overall = LabelAgreement(
        "all", _mean(exact), _mean(partial), _mean(alphas), pairs, len(shared_docs)
    )
    return rows, overall


def against_gold(
    spans_by_coder: Mapping[Coder, Iterable[SpanT]],
    docs_by_coder: Mapping[Coder, set[Doc]],
    gold: Iterable[SpanT],
    gold_docs: set[Doc],
) -> dict[Coder, tuple[Scores, Scores]]:
    """Each coder against the approved spans, on the reviewed documents they annotated.

    Returns (exact, partial) scores per coder with at least one such document.
    """
    gold = list(gold)
    spans = {c: list(s) for c, s in spans_by_coder.items()}
    out = {}
    for coder, docs in docs_by_coder.items():
        docs = docs & gold_docs
        if not docs:
            continue
        mine = [s for s in spans.get(coder, []) if s[0] in docs]
        theirs = [g for g in gold if g[0] in docs]
        out[coder] = (exact_scores(theirs, mine), partial_scores(theirs, mine))
    return out


# --- Relations between analysts ----------------------------------------------------------------
#
# A relation here is `(doc, type, from_end, to_end)`, each end `(label, start, end)`: the spans
# it links, by what they mark rather than by id (two analysts' spans are different rows).
#
# Two relations match when they share doc and type and their ends match in order:
#     exact    both ends have the same label and the same offsets;
#     partial  each end has the same label as the other's and overlaps it: the overlap test of
#              the partial span F1 above (|s ∩ t| > 0 for spans of one label), without its
#              fractional credit (a link holds or does not).
# P = the share of one side's relations that match one on the other side, R the same the other
# way round (a relation may match several: no one-to-one pairing, like partial_scores), and
# F1 = 2PR / (P + R). Both sides empty is undefined (None), one side empty scores 0.

End = tuple[Hashable, int, int]  # (label, start, end)
RelationT = tuple[Hashable, Hashable, End, End]  # (doc, type, from, to)


Box = tuple[int, int, int, int]  # a relation's two ends as (from start, from end, to start, to end)


def overlapping(points: list[Box], queries: list[Box]) -> list[bool]:
    """For each query, is there a point whose from-end overlaps the query's from-end and whose
    to-end overlaps its to-end (|s ∩ t| > 0 at both)? Non-empty ends only.

    Asking every point of every query is |points| × |queries|: an article of 3,000 relations a
    side whose ends all overlap (spans over the whole text) is nine million tests a pair of
    analysts. Written as inequalities, p matches q when
        p.fs < q.fe,  p.fe > q.fs,  p.ts < q.te,  p.te > q.ts,
    four dominance conditions: the first by sorting points and queries together, the second by
    divide and conquer over that order (CDQ), the third by a Fenwick tree over to-starts that
    keeps the greatest to-end, read against the fourth. O((P + Q) log² (P + Q)).
    """
    found = [False] * len(queries)
    if not points or not queries:
        return found
    starts = sorted({p[2] for p in points})  # the Fenwick tree's positions: points' to-starts
    # (sort key a, kind, key b, Fenwick index or prefix length, to-end or to-start, query index)
    # A query sorts before a point of the same key, so a point left of it has a strictly
    # smaller one; keys b are negated ends, so "p.fe > q.fs" reads "-p.fe < -q.fs".
    items = [(fs, 1, -fe, bisect_left(starts, ts) + 1, te, -1) for fs, fe, ts, te in points]
    items += [
        (fe, 0, -fs, bisect_left(starts, te), ts, i) for i, (fs, fe, ts, te) in enumerate(queries)
    ]
    items.sort(key=lambda item: (item[0], item[1]))
    none = float("-inf")  # below any offset
    tree = [none] * (len(starts) + 1)  # greatest to-end of the points inserted, by to-start

    def solve(lo: int, hi: int) -> None:
        if hi - lo < 2:
            return
        mid = (lo + hi) // 2
        solve(lo, mid)
        solve(mid, hi)
        left = sorted((it for it in items[lo:mid] if it[1]), key=lambda it: it[2])
        right = sorted((it for it in items[mid:hi] if not it[1]), key=lambda it: it[2])
        if not left or not right:
            return
        touched, k = [], 0
        for _, _, b, prefix, q_ts, qi in right:
            while k < len(left) and left[k][2] < b:
                i, te = left[k][3], left[k][4]
                while i < len(tree):
                    if tree[i] < te:
                        tree[i] = te
                        touched.append(i)
                    i += i & -i
                k += 1
            if not found[qi]:
                i, best = prefix, none
                while i > 0:
                    best = max(best, tree[i])
                    i -= i & -i
                found[qi] = best > q_ts
        for i in touched:
            tree[i] = none

    solve(0, len(items))
    return found


def relation_scores(
    gold: Iterable[RelationT], pred: Iterable[RelationT], *, partial: bool = False
) -> Scores:
    gold_set, pred_set = set(gold), set(pred)
    if not gold_set and not pred_set:
        return Scores(None, None, None)
    if not partial:
        hits = len(gold_set & pred_set)
        p = hits / len(pred_set) if pred_set else 0.0
        r = hits / len(gold_set) if gold_set else 0.0
        return Scores(p, r, _f1(p, r), len(pred_set), len(gold_set))
    # Relations can match only within one (doc, type, from label, to label): group by it, then
    # ask each group's boxes which of them overlap one on the other side.
    groups: dict[tuple, tuple[list[Box], list[Box]]] = defaultdict(lambda: ([], []))
    for side, relations in enumerate((gold_set, pred_set)):
        for doc, kind, (from_label, fs, fe), (to_label, ts, te) in relations:
            if fs < fe and ts < te:  # an empty end overlaps nothing
                groups[doc, kind, from_label, to_label][side].append((fs, fe, ts, te))
    matched_pred = matched_gold = 0
    for golds, preds in groups.values():
        matched_pred += sum(overlapping(golds, preds))
        matched_gold += sum(overlapping(preds, golds))
    p = matched_pred / len(pred_set) if pred_set else 0.0
    r = matched_gold / len(gold_set) if gold_set else 0.0
    return Scores(p, r, _f1(p, r), len(pred_set), len(gold_set))


@dataclass(frozen=True)
class RelationAgreement:
    type: Hashable
    exact_f1: float | None
    partial_f1: float | None
    pairs: int  # analyst pairs that share at least one document
    docs: int  # documents with two or more analysts


def relation_agreement_table(
    relations_by_coder: Mapping[Coder, Iterable[RelationT]],
    docs_by_coder: Mapping[Coder, set[Doc]],
    types: Iterable[Hashable],
) -> tuple[list[RelationAgreement], RelationAgreement]:
    """Per relation type and overall: exact and partial F1, each the mean over analyst pairs.

    As for spans: only the documents both coders of a pair annotated count for that pair, a
    pair with no relation of the type on them adds nothing to the mean, and "overall" pools the
    types (a relation matches only one of its own type).
    """
    relations = {c: list(r) for c, r in relations_by_coder.items()}
    # Each type's rows read only that type's relations, not every relation once a type.
    by_kind: dict[Coder, dict[Hashable, list[RelationT]]] = defaultdict(lambda: defaultdict(list))
    for coder, rels in relations.items():
        for rel in rels:
            by_kind[coder][rel[1]].append(rel)
    coders = sorted(set(docs_by_coder) | set(relations), key=str)
    shared = _sharing_pairs(coders, docs_by_coder)
    shared_docs = set().union(*(common for _, _, common in shared))

    def row(kind: Hashable | None) -> RelationAgreement:
        exact, partial, pairs = [], [], 0
        for a, b, common in shared:
            pairs += 1
            ra, rb = (
                [
                    r
                    for r in (relations.get(c, []) if kind is None else by_kind[c].get(kind, []))
                    if r[0] in common
                ]
                for c in (a, b)
            )
            e = relation_scores(ra, rb).f1
            p = relation_scores(ra, rb, partial=True).f1
            if e is not None:
                exact.append(e)
            if p is not None:
                partial.append(p)
        return RelationAgreement(
            "all" if kind is None else kind, _mean(exact), _mean(partial), pairs, len(shared_docs)
        )

    return [row(kind) for kind in types], row(None)


# --- Attributes over matched spans ------------------------------------------------------------
#
# Spans are matched across analysts by exact label and offsets: the spans the review page shows
# as "agreed", one unit each. (A best-overlap match would count more spans, but would have to
# choose between overlapping candidates, and an attribute of a span with other boundaries may
# describe other words.) For each attribute key, every analyst whose span on the unit has a
# value for it gives that value; a span without one is missing data, not a value.
#
# Cohen's kappa, two coders, over the units both coded:
#     p_o = share of units with the same value, p_e = Σ_v (n_Av / n) (n_Bv / n),
#     κ = (p_o − p_e) / (1 − p_e); undefined when p_e = 1 (both used one and the same value).
# Krippendorff's alpha, nominal, any number of coders, missing values allowed (Krippendorff,
# "Computing Krippendorff's Alpha-Reliability", 2011): units with m_u ≥ 2 values add 1/(m_u − 1)
# to the coincidence o_ck of each ordered pair of their values; n_c = Σ_k o_ck, n = Σ_c n_c,
#     α = 1 − (n − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k;
# undefined without two pairable values or when every value is the same (no expected
# disagreement: 0/0).

Value = Hashable


def cohen_kappa(pairs: Iterable[tuple[Value, Value]]) -> float | None:
    """κ over (value of coder A, value of coder B), one pair per unit both coded."""
    pairs = list(pairs)
    n = len(pairs)
    if not n:
        return None
    observed = sum(1 for a, b in pairs if a == b) / n
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    expected = sum(first[v] * second[v] for v in first) / (n * n)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


def nominal_alpha(units: Iterable[Iterable[Value]]) -> float | None:
    """Krippendorff's α (nominal); each unit the values its coders gave (missing ones left out).

    From each unit's value counts n_uv, not its pairs of values (m_u² for m_u coders): every
    value stands in m_u − 1 pairs of weight 1/(m_u − 1), so n_v = Σ_u n_uv over units with
    m_u ≥ 2, and the unit's disagreeing pairs weigh (m_u² − Σ_v n_uv²) / (m_u − 1)."""
    totals: Counter[Value] = Counter()
    disagreeing = 0.0
    for unit in units:
        counts = Counter(unit)
        m = counts.total()
        if m < 2:
            continue
        totals.update(counts)
        disagreeing += (m * m - sum(n * n for n in counts.values())) / (m - 1)
    n = sum(totals.values())
    expected = n * n - sum(t * t for t in totals.values())  # Σ_{c≠k} n_c n_k
    if n < 2 or expected <= 1e-9:
        return None
    return 1 - (n - 1) * disagreeing / expected


@dataclass(frozen=True)
class AttributeAgreement:
    label: Hashable
    key: str
    coders: int  # analysts who gave this attribute on a matched span
    pairs: int  # n: pairs of values on matched spans (Σ_u m_u (m_u − 1) / 2)
    kappa: float | None  # only with exactly two coders
    alpha: float | None


SpanWithAttributes = tuple[Hashable, Hashable, int, int, Coder, Mapping[str, Value]]


def attribute_agreement_table(
    spans: Iterable[SpanWithAttributes], keys: Iterable[tuple[Hashable, str]]
) -> list[AttributeAgreement]:
    """Per (label, attribute key): κ (two coders) and nominal α over the spans matched by
    label and offsets. `spans`: (doc, label, start, end, coder, {key: value})."""
    units: dict[tuple[Hashable, str], dict[tuple, dict[Coder, Value]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for doc, label, start, end, coder, attributes in spans:
        for key, value in (attributes or {}).items():
            units[label, key][doc, start, end][coder] = value
    rows = []
    for label, key in keys:
        matched = [u for u in units.get((label, key), {}).values() if len(u) >= 2]
        coders = {c for u in matched for c in u}
        kappa = None
        if len(coders) == 2:
            a, b = sorted(coders, key=str)
            kappa = cohen_kappa((u[a], u[b]) for u in matched)
        rows.append(
            AttributeAgreement(
                label,
                key,
                len(coders),
                sum(len(u) * (len(u) - 1) // 2 for u in matched),
                kappa,
                nominal_alpha(u.values() for u in matched),
            )
        )
    return rows
