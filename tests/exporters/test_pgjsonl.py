"""On PostgreSQL the database writes the jsonl lines: byte for byte what Python writes."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsannot.annotations.models import Span
from newsannot.annotations.relations import relation_create, relation_review
from newsannot.corpus.models import Article
from newsannot.exporters import jsonl
from newsannot.exporters.source import articles_with_spans
from tests.conftest import quote_span

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database renders jsonl only on PostgreSQL"
)

# Every control character json.dumps escapes, DEL and U+2028 (which it does not), quotes, slashes.
HOSTILE = "".join(chr(c) for c in range(1, 32)) + '\x7f\u2028"\\/</script>é🚀'


def both(project, **filters) -> tuple[bytes, bytes]:
    source = articles_with_spans(project, **filters)
    from newsannot.exporters import pgjsonl

    return b"".join(pgjsonl.lines(source)), b"".join(jsonl.python_lines(source))


@pytest.fixture
def hostile(corpus, project, article, analyst2, reviewer):
    """The exporters' corpus, plus control characters and timestamps of every shape."""
    quote_span(article, analyst2, "state-media-source", "Source: RT", note=HOSTILE)
    Article.objects.filter(pk=article.pk).update(
        title=HOSTILE, external_id=HOSTILE, published_at=dt.date(2024, 2, 29)
    )
    # Whole seconds: isoformat() leaves the microseconds out.
    whole = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    Span.objects.filter(pk=corpus["spans"][0].pk).update(created_at=whole, updated_at=whole)
    Article.objects.filter(pk=corpus["articles"][1].pk).update(created_at=whole)
    # Attributes stored out of key order, and relations: one approved with a hostile note, one
    # pending, one to a span the label filter leaves out.
    claim, said, source_rt = corpus["spans"][:3]
    Span.objects.filter(pk=said.pk).update(
        attributes={"source_type": "official-body", "quote_type": "mixed"}
    )
    attributes = relation_create(
        article=article,
        type="attributes",
        from_span=said,
        to_span=claim,
        annotator=analyst2,
        note=HOSTILE,
    )
    relation_review(relation=attributes, reviewer=reviewer, decision="approve", version=1)
    relation_create(
        article=article, type="via-outlet", from_span=said, to_span=source_rt, annotator=analyst2
    )
    return corpus


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"status": "all"},
        {"status": "pending"},
        {"status": "rejected"},
        {"status": "all", "label": "state-media-source"},
        {"status": "all", "label": "no-such-label"},
    ],
)
def test_the_database_writes_the_same_bytes_as_python(hostile, project, filters):
    database, python = both(project, **filters)
    assert database == python
    assert database.count(b"\n") == 2


def test_the_same_bytes_with_updated_since(hostile, project):
    since = Span.objects.order_by("-updated_at").values_list("updated_at", flat=True)[1]
    database, python = both(project, status="all", updated_since=since)
    assert database == python
    assert 1 <= database.count(b"\n") <= 2
    later = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
    assert both(project, updated_since=later) == (b"", b"")


def test_the_database_lines_carry_outlets_and_escape_hostile_text(hostile, project):
    database, _ = both(project, status="all")
    first = json.loads(database.splitlines()[0])
    assert first["title"] == HOSTILE
    assert first["outlet_registry"]["typology_label"] == "State-controlled"
    named = [s for s in first["spans"] if s["label"] == "state-media-source"]
    assert len(named) == 2 and all(s["outlet"]["name"] == "RT" for s in named)
    assert any(s["note"] == HOSTILE for s in named)


def test_an_article_without_spans_has_an_empty_list(article, project):
    database, python = both(project)
    assert database == python
    assert json.loads(database)["spans"] == []


@pytest.mark.parametrize(
    "filters", [{"status": "all"}, {"updated_since": dt.datetime(2000, 1, 1, tzinfo=dt.UTC)}]
)
def test_the_first_lines_go_out_before_the_next_chunk_is_read(
    corpus, project, filters, monkeypatch
):
    """One query a chunk of articles, streamed: the first article's line is sent before the
    database is asked for the next chunk, not once every line is built."""
    from newsannot.exporters import pgjsonl, source

    monkeypatch.setattr(source, "CHUNK", 1)
    monkeypatch.setattr(pgjsonl, "BLOCK", 1)
    lines = pgjsonl.lines(articles_with_spans(project, **filters))
    with CaptureQueriesContext(connection) as queries:
        first = next(lines)
        # A query is logged once its stream ends: the first chunk's is still going (one
        # connection streams one query at a time, so no other has started).
        done_at_first = sum("AS body" in q["sql"] for q in queries)
        rest = b"".join(lines)  # a stream half read would hold the connection
    assert json.loads(first)["id"] == corpus["articles"][0].pk
    assert done_at_first == 0
    assert sum("AS body" in q["sql"] for q in queries) == 2
    assert json.loads(rest)["id"] == corpus["articles"][1].pk


def test_the_database_writes_relations_and_attributes_as_python(hostile, project):
    database, python = both(project, status="all", layer="annotations")
    assert database == python
    first = json.loads(database.splitlines()[0])
    assert [r["type"] for r in first["relations"]] == ["attributes", "via-outlet"]
    assert first["relations"][0]["note"] == HOSTILE
    said = next(s for s in first["spans"] if s["id"] == first["relations"][0]["from"])
    assert list(said["attributes"].items()) == [
        ("quote_type", "mixed"),
        ("source_type", "official-body"),
    ]
    approved = json.loads(both(project, layer="annotations")[0].splitlines()[0])
    assert [r["type"] for r in approved["relations"]] == ["attributes"]
    claims_only = json.loads(
        both(project, status="all", label="attribution", layer="annotations")[0].splitlines()[0]
    )
    assert claims_only["relations"] == []  # their other ends are not in the line
