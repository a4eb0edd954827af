"""newsannot's own format: one article a line, with metadata, text and spans.

The fields and their order are fields.py's ARTICLE_FIELDS and SPAN_FIELDS, which pgjsonl.py
renders the same way in SQL.

Importing it into a new project reproduces the texts and spans (offsets are code points).
`outlet_registry` (the article's detected outlet: name, country, typology, typology_label, how)
and a span's `outlet` (the outlet a state-media-source span names) are null when unknown; the
importer ignores both: they are re-detected from the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson
from django.db import connection

from newsannot.exporters.fields import ARTICLE_FIELDS, article_dict, article_fields, span_dict
from newsannot.exporters.source import ArticleSource

__all__ = ["article_dict", "python_lines", "span_dict", "write"]

NAME = "jsonl"
CONTENT_TYPE = "application/x-ndjson; charset=utf-8"
EXTENSION = "jsonl"


def write(articles: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    if isinstance(articles, ArticleSource) and connection.vendor == "postgresql":
        from newsannot.exporters import pgjsonl  # the same lines, written by the database

        yield from pgjsonl.lines(articles)
    else:
        yield from python_lines(articles)


def python_lines(articles: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """The portable path: one orjson.dumps a line (compact, as pgjsonl writes it)."""
    fields = ARTICLE_FIELDS
    if isinstance(articles, ArticleSource):
        fields = article_fields(gold=articles.gold, split=articles.splits is not None)
    for article in articles:
        yield orjson.dumps(article_dict(article, fields), option=orjson.OPT_APPEND_NEWLINE)
