"""The benchmark corpus generator: same seed, same corpus; every span sits on its quote."""

from __future__ import annotations

import itertools
import json

from bench import corpus


def _as_data(articles: list[corpus.GenArticle]) -> list[tuple]:
    return [
        (a.title, a.text, a.external_id, [(s.start, s.end, s.label, s.status) for s in a.spans])
        for a in articles
    ]


def test_the_same_seed_gives_the_same_corpus() -> None:
    first = list(corpus.articles(30, 12, seed=5, long_every=10))
    second = list(corpus.articles(30, 12, seed=5, long_every=10))
    assert _as_data(first) == _as_data(second)


def test_another_seed_gives_another_corpus() -> None:
    assert _as_data(list(corpus.articles(3, 12, seed=5))) != _as_data(
        list(corpus.articles(3, 12, seed=6))
    )


def test_every_span_sits_on_its_quote() -> None:
    for article in [*corpus.articles(30, 12, long_every=10), corpus.big_article(500)]:
        assert article.spans
        for span in article.spans:
            assert 0 <= span.start < span.end <= len(article.text)
            assert article.text[span.start : span.end] == span.quote


def test_articles_have_realistic_lengths_and_some_are_long() -> None:
    lengths = [len(a.text) for a in corpus.articles(20, 10, long_every=10)]
    long = [n for n in lengths if n > 50_000]
    assert len(long) == 2
    assert all(4_000 <= n <= 6_500 for n in lengths if n < 50_000)


def test_the_corpus_has_non_ascii_text_emoji_and_all_three_labels() -> None:
    articles = list(corpus.articles(20, 20))
    text = "".join(a.text for a in articles)
    assert any(ord(c) > 0xFFFF for c in text)  # an emoji: two UTF-16 units
    assert any("\u4e00" <= c <= "\u9fff" for c in text)
    assert {s.label for a in articles for s in a.spans} == set(corpus.LABELS)
    assert {s.status for a in articles for s in a.spans} == {"approved", "pending", "rejected"}


def test_spans_overlap_and_nest() -> None:
    article = next(corpus.articles(1, 200))
    spans = sorted(article.spans, key=lambda s: (s.start, -s.end))
    assert any(b.start < a.end for a, b in itertools.pairwise(spans))


def test_articles_for_spans_gives_exactly_the_total_asked_for() -> None:
    assert sum(len(a.spans) for a in corpus.articles_for_spans(1_234, 20)) == 1_234


def test_the_big_article_is_about_100k_characters_with_2000_spans() -> None:
    article = corpus.big_article()
    assert 100_000 <= len(article.text) < 101_000
    assert len(article.spans) == 2_000


def test_a_jsonl_line_carries_the_text_and_spans() -> None:
    article = next(corpus.articles(1, 5))
    data = json.loads(corpus.jsonl_line(article))
    assert data["text"] == article.text
    assert [(s["start"], s["end"], s["quote"]) for s in data["spans"]] == [
        (s.start, s.end, s.quote) for s in article.spans
    ]


def test_quotes_are_as_varied_as_a_real_corpus() -> None:
    """Random lengths at random words for every label: nearly every quote distinct; about half
    the state-media-source quotes around an outlet's name, the rest naming none."""
    spans = [s for a in corpus.articles(50, 20) for s in a.spans]
    assert len({(s.label, s.quote) for s in spans}) > 0.9 * len(spans)
    lengths = {len(s.quote) for s in spans}
    assert min(lengths) < 10 and max(lengths) > 100
    sources = [s.quote for s in spans if s.label == "state-media-source"]
    naming = [q for q in sources if any(name in q for name in corpus.NAMED)]
    assert 0.3 * len(sources) < len(naming) < 0.9 * len(sources)
