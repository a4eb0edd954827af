"""One span a row, with a header; quoted by the csv module (quotes may hold newlines).

The article's detected outlet (name, country, typology code) repeats on each of its rows; a
state-media-source span's own outlet has its name and typology code; empty when unknown.
"""

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
    "article_outlet",
    "article_outlet_country",
    "article_outlet_typology",
    "span_outlet",
    "span_outlet_typology",
)


def write(articles: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow(HEADER)
    for article in articles:
        outlet = article["outlet_registry"] or {}
        registry = (outlet.get("name", ""), outlet.get("country", ""), outlet.get("typology", ""))
        for s in article["spans"]:
            named = s["outlet"] or {}
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
                    *registry,
                    named.get("name", ""),
                    named.get("typology", ""),
                )
            )
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
