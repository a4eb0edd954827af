"""The jsonl export spells every timestamp as `datetime.isoformat()` does, on every database.

On SQLite the portable writer reads timestamps and attributes as stored text (source.values)
instead of through Django's converters; these tests hold that text to what the ORM reads.
"""

from __future__ import annotations

import datetime as dt
import json

from newsannot.annotations.models import Span
from newsannot.exporters import jsonl
from newsannot.exporters.source import articles_with_spans


def exported_spans(project) -> dict[int, dict]:
    body = b"".join(jsonl.write(articles_with_spans(project, status="all")))
    return {s["id"]: s for line in body.splitlines() for s in json.loads(line)["spans"]}


def test_timestamps_are_written_as_isoformat_whole_seconds_and_microseconds(corpus, project):
    first, second = corpus["spans"][:2]
    whole = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    fraction = dt.datetime(2025, 1, 2, 3, 4, 5, 120, tzinfo=dt.UTC)  # 0.000120 s
    Span.objects.filter(pk=first.pk).update(created_at=whole, updated_at=fraction)
    Span.objects.filter(pk=second.pk).update(attributes={"quote_type": "mixed", "a": "b"})

    spans = exported_spans(project)

    assert spans[first.pk]["created_at"] == "2025-01-02T03:04:05+00:00"
    assert spans[first.pk]["updated_at"] == "2025-01-02T03:04:05.000120+00:00"
    for span in Span.objects.filter(project=project):
        assert spans[span.pk]["created_at"] == span.created_at.isoformat()
        assert spans[span.pk]["updated_at"] == span.updated_at.isoformat()
    # Attributes as {key: value} in key order, read back from their stored JSON.
    assert list(spans[second.pk]["attributes"].items()) == [("a", "b"), ("quote_type", "mixed")]
    assert spans[first.pk]["attributes"] == {}
