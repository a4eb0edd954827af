from __future__ import annotations

from django.template.loader import render_to_string

from newsannot.annotations.services import span_review
from newsannot.suggestions.quality import quality, suggester_quality
from tests.conftest import quote_span


def test_quality_counts_overlapping_matches_per_rule():
    gold = [(1, "attribution", 0, 10), (1, "attribution", 20, 30)]
    suggestions = [
        ("cue", (1, "attribution", 0, 9)),
        ("cue", (1, "attribution", 40, 50)),
        ("cue", (2, "attribution", 0, 5)),
    ]  # article 2 has no approved spans
    assert quality(suggestions, gold) == [
        {"rule": "cue", "label": "attribution", "precision": 0.5, "recall": 0.5, "n": 2}
    ]


def test_suggester_quality_reads_approved_spans_in_few_queries(
    suggested, analyst, reviewer, django_assert_max_num_queries
):
    span = quote_span(suggested, analyst, "state-media-source", "Source: RT")
    span_review(span=span, reviewer=reviewer, decision="approve", version=span.version)
    with django_assert_max_num_queries(2):
        rows = suggester_quality(suggested.project)
    source = next(r for r in rows if r["rule"] == "source-line")
    assert (source["precision"], source["recall"], source["n"]) == (1.0, 1.0, 1)
    html = render_to_string("suggestions/_quality.html", {"quality": rows})
    assert "source-line" in html and "100%" in html
