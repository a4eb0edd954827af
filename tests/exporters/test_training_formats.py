"""parquet (pyarrow, row groups) and conll (BIO, a column per label), read back."""

from __future__ import annotations

import io
import zipfile

import pyarrow.parquet as pq
import pytest

from newsannot.exporters import parquet
from newsannot.exporters.source import articles_with_spans
from tests.conftest import quote_span
from tests.exporters.conftest import export_bytes


def test_parquet_is_one_row_per_article_with_its_spans(corpus, project):
    table = pq.read_table(io.BytesIO(export_bytes(project, "parquet")))
    rows = table.to_pylist()
    assert [r["id"] for r in rows] == [a.pk for a in corpus["articles"]]
    first = rows[0]
    assert first["text"] == corpus["articles"][0].text
    for s in first["spans"]:
        assert first["text"][s["start"] : s["end"]] == s["quote"]
        assert s["annotators"] == ["alice"] and s["approved_by"] == ["rita"]
    assert {s["label"] for s in first["spans"]} == {
        "unverified-claim",
        "attribution",
        "state-media-source",
    }
    assert first["split"] is None and first["outlet_typology"] == "State-controlled"


def test_parquet_is_written_a_row_group_at_a_time(corpus, project, monkeypatch):
    monkeypatch.setattr(parquet, "ROWS", 1)
    chunks = list(parquet.write(articles_with_spans(project)))
    assert len(chunks) >= 2 and all(chunks[:-1])  # bytes go out before the end
    assert pq.ParquetFile(io.BytesIO(b"".join(chunks))).num_row_groups == 2


def conll(project, **filters) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(export_bytes(project, "conll", **filters)))


def test_conll_has_a_docstart_per_article_and_a_bio_column_per_label(corpus, project):
    archive = conll(project)
    labels = archive.read("labels.txt").decode().split()
    assert labels == sorted(labels) and "attribution" in labels
    text = archive.read("corpus.conll").decode()
    assert text.count("-DOCSTART-") == 2
    rows = [line.split("\t") for line in text.splitlines() if line and "-DOCSTART-" not in line]
    assert all(len(r) == 3 + len(labels) for r in rows)
    col = 3 + labels.index("unverified-claim")
    claim = [(r[0], r[col]) for r in rows if r[col] != "O"]
    assert claim[:3] == [
        ("the", "B-unverified-claim"),
        ("strikes", "I-unverified-claim"),
        ("hit", "I-unverified-claim"),
    ]
    # Overlapping labels keep their own columns: a token may be in two spans.
    article = corpus["articles"][0]
    for token, start, end, *_tags in rows[:5]:
        assert article.text[int(start) : int(end)] == token


def test_conll_reports_a_boundary_inside_a_token(article, analyst, project, reviewer):
    from newsannot.annotations.services import span_review

    span = quote_span(article, analyst, "attribution", "fficials")  # inside "Officials"
    span_review(span=span, reviewer=reviewer, decision="approve", version=span.version)
    archive = conll(project)
    misaligned = archive.read("misaligned.tsv").decode().splitlines()
    assert misaligned[1].split("\t")[:6] == [
        str(article.pk),
        "attribution",
        str(span.start),
        str(span.end),
        "fficials",
        "Officials",
    ]
    rows = archive.read("corpus.conll").decode().splitlines()
    assert rows[2].startswith("Officials\t0\t9\t")  # tagged, and reported


def test_spacy_docbin_holds_the_spans_per_label_and_reports_misaligned_ones(
    corpus, project, analyst2, reviewer
):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    from newsannot.annotations.services import span_review

    article = corpus["articles"][0]
    span = quote_span(article, analyst2, "attribution", "fficials")  # inside "Officials"
    span_review(span=span, reviewer=reviewer, decision="approve", version=span.version)
    nlp = spacy.blank("xx")
    docs = list(DocBin().from_bytes(export_bytes(project, "spacy")).get_docs(nlp.vocab))
    assert [d.user_data["id"] for d in docs] == [a.pk for a in corpus["articles"]]
    first = docs[0]
    assert [s.text for s in first.spans["unverified-claim"]] == [
        "the strikes hit only militant targets"
    ]
    assert [tuple(m) for m in first.user_data["misaligned"]] == [
        ("attribution", span.start, span.end)
    ]
    assert "Officials" in [s.text for s in first.spans["attribution"]]  # widened, and reported
