"""One span a row, with a header; quoted by the csv module (quotes may hold newlines)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

NAME = "csv"
CONTENT_TYPE = "text/csv; charset=utf-8"
EXTENSION = "csv"
HEADER = (
    "article_id",
    "external_id",
    "label",
    "start",
    "end",
    "quote",
    "status",
    "annotator",
    "reviewer",
    "note",
)


def write(articles: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow(HEADER)
    for article in articles:
        for s in article["spans"]:
            out.writerow(
                (
                    article["id"],
                    article["external_id"],
                    s["label"],
                    s["start"],
                    s["end"],
                    s["quote"],
                    s["status"],
                    s["annotator"],
                    s["reviewer"] or "",
                    s["note"],
                )
            )
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
