"""The gold layer carries the approved spans' attributes and the approved relations between gold
spans; where the analysts' copies of a gold span differ on an attribute, the gold record says so
(`disagreement`) instead of picking one value."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.db import connection

from newsannot.annotations.models import Span
from newsannot.annotations.relations import relation_create, relation_review
from newsannot.annotations.services import span_review
from newsannot.exporters import jsonl
from newsannot.exporters.source import articles_with_spans
from tests.conftest import quote_span
from tests.exporters.conftest import export_bytes

ZHAO = "外交部 spokesman Zhao told"
CLAIM = "the claims were false"
OFFICIALS = "Officials 🚀 said"
STRIKES = "the strikes hit only militant targets"


def _approve(item, reviewer):
    if hasattr(item, "label_id"):
        return span_review(span=item, reviewer=reviewer, decision="approve", version=item.version)
    return relation_review(
        relation=item, reviewer=reviewer, decision="approve", version=item.version
    )


@pytest.fixture
def linked(article, analyst, analyst2, reviewer, reviewer2):
    """Alice and Amir both mark Zhao's attribution (agreeing on its source type, not on its
    quote type) and his claim, and link the two; Amir alone links the claim to its outlet.
    Alice's link of the officials' attribution to the strikes claim is rejected; a pending
    link is not approved either: neither is gold."""
    spans = {}
    for who, quote_type in ((analyst, "indirect"), (analyst2, "direct")):
        zhao = quote_span(
            article,
            who,
            "attribution",
            ZHAO,
            attributes={"source_type": "official-body", "quote_type": quote_type},
        )
        claim = quote_span(article, who, "unverified-claim", CLAIM)
        spans[who.username] = (zhao, claim)
    rt = quote_span(article, analyst2, "state-media-source", "Source: RT")
    officials = quote_span(article, analyst, "attribution", OFFICIALS)
    strikes = quote_span(article, analyst, "unverified-claim", STRIKES)
    for span in [*spans["alice"], *spans["amir"], rt, officials, strikes]:
        _approve(span, reviewer if span.annotator_id == analyst.pk else reviewer2)
    for who, (zhao, claim) in zip((analyst, analyst2), spans.values(), strict=True):
        link = relation_create(
            article=article, type="attributes", from_span=zhao, to_span=claim, annotator=who
        )
        _approve(link, reviewer)
    via = relation_create(
        article=article,
        type="via-outlet",
        from_span=spans["amir"][1],
        to_span=rt,
        annotator=analyst2,
    )
    _approve(via, reviewer2)
    wrong = relation_create(
        article=article, type="attributes", from_span=officials, to_span=strikes, annotator=analyst
    )
    relation_review(relation=wrong, reviewer=reviewer, decision="reject", version=wrong.version)
    relation_create(  # pending
        article=article, type="attributes", from_span=officials, to_span=claim, annotator=analyst
    )
    return spans


def read_gold(data: bytes) -> list[dict]:
    """An independent reader of the gold jsonl: each line an article whose `spans` are gold
    spans (quote, label, attributes, disagreement, span_ids) and whose `relations` name two of
    them by the first of their span_ids. Returns, per article, the relations as
    (type, from quote, to quote, annotators) and the spans by quote."""
    out = []
    for raw in data.splitlines():
        line = json.loads(raw)
        by_first_id = {s["span_ids"][0]: s for s in line["spans"]}
        for s in line["spans"]:
            assert line["text"][s["start"] : s["end"]] == s["quote"]
            assert isinstance(s["attributes"], dict) and isinstance(s["disagreement"], dict)
            for values in s["disagreement"].values():
                assert len(values) == len(s["span_ids"])  # one value per copy
        relations = [
            (
                r["type"],
                by_first_id[r["from"]]["quote"],
                by_first_id[r["to"]]["quote"],
                r["annotators"],
            )
            for r in line["relations"]
        ]
        out.append({"spans": {s["quote"]: s for s in line["spans"]}, "relations": relations})
    return out


def test_gold_spans_carry_agreed_attributes_and_show_a_disagreement(linked, project):
    (line,) = read_gold(export_bytes(project, "jsonl"))
    zhao = line["spans"][ZHAO]
    assert zhao["annotators"] == ["alice", "amir"]
    assert zhao["attributes"] == {"source_type": "official-body"}
    assert zhao["disagreement"] == {"quote_type": ["indirect", "direct"]}  # alice's, amir's
    assert line["spans"][OFFICIALS]["attributes"] == {}
    assert line["spans"][OFFICIALS]["disagreement"] == {}


def test_gold_relations_join_gold_spans_once_each_only_approved_ones(linked, project):
    (line,) = read_gold(export_bytes(project, "jsonl"))
    assert sorted(line["relations"]) == sorted(
        [
            ("attributes", ZHAO, CLAIM, ["alice", "amir"]),  # both analysts' links: one
            ("via-outlet", CLAIM, "Source: RT", ["amir"]),  # from amir's copy of the claim
        ]
    )


def test_other_formats_write_gold_attributes_and_relations(linked, project):
    archive = zipfile.ZipFile(io.BytesIO(export_bytes(project, "brat")))
    (ann,) = [archive.read(n).decode() for n in archive.namelist() if n.endswith(".ann")]
    assert "\tsource_type T" in ann and "quote_type" not in ann  # only the agreed value
    assert sum(1 for row in ann.splitlines() if row.startswith("R")) == 2
    (task,) = json.loads(export_bytes(project, "label-studio"))
    (gold,) = [a for a in task["annotations"] if a["ground_truth"]]
    relations = [r for r in gold["result"] if r["type"] == "relation"]
    regions = {r["id"]: r for r in gold["result"] if r["type"] == "labels"}
    assert sorted(
        (
            r["labels"][0],
            regions[r["from_id"]]["value"]["text"],
            regions[r["to_id"]]["value"]["text"],
        )
        for r in relations
    ) == [("attributes", ZHAO, CLAIM), ("via-outlet", CLAIM, "Source: RT")]
    (zhao,) = [r for r in regions.values() if r["value"]["text"] == ZHAO]
    assert zhao["meta"]["disagreement"] == {"quote_type": ["indirect", "direct"]}


def test_the_annotations_layer_keeps_every_analysts_relation(linked, project):
    data = export_bytes(project, "jsonl", status="all", layer="annotations")
    (line,) = [json.loads(raw) for raw in data.splitlines()]
    assert len(line["relations"]) == 5  # two agreeing, one via, one rejected, one pending


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pgjsonl is PostgreSQL's")
@pytest.mark.parametrize("filters", [{}, {"label": "attribution"}])
def test_the_database_writes_the_same_gold_attributes_and_relations(linked, project, filters):
    from newsannot.exporters import pgjsonl

    source = articles_with_spans(project, **filters)
    database = b"".join(pgjsonl.lines(source))
    assert database == b"".join(jsonl.python_lines(source))
    if not filters:
        assert b'"disagreement":{"quote_type":["indirect","direct"]}' in database
        assert database.count(b'"relation_ids"') == 2


def test_a_release_carries_gold_attributes_and_relations(
    linked, project, analyst, manager, run_jobs
):
    from tests.releases.test_releases import create, download

    # The manager, who reviewed no span, approves one more link: named by a pseudonym too.
    zhao = linked["alice"][0]
    strikes = Span.objects.get(quote=STRIKES)
    extra = relation_create(
        article=zhao.article, type="attributes", from_span=zhao, to_span=strikes, annotator=analyst
    )
    _approve(extra, manager)
    release = create(manager, project, run_jobs)
    (line,) = read_gold(download(manager, release))
    assert line["spans"][ZHAO]["disagreement"] == {"quote_type": ["indirect", "direct"]}
    assert sorted((t, a, b) for t, a, b, _ in line["relations"]) == [
        ("attributes", ZHAO, CLAIM),
        ("attributes", ZHAO, STRIKES),
        ("via-outlet", CLAIM, "Source: RT"),
    ]
    assert ["analyst-1", "analyst-2"] in [names for *_, names in line["relations"]]
    archive = zipfile.ZipFile(io.BytesIO(download(manager, release, "brat")))
    anns = [archive.read(n).decode() for n in archive.namelist() if n.endswith(".ann")]
    assert sum(row.startswith("R") for ann in anns for row in ann.splitlines()) == 3
    (task,) = json.loads(download(manager, release, "label-studio"))
    (gold,) = task["annotations"]
    assert sum(r["type"] == "relation" for r in gold["result"]) == 3


@pytest.mark.parametrize("fmt", ["csv", "doccano", "w3c"])
def test_gold_relations_reach_the_formats_that_write_relations(linked, project, fmt):
    data = export_bytes(project, fmt).decode()
    assert "via-outlet" in data and "official-body" in data
