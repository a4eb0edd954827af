"""Relations and attributes in every format that can hold them, each read back by its own reader."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from newsannot.annotations.relations import relation_create, relation_review
from newsannot.annotations.services import span_update
from tests.exporters.conftest import export_bytes

ATTRIBUTES = {"quote_type": "indirect", "source_type": "official-body"}


@pytest.fixture
def linked(corpus, article, analyst, reviewer, manager):
    claim, said, rt = corpus["spans"][:3]  # approved: claim, attribution, state-media-source
    span_update(
        span=said, actor=reviewer.__class__.objects.get(username="mona"), attributes=ATTRIBUTES
    )
    for kind, target in (("attributes", claim), ("via-outlet", rt)):
        relation = relation_create(
            article=article, type=kind, from_span=said, to_span=target, annotator=analyst
        )
        relation_review(relation=relation, reviewer=reviewer, decision="approve", version=1)
    # A pending relation stays out of an approved export.
    relation_create(
        article=article, type="via-outlet", from_span=claim, to_span=rt, annotator=analyst
    )
    return article


TRIPLES = {
    ("attributes", "外交部 spokesman Zhao told", "the strikes hit only militant targets"),
    ("via-outlet", "外交部 spokesman Zhao told", "Source: RT"),
}
ATTRIBUTED = {
    ("外交部 spokesman Zhao told", "quote_type", "indirect"),
    ("外交部 spokesman Zhao told", "source_type", "official-body"),
}


def test_jsonl(linked, project):
    line = json.loads(export_bytes(project, "jsonl", layer="annotations").splitlines()[0])
    quotes = {s["id"]: s["quote"] for s in line["spans"]}
    assert {(r["type"], quotes[r["from"]], quotes[r["to"]]) for r in line["relations"]} == TRIPLES
    assert {
        (s["quote"], k, v) for s in line["spans"] for k, v in s["attributes"].items()
    } == ATTRIBUTED


def test_doccano(linked, project):
    line = json.loads(export_bytes(project, "doccano", layer="annotations").splitlines()[0])
    text = line["text"]
    quotes = {e["id"]: text[e["start_offset"] : e["end_offset"]] for e in line["entities"]}
    got = {(r["type"], quotes[r["from_id"]], quotes[r["to_id"]]) for r in line["relations"]}
    assert got == TRIPLES
    attributed = {
        (quotes[int(i)], k, v) for i, a in line["attributes"].items() for k, v in a.items()
    }
    assert attributed == ATTRIBUTED


def test_label_studio(linked, project):
    task = json.loads(export_bytes(project, "label-studio", layer="annotations"))[0]
    results = task["annotations"][0]["result"]
    regions = {r["id"]: r["value"]["text"] for r in results if r["type"] == "labels"}
    got = {
        (r["labels"][0], regions[r["from_id"]], regions[r["to_id"]])
        for r in results
        if r["type"] == "relation"
    }
    assert got == TRIPLES
    assert all(r["direction"] == "right" for r in results if r["type"] == "relation")
    choices = {
        (regions[r["id"]], r["from_name"], r["value"]["choices"][0])
        for r in results
        if r["type"] == "choices"
    }
    assert choices == ATTRIBUTED


def test_brat(linked, project):
    archive = zipfile.ZipFile(io.BytesIO(export_bytes(project, "brat", layer="annotations")))
    ann = archive.read(f"{linked.pk}.ann").decode("utf-8")
    covered, relations, attributes = {}, set(), set()
    for row in ann.splitlines():
        kind = row[0]
        if kind == "T":
            tid, _, text = row.split("\t")
            covered[tid] = text
        elif kind == "R":
            _, middle = row.split("\t")
            rtype, arg1, arg2 = middle.split(" ")
            relations.add((rtype, arg1.removeprefix("Arg1:"), arg2.removeprefix("Arg2:")))
        elif kind == "A":
            _, middle = row.split("\t")
            name, target, value = middle.split(" ")
            attributes.add((target, name, value))
    assert {(t, covered[a], covered[b]) for t, a, b in relations} == TRIPLES
    assert {(covered[t], k, v) for t, k, v in attributes} == ATTRIBUTED


def test_w3c(linked, project):
    items = json.loads(export_bytes(project, "w3c", layer="annotations"))["items"]
    exact = {
        i["id"]: i["target"]["selector"][1]["exact"] for i in items if i["motivation"] == "tagging"
    }
    links = [i for i in items if i["motivation"] == "linking"]
    got = {(i["body"][0]["value"], exact[i["target"][0]], exact[i["target"][1]]) for i in links}
    assert got == TRIPLES
    classified = {
        (exact[i["id"]], *b["value"].split("=", 1))
        for i in items
        if i["motivation"] == "tagging"
        for b in i["body"]
        if b.get("purpose") == "classifying"
    }
    assert classified == ATTRIBUTED


def test_csv(linked, project):
    rows = list(
        csv.DictReader(
            io.StringIO(export_bytes(project, "csv", layer="annotations").decode("utf-8"))
        )
    )
    quotes = {int(r["span_id"]): r["quote"] for r in rows}
    got = {
        (rel["type"], r["quote"], quotes[rel["to"]])
        for r in rows
        if r["relations"]
        for rel in json.loads(r["relations"])
    }
    assert got == TRIPLES
    attributed = {
        (r["quote"], k, v)
        for r in rows
        if r["attributes"]
        for k, v in json.loads(r["attributes"]).items()
    }
    assert attributed == ATTRIBUTED
