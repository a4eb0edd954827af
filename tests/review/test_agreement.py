"""The agreement maths on cases small enough to work out by hand (worked in the comments)."""

from __future__ import annotations

import pytest

from newsannot.review.agreement import (
    against_gold,
    agreement_table,
    attribute_agreement_table,
    cohen_kappa,
    exact_scores,
    merge,
    nominal_alpha,
    partial_scores,
    relation_agreement_table,
    relation_scores,
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


# --- Relations ---------------------------------------------------------------------------------

CLAIM, SAID, RT = ("c", 10, 20), ("a", 0, 5), ("s", 30, 35)


def test_relation_f1_exact_needs_the_same_type_labels_and_offsets_at_both_ends():
    # A: attributes SAID→CLAIM, via SAID→RT.  B: attributes SAID→CLAIM, via [1,5)→RT.
    # One exact match on each side: P = 1/2, R = 1/2, F1 = 1/2.
    a = [("d", "attributes", SAID, CLAIM), ("d", "via", SAID, RT)]
    b = [("d", "attributes", SAID, CLAIM), ("d", "via", ("a", 1, 5), RT)]
    s = relation_scores(a, b)
    assert (s.precision, s.recall, s.f1) == (0.5, 0.5, 0.5)
    # Partial: [1,5) overlaps [0,5) with the same label, so both of B's match: F1 = 1.
    assert relation_scores(a, b, partial=True).f1 == 1.0


def test_a_partial_match_needs_overlapping_ends_of_the_same_label_in_order():
    a = [("d", "attributes", SAID, CLAIM)]
    assert relation_scores(a, [("d", "attributes", ("x", 0, 5), CLAIM)], partial=True).f1 == 0.0
    assert relation_scores(a, [("d", "attributes", SAID, ("c", 20, 25))], partial=True).f1 == 0.0
    assert relation_scores(a, [("d", "attributes", CLAIM, SAID)], partial=True).f1 == 0.0
    assert relation_scores(a, [("d", "via", SAID, CLAIM)], partial=True).f1 == 0.0
    assert relation_scores(a, [("e", "attributes", SAID, CLAIM)], partial=True).f1 == 0.0


def test_partial_relation_f1_counts_each_side_that_found_a_match():
    # A draws SAID→CLAIM once; B draws it from two overlapping attributions [0,5) and [2,8).
    # Both of B's match A's one: P = 2/2; A's one is matched: R = 1/1.
    a = [("d", "attributes", SAID, CLAIM)]
    b = [("d", "attributes", SAID, CLAIM), ("d", "attributes", ("a", 2, 8), CLAIM)]
    s = relation_scores(a, b, partial=True)
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    exact = relation_scores(a, b)
    assert (exact.precision, exact.recall) == (0.5, 1.0)
    assert exact.f1 == approx(2 / 3)


def test_relation_f1_of_nothing_against_nothing_is_undefined():
    assert relation_scores([], []).f1 is None
    assert relation_scores([], [], partial=True).f1 is None
    assert relation_scores([("d", "via", SAID, RT)], [], partial=True).f1 == 0.0


def test_relation_table_is_per_type_and_the_mean_over_pairs_of_shared_articles():
    # Pairs on d: A–B attributes exact 1, A–C 0 (C drew none), B–C 0: the mean is 1/3.
    # via: only A drew one (on d), B and C none: A–B 0, A–C 0, B–C undefined (skipped): 0.
    # C's relation on e does not count: nobody else annotated e.
    rows, overall = relation_agreement_table(
        {
            "A": [("d", "attributes", SAID, CLAIM), ("d", "via", SAID, RT)],
            "B": [("d", "attributes", SAID, CLAIM)],
            "C": [("e", "attributes", SAID, CLAIM)],
        },
        {"A": {"d"}, "B": {"d"}, "C": {"d", "e"}},
        ["attributes", "via", "unused"],
    )
    attributes, via, unused = rows
    assert attributes.exact_f1 == approx(1 / 3)
    assert via.exact_f1 == 0.0
    assert unused.exact_f1 is None and unused.partial_f1 is None
    assert (attributes.pairs, attributes.docs) == (3, 1)
    # Overall, A–B: A 2, B 1, one match: P = 1, R = 1/2, F1 = 2/3; A–C and B–C 0.
    assert overall.exact_f1 == approx(2 / 9)


# --- Attributes --------------------------------------------------------------------------------


def test_cohens_kappa_on_the_textbook_table():
    # 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15. p_o = 35/50 = 0.7;
    # A says yes 25 times, B 30: p_e = 0.5 · 0.6 + 0.5 · 0.4 = 0.5. κ = 0.2 / 0.5 = 0.4.
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert cohen_kappa(pairs) == approx(0.4)


def test_kappa_and_alpha_on_krippendorffs_two_observer_binary_example():
    # Krippendorff (2011), C.1: A 0100000010, B 1110010000. Agreement on 6 of 10: p_o = 0.6;
    # A: 2 ones, B: 4: p_e = 0.2 · 0.4 + 0.8 · 0.6 = 0.56, κ = 0.04 / 0.44 = 1/11.
    # α: n = 20, n_0 = 14, n_1 = 6, o_01 + o_10 = 8: α = 1 − 19 · 8 / (2 · 14 · 6) = 0.095.
    a, b = "0100000010", "1110010000"
    assert cohen_kappa(zip(a, b, strict=True)) == approx(1 / 11)
    assert nominal_alpha(zip(a, b, strict=True)) == approx(1 - 152 / 168)


def test_nominal_alpha_on_krippendorffs_four_coder_example_with_missing_values():
    # Krippendorff (2011), C.2 ("." missing). Coincidences give n_1..n_5 = 9, 13, 10, 5, 3,
    # n = 40, Σ_{c≠k} o_ck = 8, Σ_{c≠k} n_c n_k = 40² − (81 + 169 + 100 + 25 + 9) = 1216:
    # α = 1 − 39 · 8 / 1216 = 0.743, the paper's value.
    coders = [
        "1 2 3 3 2 1 4 1 2 . . .",
        "1 2 3 3 2 2 4 1 2 5 . 3",
        ". 3 3 3 2 3 4 2 2 5 1 .",
        "1 2 3 3 2 4 4 1 2 5 1 .",
    ]
    units = [
        [v for v in unit if v != "."] for unit in zip(*(c.split() for c in coders), strict=True)
    ]
    assert nominal_alpha(units) == approx(1 - 312 / 1216)
    assert round(nominal_alpha(units), 3) == 0.743


def test_one_value_only_leaves_kappa_and_alpha_undefined_not_one():
    assert cohen_kappa([("x", "x")] * 5) is None
    assert nominal_alpha([["x", "x", "x"]] * 4) is None
    assert cohen_kappa([]) is None
    assert nominal_alpha([["x"], ["y"]]) is None  # no unit with two values


def test_attribute_table_matches_spans_by_label_and_offsets():
    # Unit [0,5) of label a: A official, B official; [10,15): A anonymous, B named;
    # [20,25): only A has the span; [30,35) B has other offsets ([31,35)): neither is matched.
    # κ over 2 units: p_o = 1/2; A: official 1, anonymous 1; B: official 1, named 1:
    # p_e = (1 · 1)/4 = 1/4; κ = (1/2 − 1/4)/(3/4) = 1/3.
    spans = [
        ("d", "a", 0, 5, "A", {"source": "official", "quote": "direct"}),
        ("d", "a", 0, 5, "B", {"source": "official"}),
        ("d", "a", 10, 15, "A", {"source": "anonymous"}),
        ("d", "a", 10, 15, "B", {"source": "named"}),
        ("d", "a", 20, 25, "A", {"source": "named"}),
        ("d", "a", 30, 35, "A", {"source": "named"}),
        ("d", "a", 31, 35, "B", {"source": "named"}),
        ("d", "b", 0, 5, "A", {"source": "named"}),  # another label: another unit
    ]
    source, quote = attribute_agreement_table(spans, [("a", "source"), ("a", "quote")])
    assert (source.coders, source.pairs) == (2, 2)
    assert source.kappa == approx(1 / 3)
    # α: values official ×2, anonymous, named: n = 4, o = 2 disagreeing,
    # Σ n_c n_k = 16 − (4 + 1 + 1) = 10: α = 1 − 3 · 2 / 10 = 0.4.
    assert source.alpha == approx(0.4)
    assert (quote.coders, quote.pairs, quote.kappa, quote.alpha) == (0, 0, None, None)


def test_attribute_table_gives_alpha_but_no_kappa_for_three_coders():
    spans = [
        ("d", "a", 0, 5, coder, {"k": value})
        for coder, value in [("A", "x"), ("B", "x"), ("C", "y")]
    ] + [("d", "a", 9, 12, coder, {"k": "y"}) for coder in "ABC"]
    (row,) = attribute_agreement_table(spans, [("a", "k")])
    assert (row.coders, row.pairs, row.kappa) == (3, 6, None)
    # Unit 1: x x y: o_xx = 1, o_xy = o_yx = 1 (each pair 1/2). Unit 2: y y y: o_yy = 3.
    # n_x = 2, n_y = 4, n = 6: α = 1 − 5 · 2 / (2 · 2 · 4) = 1 − 10/16 = 0.375.
    assert row.alpha == approx(0.375)
