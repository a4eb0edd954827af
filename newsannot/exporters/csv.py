"""One span a row, with a header; quoted by the csv module (quotes may hold newlines).

The article's detected outlet (name, country, typology code) repeats on each of its rows; a
state-media-source span's own outlet has its name and typology code; empty when unknown.

Every text cell goes through `escape_cell`: a spreadsheet would run a quote, note, external id
or username that starts with = + - @ as a formula, so such a cell gets a leading apostrophe
(reversibly: newsannot/lib/spreadsheet.py). The other formats carry the values exactly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from newsannot.lib.spreadsheet import escape_cell

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
        registry = tuple(map(escape_cell, registry))
        external_id = escape_cell(article["external_id"])
        for s in article["spans"]:
            named = s["outlet"] or {}
            out.writerow(
                (
                    article["id"],
                    external_id,
                    escape_cell(s["label"]),
                    s["start"],
                    s["end"],
                    escape_cell(s["quote"]),
                    s["status"],
                    escape_cell(s["annotator"]),
                    escape_cell(s["reviewer"] or ""),
                    escape_cell(s["note"]),
                    *registry,
                    escape_cell(named.get("name", "")),
                    escape_cell(named.get("typology", "")),
                )
            )
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
