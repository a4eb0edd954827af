"""The agreement maths on cases small enough to work out by hand (worked in the comments)."""

from __future__ import annotations

import pytest

from newsannot.review.agreement import (
    against_gold,
    agreement_table,
    exact_scores,
    merge,
    partial_scores,
    segments,
    unitized_alpha,
)

approx = pytest.approx


def test_exact_f1_counts_only_identical_label_and_boundaries():
    gold = [("d", "a", 0, 5), ("d", "a", 10, 15)]
    pred = [("d", "a", 0, 5), ("d", "b", 10, 15)]
    s = exact_scores(gold, pred)
    assert (s.precision, s.recall, s.f1) == (0.5, 0.5, 0.5)


def test_exact_f1_of_nothing_against_nothing_is_undefined():
    assert exact_scores([], []).f1 is None
    assert exact_scores([("d", "a", 0, 1)], []).f1 == 0.0


def test_merge_joins_overlapping_and_nested_but_not_touching_intervals():
    assert merge([(4, 10), (0, 6), (20, 22), (21, 21 + 1), (30, 32), (32, 34)]) == [
        (0, 10),
        (20, 22),
        (30, 32),
        (32, 34),
    ]


def test_partial_credit_for_a_half_overlap_is_a_half():
    # |s ∩ t| = 5: P = 5/10, R = 5/10.
    s = partial_scores([("d", "a", 0, 10)], [("d", "a", 5, 15)])
    assert (s.precision, s.recall, s.f1) == (0.5, 0.5, 0.5)


def test_partial_credit_merges_overlapping_spans_of_one_side_first():
    # Predicted [0, 6) and [4, 10) merge into [0, 10), which is the gold span.
    s = partial_scores([("d", "a", 0, 10)], [("d", "a", 0, 6), ("d", "a", 4, 10)])
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)


def test_partial_credit_with_a_nested_gold_span():
    # Gold [0, 10) and [2, 4) merge into [0, 10). Pred [2, 4): P = 2/2 = 1, R = 2/10,
    # F1 = 2 · 1 · 0.2 / 1.2 = 1/3.
    s = partial_scores([("d", "a", 0, 10), ("d", "a", 2, 4)], [("d", "a", 2, 4)])
    assert s.precision == 1.0
    assert s.recall == approx(0.2)
    assert s.f1 == approx(1 / 3)


def test_partial_credit_sums_over_every_gold_span_a_prediction_touches():
    # Pred [0, 10) covers gold [0, 4) and [6, 10): P = (4 + 4)/10, R = (4/4 + 4/4)/2.
    s = partial_scores([("d", "a", 0, 4), ("d", "a", 6, 10)], [("d", "a", 0, 10)])
    assert s.precision == approx(0.8)
    assert s.recall == 1.0


def test_partial_credit_needs_the_same_label_and_document():
    s = partial_scores([("d", "a", 0, 10)], [("d", "b", 0, 10), ("e", "a", 0, 10)])
    assert s.f1 == 0.0


def test_a_coder_cuts_the_continuum_into_units_and_gaps():
    assert segments(10, [(2, 5), (3, 4)]) == [(0, 2, 0), (2, 3, 1), (5, 5, 0)]


def test_alpha_is_one_when_coders_agree_even_with_nested_spans_on_one_side():
    docs = {"d": (10, {"A": [(2, 5), (3, 4)], "B": [(2, 5)]})}
    assert unitized_alpha(docs).alpha == 1.0


def test_alpha_on_a_hand_worked_shifted_boundary():
    # L = 10, m = 2. A: gap 2, unit [2,5) (l 3), gap 5.   B: gap 3, unit [3,5) (l 2), gap 5.
    # δ²: unit/unit overlap (2-3)² + (5-5)² = 1, in both orders: Σ = 2.  D_o = 2/(2·1·10²) = 0.01.
    # D_e: N_c = 2, gaps 2, 5, 3, 5, Σ l(l-1) = 6 + 2 = 8, mL(mL-1) - 8 = 372.
    #   unit 3: (1/3)(54 - 27 + 3) = 10;  gaps ≥ 3: (5-3+1) + (3-3+1) + (5-3+1) = 7, ×9 = 63 → 73
    #   unit 2: (1/3)(16 - 12 + 2) = 2;   gaps ≥ 2: 1 + 4 + 2 + 4 = 11, ×4 = 44 → 46
    #   D_e = (2/10) · 119 / 372 = 23.8/372.    uα = 1 - 0.01 · 372 / 23.8 = 0.84370...
    result = unitized_alpha({"d": (10, {"A": [(2, 5)], "B": [(3, 5)]})})
    assert result.observed == approx(0.01)
    assert result.expected == approx(23.8 / 372)
    assert result.alpha == approx(1 - 3.72 / 23.8)


def test_alpha_when_one_coder_marks_everything_and_the_other_nothing():
    # A: unit [0,10); B: one gap of 10. δ² = 10² in each order: D_o = 200/(2·100) = 1.
    # D_e: N_c = 1, first term 0; the unit fits B's gap once: 1 · 10² = 100.
    #   denominator 20·19 - 10·9 = 290; D_e = (2/10) · 100/290.   uα = 1 - 290/20 = -13.5
    result = unitized_alpha({"d": (10, {"A": [(0, 10)], "B": []})})
    assert result.observed == approx(1.0)
    assert result.alpha == approx(-13.5)


def test_alpha_is_undefined_without_two_coders_or_without_units():
    assert unitized_alpha({"d": (10, {"A": [(0, 3)]})}).alpha is None
    assert unitized_alpha({"d": (10, {"A": [], "B": []})}).alpha is None


def test_alpha_keeps_documents_apart_and_weighs_them_by_coders():
    # The same disagreement in two documents of equal length gives the same D_o as one of them.
    one = unitized_alpha({"d": (10, {"A": [(2, 5)], "B": [(3, 5)]})})
    two = unitized_alpha(
        {"d": (10, {"A": [(2, 5)], "B": [(3, 5)]}), "e": (10, {"A": [(2, 5)], "B": [(3, 5)]})}
    )
    assert two.observed == approx(one.observed / 2)  # Σδ² doubles, N·L quadruples


def test_agreement_table_for_two_analysts_on_one_article():
    # A: x [2,5); B: x [3,5). Exact F1 0. Partial (B against A): P = 2/2, R = 2/3, F1 = 0.8.
    rows, overall = agreement_table(
        {"A": [("d", "x", 2, 5)], "B": [("d", "x", 3, 5)]},
        {"A": {"d"}, "B": {"d"}},
        {"d": 10},
        ["x", "y"],
    )
    x, y = rows
    assert x.exact_f1 == 0.0
    assert x.partial_f1 == approx(0.8)
    assert x.alpha == approx(1 - 3.72 / 23.8)
    assert (x.pairs, x.docs) == (1, 1)
    assert y.exact_f1 is None and y.alpha is None  # nobody used y
    assert overall.partial_f1 == approx(0.8)
    assert overall.alpha == approx(x.alpha)


def test_agreement_table_ignores_articles_only_one_analyst_annotated():
    rows, _ = agreement_table(
        {"A": [("d", "x", 2, 5), ("e", "x", 0, 3)], "B": [("d", "x", 2, 5)]},
        {"A": {"d", "e"}, "B": {"d"}},
        {"d": 10, "e": 10},
        ["x"],
    )
    assert rows[0].exact_f1 == 1.0
    assert rows[0].alpha == 1.0
    assert rows[0].docs == 1


def test_each_analyst_against_the_approved_spans():
    gold = [("d", "x", 2, 5)]
    result = against_gold(
        {"A": [("d", "x", 2, 5)], "B": [("d", "x", 2, 5), ("d", "x", 7, 9)]},
        {"A": {"d"}, "B": {"d"}, "C": {"e"}},
        gold,
        {"d"},
    )
    assert result["A"][0].f1 == 1.0
    assert result["B"][0].precision == 0.5
    assert result["B"][0].recall == 1.0
    assert "C" not in result  # C's article is not reviewed yet
