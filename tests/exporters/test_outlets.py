"""Exports carry the article's detected outlet and the outlet a state-media-source span names."""

from __future__ import annotations

import csv
import io
import json

import pytest

from newsannot.annotations.services import span_review
from newsannot.corpus.services import article_create
from newsannot.exporters import FORMATS
from newsannot.exporters.source import articles_with_spans
from tests.conftest import quote_span
from tests.exporters.conftest import export_bytes

RT = {
    "name": "RT",
    "country": "Russia",
    "typology": "SC",
    "typology_label": "State-controlled",
}


def jsonl(project, **filters):
    return [json.loads(x) for x in export_bytes(project, "jsonl", **filters).splitlines()]


def test_jsonl_articles_carry_their_detected_outlet_and_typology(corpus, project):
    first, crlf = jsonl(project)
    # The fixture article ends "Source: RT": detected from that line.
    assert first["outlet_registry"] == {**RT, "how": "source-line"}
    # "said TASS." is no source line, and the article has no outlet name or known domain.
    assert crlf["outlet_registry"] is None


def test_jsonl_state_media_spans_carry_the_outlet_they_name(corpus, project):
    lines = jsonl(project, status="all")
    spans = {(s["label"], s["quote"]): s for line in lines for s in line["spans"]}
    assert spans[("state-media-source", "Source: RT")]["outlet"] == RT
    tass = spans[("state-media-source", "TASS")]["outlet"]
    assert tass["name"] == "TASS" and tass["typology"] == "SC"
    # Other labels never carry one, even when their quote names an outlet.
    assert spans[("attribution", "First line, said TASS.\nSecond")]["outlet"] is None
    assert spans[("unverified-claim", "the strikes hit only militant targets")]["outlet"] is None


def test_a_state_media_span_naming_no_known_outlet_has_a_null_outlet(article, analyst, project):
    quote_span(article, analyst, "state-media-source", "外交部 spokesman")
    (line,) = jsonl(project, status="all")
    assert [s["outlet"] for s in line["spans"]] == [None]


def test_csv_rows_carry_article_and_span_outlets(corpus, project):
    rows = list(csv.DictReader(io.StringIO(export_bytes(project, "csv").decode("utf-8"))))
    by_quote = {r["quote"]: r for r in rows}
    source = by_quote["Source: RT"]
    assert (source["article_outlet"], source["article_outlet_country"]) == ("RT", "Russia")
    assert source["article_outlet_typology"] == "SC"
    assert (source["span_outlet"], source["span_outlet_typology"]) == ("RT", "SC")
    tass = by_quote["TASS"]
    assert tass["article_outlet"] == "" and tass["span_outlet"] == "TASS"
    assert by_quote["外交部 spokesman Zhao told"]["span_outlet"] == ""


def test_doccano_lines_carry_the_outlet_and_the_spans_outlets(corpus, project):
    first = json.loads(export_bytes(project, "doccano").splitlines()[0])
    assert first["outlet_registry"]["typology_label"] == "State-controlled"
    start = first["text"].index("Source: RT")
    assert first["span_outlets"] == [[start, start + len("Source: RT"), RT]]


def test_label_studio_tasks_carry_the_outlet_in_data_and_span_meta(corpus, project):
    task = json.loads(export_bytes(project, "label-studio"))[0]
    assert task["data"]["outlet_registry"]["name"] == "RT"
    metas = {r["value"]["text"]: r["meta"] for r in task["annotations"][0]["result"]}
    assert metas["Source: RT"]["outlet"] == RT
    assert "outlet" not in metas["外交部 spokesman Zhao told"]


def test_w3c_annotations_identify_the_outlet_and_the_target_its_source(corpus, project):
    page = json.loads(export_bytes(project, "w3c"))
    by_quote = {item["target"]["selector"][1]["exact"]: item for item in page["items"]}
    source = by_quote["Source: RT"]
    assert source["target"]["outlet"]["name"] == "RT"
    identifying = [b for b in source["body"] if b.get("purpose") == "identifying"]
    assert identifying == [{"type": "Outlet", "purpose": "identifying", **RT}]
    assert by_quote["TASS"]["target"]["outlet"] is None
    zhao = by_quote["外交部 spokesman Zhao told"]
    assert all(b["purpose"] != "identifying" for b in zhao["body"])


def grow(project, analyst, reviewer, count: int, first: int = 0) -> None:
    for n in range(first, first + count):
        article = article_create(
            project=project,
            title=f"A{n}",
            text=f"Story {n} about strikes, citing officials.\nSource: {'RT' if n % 2 else 'TASS'}",
            url=f"https://www.rt.com/news/{n}" if n % 3 == 0 else "",
        ).article
        span = quote_span(article, analyst, "state-media-source", article.text.split("\n")[1])
        span_review(span=span, reviewer=reviewer, decision="approve", version=1)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_the_query_count_with_outlets_does_not_grow_with_the_corpus(
    project, analyst, reviewer, name, django_assert_max_num_queries
):
    grow(project, analyst, reviewer, 2)
    # label-studio reads the chunk's suggestions (its predictions) too; conll the label set.
    # Every format: the project's relation types, and a chunk's relations; the article ids in
    # one query, then each chunk's articles by id.
    with django_assert_max_num_queries(11 if name in ("label-studio", "conll") else 9) as small:
        b"".join(FORMATS[name].write(articles_with_spans(project)))
    grow(project, analyst, reviewer, 30, first=2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        data = b"".join(FORMATS[name].write(articles_with_spans(project)))
    assert data


def test_every_article_and_span_of_a_grown_corpus_has_its_outlet(project, analyst, reviewer):
    grow(project, analyst, reviewer, 6)
    lines = jsonl(project)
    assert [line["outlet_registry"]["how"] for line in lines] == [
        "domain" if n % 3 == 0 else "source-line" for n in range(6)
    ]
    assert [line["spans"][0]["outlet"]["name"] for line in lines] == [
        "RT" if n % 2 else "TASS" for n in range(6)
    ]
