from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from newsannot.annotations.relations import relation_create, relation_review
from newsannot.annotations.services import span_review, span_update
from newsannot.corpus.services import article_create, project_create
from newsannot.exporters import FORMATS, source
from tests.api.conftest import Api
from tests.conftest import quote_span


def export(user, project, **params):
    return Api(user).get(f"/api/v1/projects/{project.pk}/export/", **params)


def body(response) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_streams_with_its_content_type(project, span, manager, name):
    response = export(manager, project, format=name, status="all")
    assert response.status_code == 200
    assert response["Content-Type"] == FORMATS[name].CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    assert body(response)


def test_an_unknown_format_or_status_is_a_400(project, manager):
    response = export(manager, project, format="xml")
    assert response.status_code == 400
    assert "Unknown format 'xml'" in response.json()["detail"]
    response = export(manager, project, status="maybe")
    assert response.status_code == 400
    assert "Unknown status 'maybe'" in response.json()["detail"]


def test_by_default_only_approved_spans_are_exported(article, span, analyst, reviewer, manager):
    other = quote_span(article, analyst, "attribution", "Officials")
    span_review(span=other, reviewer=reviewer, decision="approve", version=1)
    response = export(manager, article.project, layer="annotations")
    lines = [json.loads(x) for x in body(response).splitlines()]
    assert [s["id"] for s in lines[0]["spans"]] == [other.pk]


def grow(project, user, reviewer, count: int, first: int = 0) -> None:
    for n in range(first, first + count):
        article = article_create(
            project=project, title=f"A{n}", text=f"Article {n}: Officials said so.\r\n"
        ).article
        span = quote_span(article, user, "attribution", "Officials said")
        span_review(span=span, reviewer=reviewer, decision="approve", version=1)


def _export_queries(project, manager, name: str) -> int:
    api = Api(manager)
    with CaptureQueriesContext(connection) as queries:
        assert body(api.get(f"/api/v1/projects/{project.pk}/export/", format=name))
    return len(queries)


@pytest.mark.parametrize("name", ["jsonl", "brat"])
def test_the_export_query_count_grows_by_chunks_of_articles_not_by_articles(
    project, analyst, reviewer, manager, name, monkeypatch
):
    """A fixed number of queries for each chunk of source.CHUNK articles, and a few for the
    export; none for each article or span."""
    monkeypatch.setattr(source, "CHUNK", 5)
    grow(project, analyst, reviewer, 2)
    one_chunk = _export_queries(project, manager, name)
    # With the project's relation types, the article ids and a chunk's relations.
    assert one_chunk <= 12
    grow(project, analyst, reviewer, 2, first=2)  # 4: still one chunk
    assert _export_queries(project, manager, name) == one_chunk
    grow(project, analyst, reviewer, 13, first=4)  # 17: four chunks
    # A chunk: the rendered lines (jsonl on PostgreSQL), or its articles, their detected
    # outlets, its spans and its relations (the article ids are read once, for all chunks).
    per_chunk = 1 if name == "jsonl" and connection.vendor == "postgresql" else 4
    assert _export_queries(project, manager, name) == one_chunk + 3 * per_chunk


@pytest.mark.parametrize("size", [2, 20])
def test_list_query_counts_do_not_grow_with_the_corpus(
    project, analyst, reviewer, size, django_assert_max_num_queries
):
    grow(project, analyst, reviewer, size)
    api = Api(reviewer)
    for url in (
        f"/api/v1/projects/{project.pk}/articles/",
        f"/api/v1/projects/{project.pk}/spans/",
        "/api/v1/projects/",
    ):
        with django_assert_max_num_queries(5):
            response = api.get(url)
        assert response.status_code == 200
    assert len(api.get(f"/api/v1/projects/{project.pk}/spans/").json()["results"]) == size


def test_jsonl_export_imports_into_a_new_project_identically(
    project, article, analyst, reviewer, manager, site_admin
):
    crlf = article_create(project=project, title="CRLF", text="One\r\ntwo 🚀 three\r\n").article
    spans = [
        quote_span(article, analyst, "attribution", "外交部 spokesman"),
        quote_span(article, analyst, "state-media-source", "Source: RT", note="tass?"),
        quote_span(crlf, analyst, "unverified-claim", "One\ntwo 🚀"),
    ]
    claim = quote_span(article, analyst, "unverified-claim", "the claims were false")
    spans.append(claim)
    spans[0] = span_update(
        span=spans[0],
        actor=analyst,
        attributes={"quote_type": "direct", "source_type": "anonymous"},
    )
    for span in spans:
        span_review(span=span, reviewer=reviewer, decision="approve", version=span.version)
    for kind, end in (("attributes", claim), ("via-outlet", spans[1])):
        relation = relation_create(
            article=article, type=kind, from_span=spans[0], to_span=end, annotator=analyst
        )
        relation_review(relation=relation, reviewer=reviewer, decision="approve", version=1)
    first = body(export(manager, project, layer="annotations"))

    copy = project_create(name="Copy")
    Api(site_admin).post(
        f"/api/v1/projects/{copy.pk}/members/", {"username": "mona", "role": "manager"}
    )
    response = Api(manager).client.post(
        f"/api/v1/projects/{copy.pk}/import/", first, content_type="application/x-ndjson"
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["spans"], response.json()["relations"]) == (4, 2)
    second = body(export(manager, copy, layer="annotations"))

    def comparable(data: bytes):
        out = []
        for line in data.splitlines():
            article = json.loads(line)
            out.append(
                (
                    article["title"],
                    article["text"],
                    article["outlet"],
                    article["external_id"],
                    [
                        (
                            *(s["start"], s["end"], s["label"], s["quote"], s["note"]),
                            *(s["status"], s["attributes"]),
                        )
                        for s in article["spans"]
                    ],
                    [
                        (r["type"], at[r["from"]], at[r["to"]], r["status"], r["note"])
                        for r in article["relations"]
                        for at in [{s["id"]: (s["start"], s["end"]) for s in article["spans"]}]
                    ],
                )
            )
        return out

    assert comparable(first) == comparable(second)
    relations = comparable(second)[0][-1]
    assert len(relations) == 2 and {r[0] for r in relations} == {"attributes", "via-outlet"}
    attributed = comparable(second)[0][-2][0][-1]
    assert attributed == {"quote_type": "direct", "source_type": "anonymous"}


def test_the_export_command_writes_every_format(project, span, reviewer, tmp_path):
    span_review(span=span, reviewer=reviewer, decision="approve", version=1)
    for name in FORMATS:
        path = tmp_path / f"out.{name}"
        call_command("export_corpus", str(project.pk), "--format", name, "-o", str(path))
        assert path.stat().st_size > 0
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["spans"][0]["quote"] == span.quote
