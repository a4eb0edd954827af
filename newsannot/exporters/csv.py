"""One span a row, with a header; quoted by the csv module (quotes may hold newlines).

The article's detected outlet (name, country, typology code) repeats on each of its rows; a
state-media-source span's own outlet has its name and typology code; empty when unknown.

Relations and attributes, without a second file: each row has the span's `span_id`, its
`attributes` as a JSON object, and `relations` as a JSON list of the relations that start at it
(`[{"id", "type", "to", "status"}]`, `to` another row's span_id).

Every text cell goes through `escape_cell`: a spreadsheet would run a quote, note, external id
or username that starts with = + - @ as a formula, so such a cell gets a leading apostrophe
(reversibly: newsannot/lib/spreadsheet.py). The other formats carry the values exactly.
"""

from __future__ import annotations

import csv
import io
import json
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
    "span_id",
    "attributes",
    "relations",
)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def write(articles: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow(HEADER)
    for article in articles:
        outlet = article["outlet_registry"] or {}
        registry = (outlet.get("name", ""), outlet.get("country", ""), outlet.get("typology", ""))
        registry = tuple(map(escape_cell, registry))
        external_id = escape_cell(article["external_id"])
        outgoing: dict[int, list[dict[str, Any]]] = {}
        for r in article.get("relations", []):
            outgoing.setdefault(r["from"], []).append(
                {"id": r["id"], "type": r["type"], "to": r["to"], "status": r["status"]}
            )
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
                    s.get("id", ""),  # a gold span is no one's row: no id
                    _json(s.get("attributes", {})) if s.get("attributes", {}) else "",
                    _json(outgoing[s["id"]]) if s.get("id") in outgoing else "",
                )
            )
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
