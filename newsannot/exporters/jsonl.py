"""newsannot's own format: one article a line, with metadata, text and spans.

Importing it into a new project reproduces the texts and spans (offsets are code points).
`outlet_registry` (the article's detected outlet: name, country, typology, typology_label, how)
and a span's `outlet` (the outlet a state-media-source span names) are null when unknown; the
importer ignores both: they are re-detected from the text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection

from newsannot.exporters.source import ArticleSource, iso

NAME = "jsonl"
CONTENT_TYPE = "application/x-ndjson; charset=utf-8"
EXTENSION = "jsonl"


def span_dict(span: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": span["id"],
        "start": span["start"],
        "end": span["end"],
        "label": span["label"],
        "quote": span["quote"],
        "status": span["status"],
        "annotator": span["annotator"],
        "reviewer": span["reviewer"],
        "note": span["note"],
        "outlet": span["outlet"],
        "created_at": iso(span["created_at"]),
        "updated_at": iso(span["updated_at"]),
    }


def article_dict(article: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": article["id"],
        "title": article["title"],
        "url": article["url"],
        "outlet": article["outlet"],
        "outlet_registry": article["outlet_registry"],
        "published_at": iso(article["published_at"]),
        "external_id": article["external_id"],
        "created_at": iso(article["created_at"]),
        "updated_at": iso(article["updated_at"]),
        "offsets": "codepoints",
        "text": article["text"],
        "spans": [span_dict(span) for span in article["spans"]],
    }


def write(articles: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    if isinstance(articles, ArticleSource) and connection.vendor == "postgresql":
        from newsannot.exporters import pgjsonl  # the same lines, written by the database

        yield from pgjsonl.lines(articles)
    else:
        yield from python_lines(articles)


def python_lines(articles: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """The portable path: one json.dumps a line."""
    for article in articles:
        yield (json.dumps(article_dict(article), ensure_ascii=False) + "\n").encode("utf-8")
