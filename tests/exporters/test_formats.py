"""Every format, read back by an independent reader, checked span by span against the DB."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pytest

from newsannot.annotations.models import Span
from newsannot.corpus.models import Article
from newsannot.exporters import FORMATS
from tests.exporters.conftest import export_bytes


def expected(project, status="approved"):
    spans = Span.objects.filter(project=project).select_related("label", "annotator", "reviewer")
    if status != "all":
        spans = spans.filter(status=status)
    return [
        (s.article_id, s.label.key, s.start, s.end, s.quote)
        for s in spans.order_by("article_id", "start", "end", "id")
    ]


def texts(project):
    return dict(Article.objects.filter(project=project).values_list("id", "text"))


def test_every_format_is_registered():
    assert set(FORMATS) == {
        "jsonl",
        "doccano",
        "label-studio",
        "w3c",
        "ptc",
        "brat",
        "csv",
        "parquet",
        "conll",
        "spacy",
    }


def test_jsonl_holds_metadata_text_and_spans(corpus, project):
    lines = [
        json.loads(line)
        for line in export_bytes(project, "jsonl", layer="annotations").splitlines()
    ]
    assert [line["id"] for line in lines] == sorted(texts(project))
    got = []
    for line in lines:
        assert line["offsets"] == "codepoints"
        assert line["text"] == texts(project)[line["id"]]
        for s in line["spans"]:
            assert line["text"][s["start"] : s["end"]] == s["quote"]
            assert s["status"] == "approved" and s["annotator"] == "alice"
            assert s["reviewer"] == "rita"
            got.append((line["id"], s["label"], s["start"], s["end"], s["quote"]))
    assert got == expected(project)
    first = lines[0]
    assert (first["outlet"], first["external_id"], first["url"]) == (
        "RT",
        "t-1",
        "https://example.org/a",
    )
    assert first["spans"][0]["note"] == 'tab\there, and "quotes"\nnewline'


def test_the_status_filter_picks_the_spans(corpus, project):
    for status in ("pending", "rejected", "all"):
        lines = [json.loads(x) for x in export_bytes(project, "jsonl", status=status).splitlines()]
        got = [
            (x["id"], s["label"], s["start"], s["end"], s["quote"])
            for x in lines
            for s in x["spans"]
        ]
        assert got == expected(project, status)
    assert len(expected(project, "pending")) == 1
    assert len(expected(project, "rejected")) == 1


def test_the_label_filter_picks_the_spans(corpus, project):
    lines = [
        json.loads(x) for x in export_bytes(project, "jsonl", label="attribution").splitlines()
    ]
    assert {s["label"] for x in lines for s in x["spans"]} == {"attribution"}


def test_doccano_lines_carry_text_and_label_triples(corpus, project):
    lines = [json.loads(line) for line in export_bytes(project, "doccano").splitlines()]
    got = []
    for line in lines:
        assert line["text"] == texts(project)[line["id"]]
        got += [
            (line["id"], label, start, end, line["text"][start:end])
            for start, end, label in line["label"]
        ]
    assert got == expected(project)


def test_label_studio_is_one_json_array_of_tasks(corpus, project):
    tasks = json.loads(export_bytes(project, "label-studio"))
    got = []
    for task in tasks:
        text = task["data"]["text"]
        assert text == texts(project)[task["id"]]
        for result in task["annotations"][0]["result"]:
            value = result["value"]
            assert result["type"] == "labels"
            assert text[value["start"] : value["end"]] == value["text"]
            got.append(
                (task["id"], value["labels"][0], value["start"], value["end"], value["text"])
            )
    assert got == expected(project)


def test_label_studio_with_no_articles_is_an_empty_array(project):
    assert json.loads(export_bytes(project, "label-studio")) == []


def test_w3c_annotations_have_position_and_quote_selectors(corpus, project):
    page = json.loads(export_bytes(project, "w3c"))
    assert page["@context"] == "http://www.w3.org/ns/anno.jsonld"
    all_texts = texts(project)
    by_id = {s.pk: s for s in Span.objects.all()}
    got = []
    for item in page["items"]:
        assert item["type"] == "Annotation"
        span = by_id[int(item["id"].rsplit(":", 1)[1])]
        text = all_texts[span.article_id]
        position, quote = item["target"]["selector"]
        assert position["type"] == "TextPositionSelector"
        assert quote["type"] == "TextQuoteSelector"
        start, end = position["start"], position["end"]
        assert text[start:end] == quote["exact"]
        assert text[:start].endswith(quote["prefix"]) and text[end:].startswith(quote["suffix"])
        assert quote["prefix"] or start == 0
        got.append((span.article_id, item["body"][0]["value"], start, end, quote["exact"]))
    assert got == expected(project)


def test_ptc_zip_holds_exact_texts_and_a_tab_separated_labels_file(corpus, project):
    archive = zipfile.ZipFile(io.BytesIO(export_bytes(project, "ptc")))
    manifest = [json.loads(line) for line in archive.read("articles.jsonl").splitlines()]
    keys = {row["ptc_id"]: row["article_id"] for row in manifest}
    for article in Article.objects.filter(project=project):
        # No numeric external ids here: each is 0 + its id (tests/exporters/test_zip_names.py).
        key = f"0{article.pk}"
        assert keys[key] == article.pk
        assert archive.read(f"articles/article{key}.txt").decode("utf-8") == article.text
    got = []
    for row in archive.read("labels.tsv").decode("utf-8").splitlines():
        key, label, start, end = row.split("\t")
        article_id = keys[key]
        start, end = int(start), int(end)
        got.append((article_id, label, start, end, texts(project)[article_id][start:end]))
    assert got == expected(project)


def parse_brat(ann: str) -> tuple[list[tuple[str, list[tuple[int, int]], str]], dict[str, str]]:
    spans, notes = [], {}
    for line in ann.splitlines():
        if line.startswith("T"):
            _tid, middle, covered = line.split("\t")
            label, where = middle.split(" ", 1)
            fragments = [tuple(map(int, part.split())) for part in where.split(";")]
            spans.append((label, fragments, covered))
        elif line.startswith("#"):
            _nid, target, note = line.split("\t")
            notes[target.split()[1]] = note
    return spans, notes


def test_brat_pairs_reproduce_every_span_and_split_line_breaks(corpus, project):
    archive = zipfile.ZipFile(io.BytesIO(export_bytes(project, "brat")))
    got = []
    for article_id, text in texts(project).items():
        assert archive.read(f"{article_id}.txt").decode("utf-8") == text
        spans, notes = parse_brat(archive.read(f"{article_id}.ann").decode("utf-8"))
        for label, fragments, covered in spans:
            assert re.fullmatch(r"[A-Za-z0-9_-]+", label)
            assert covered == " ".join(text[a:b] for a, b in fragments)
            for a, b in fragments:
                assert "\n" not in text[a:b]
            start, end = fragments[0][0], fragments[-1][1]
            got.append((article_id, label, start, end, text[start:end]))
        if article_id == corpus["articles"][0].pk:
            assert notes["T1"] == 'tab here, and "quotes" newline'
    assert got == expected(project)
    crlf = corpus["articles"][1]
    spans, _ = parse_brat(archive.read(f"{crlf.pk}.ann").decode("utf-8"))
    assert any(len(fragments) == 2 for _, fragments, _ in spans)


def test_csv_has_one_properly_quoted_row_per_span(corpus, project):
    rows = list(csv.DictReader(io.StringIO(export_bytes(project, "csv").decode("utf-8"))))
    got = [
        (int(r["article_id"]), r["label"], int(r["start"]), int(r["end"]), r["quote"]) for r in rows
    ]
    assert got == expected(project)
    assert rows[0]["reviewer"] == "rita" and rows[0]["external_id"] == "t-1"
    assert 'tab\there, and "quotes"\nnewline' in {r["note"] for r in rows}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_a_format_writes_an_empty_project_without_error(project, name):
    assert isinstance(export_bytes(project, name), bytes)
