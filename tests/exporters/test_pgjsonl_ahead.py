"""The database renders the next chunks on connections of its own while one is sent: the same
bytes, in the same order, and the connections go back to the pool (pgjsonl._rendered_ahead).

These tests commit their rows (transaction=True): the renderers' connections cannot see rows
of a transaction that is still open, which is also why the export renders one chunk at a time
inside one (lines() checks).
"""

from __future__ import annotations

import json

import pytest
from django.db import connection

from newsannot.exporters import jsonl, pgjsonl, source
from newsannot.exporters.source import articles_with_spans

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the database renders jsonl only on PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def many(corpus, project, manager, analyst):
    from newsannot.corpus.services import article_create
    from tests.conftest import quote_span

    for i in range(9):
        article = article_create(
            project=project,
            title=f"Extra {i}",
            text=f"Talks {i} ended, TASS said.",
            created_by=manager,
        ).article
        quote_span(article, analyst, "attribution", "TASS said")
    return corpus


@pytest.mark.parametrize("renderers", [2, 3])
def test_rendered_ahead_the_lines_are_pythons_in_order(
    many, project, settings, monkeypatch, renderers
):
    monkeypatch.setattr(source, "CHUNK", 2)  # eleven articles: six chunks
    settings.EXPORT_RENDERERS = renderers
    export = articles_with_spans(project, status="all")
    assert not connection.in_atomic_block

    database = b"".join(pgjsonl.lines(export))

    assert database == b"".join(jsonl.python_lines(export))
    ids = [json.loads(line)["id"] for line in database.splitlines()]
    assert len(ids) == 11 and ids == sorted(ids)


def test_a_response_stopped_early_stops_the_renderers(many, project, settings, monkeypatch):
    import threading

    monkeypatch.setattr(source, "CHUNK", 1)
    monkeypatch.setattr(pgjsonl, "BLOCK", 1)
    settings.EXPORT_RENDERERS = 2

    # The renderers by name: the process's other threads (a live server's, from the browser
    # tests run before these in one process) come and go as they like.
    def renderers() -> int:
        return sum(t.name == "jsonl-renderer" for t in threading.enumerate())

    assert renderers() == 0
    lines = pgjsonl.lines(articles_with_spans(project, status="all"))
    first = next(lines)
    assert renderers() == 2
    lines.close()  # the client went away
    assert renderers() == 0
    assert json.loads(first)["title"]


def test_a_renderers_error_reaches_the_response(many, project, settings, monkeypatch):
    from django.db import DatabaseError

    monkeypatch.setattr(source, "CHUNK", 2)
    settings.EXPORT_RENDERERS = 2
    monkeypatch.setattr(pgjsonl, "_sql", lambda source: "SELECT no_such_column FROM corpus_article")
    with pytest.raises(DatabaseError):
        b"".join(pgjsonl.lines(articles_with_spans(project, status="all")))


def test_a_small_export_is_shared_among_the_renderers(many, project, settings, monkeypatch):
    """Eleven articles are less than a chunk: rendered as one, one connection did all the work
    while the others waited."""
    settings.EXPORT_RENDERERS = 2
    monkeypatch.setattr(pgjsonl, "MIN_CHUNK", 2)
    rendered = []
    chunk_lines = pgjsonl._chunk_lines

    def counted(connection, sql, values, **kwargs):
        rendered.append(values["ids"])
        return chunk_lines(connection, sql, values, **kwargs)

    monkeypatch.setattr(pgjsonl, "_chunk_lines", counted)
    export = articles_with_spans(project, status="all")
    database = b"".join(pgjsonl.lines(export))

    assert len(rendered) == 4  # at least two a renderer, of MIN_CHUNK articles or more
    assert database == b"".join(jsonl.python_lines(export))
