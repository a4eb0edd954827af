"""With a read replica configured, exports and the dashboard read from it; writes never do."""

from __future__ import annotations

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from newsannot.annotations.models import Span
from newsannot.replicas import ReplicaRouter, reading_from_replica
from tests.conftest import client_for, quote_span

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica(settings):
    settings.DATABASE_REPLICA_URL = "postgres://replica.example/newsannot"  # only "is set" matters


@pytest.fixture(autouse=True)
def _close_replica():
    yield
    replica = connections["replica"]
    replica.close()  # else the test database cannot be dropped at the end
    if hasattr(replica, "close_pool"):
        replica.close_pool()


def _reads(alias: str, queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "annotations_span" in q["sql"]]


@pytest.mark.parametrize("renderers", [1, 2])
def test_the_export_reads_its_spans_from_the_replica(
    replica, project, article, analyst, manager, settings, monkeypatch, renderers
):
    from newsannot.exporters import pgjsonl

    # Rendered ahead (EXPORT_RENDERERS > 1), chunks are read on connections of other threads,
    # which no CaptureQueriesContext here sees: record which alias each chunk was read from.
    settings.EXPORT_RENDERERS = renderers
    chunk_lines, aliases = pgjsonl._chunk_lines, []

    def recorded(connection, *args, **kwargs):
        aliases.append(connection.alias)
        return chunk_lines(connection, *args, **kwargs)

    monkeypatch.setattr(pgjsonl, "_chunk_lines", recorded)
    span = quote_span(article, analyst, "attribution", "spokesman Zhao")
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as copy,
    ):
        response = client_for(manager).get(f"/api/v1/projects/{project.pk}/export/?status=all")
        body = b"".join(response.streaming_content)
    assert span.quote.encode() in body
    if connections["default"].vendor == "postgresql":  # pgjsonl: the database writes the lines
        assert aliases and set(aliases) == {"replica"}, aliases
    if renderers == 1:
        assert _reads("replica", copy), "the export did not read spans from the replica"
    assert not _reads("default", primary), "the export read spans from the primary"


def test_the_dashboard_reads_from_the_replica(replica, project, article, analyst, reviewer):
    quote_span(article, analyst, "attribution", "spokesman Zhao")
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as copy,
    ):
        assert client_for(reviewer).get(f"/p/{project.pk}/dashboard/").status_code == 200
    assert _reads("replica", copy)
    assert not _reads("default", primary)


def test_without_a_replica_everything_reads_from_the_primary(
    project, article, analyst, reviewer, manager
):
    quote_span(article, analyst, "attribution", "spokesman Zhao")
    with CaptureQueriesContext(connections["replica"]) as copy:
        response = client_for(manager).get(f"/api/v1/projects/{project.pk}/export/?status=all")
        b"".join(response.streaming_content)
        client_for(reviewer).get(f"/p/{project.pk}/dashboard/")
    assert not copy.captured_queries


def test_writes_and_migrations_stay_on_the_primary(replica):
    router = ReplicaRouter()
    with reading_from_replica():
        assert router.db_for_read(Span) == "replica"
        assert router.db_for_write(Span) == "default"
    assert router.db_for_read(Span) is None
    assert router.allow_migrate("replica", "annotations") is False
    assert router.allow_migrate("default", "annotations") is True
