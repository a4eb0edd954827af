"""The jsonl export rendered by PostgreSQL: one row a line, the database writes the JSON.

The same lines as `jsonl.write` over `source.articles_with_spans`, byte for byte: PostgreSQL's
`to_json(text)` escapes exactly what `json.dumps(..., ensure_ascii=False)` does (`"`, `\\`, the
short escapes and `\\u00XX` for other control characters), timestamps are spelled as
`datetime.isoformat()` spells a UTC value, and the separators are json.dumps's `", "`/`": "`.

One query: the articles in id order, each with its spans aggregated in order by a LATERAL
subquery. The articles are put in order before their spans are aggregated (a subquery with
OFFSET 0): ordered after, a small export waited for every line before it sent the first. Streamed
row by row (psycopg's single-row mode) so the database computes while the lines are sent, and
neither side holds more than a row or a block of lines. Python only inserts the outlet each
state-media-source span names (the registry lives in Python): in that span's "outlet" the
database writes the quote's JSON between two U+0001 marks, a character JSON text never holds
raw, and Python replaces the three with the outlet's JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import nullcontext

from django.db import connections
from psycopg.abc import Buffer
from psycopg.adapt import Loader

from newsannot.annotations.models import Span
from newsannot.corpus.models import Article, Label
from newsannot.exporters.source import MEMO, OUTLET_LABEL, ArticleSource, outlet_dict
from newsannot.outlets.models import ArticleOutlet, Outlet, Typology
from newsannot.outlets.registry import registry
from newsannot.replicas import read_alias

BLOCK = 256 * 1024  # bytes of lines a chunk of the response (an article line: ~50 kB)
MARK = b"\x01"  # where a span's outlet goes; JSON text never holds it raw


class Utf8Loader(Loader):
    """`text` as the bytes the connection received (UTF-8): never decoded to be re-encoded."""

    def load(self, data: Buffer) -> bytes:
        return bytes(data)


def _ts(column: str) -> str:
    """A UTC timestamp as `datetime.isoformat()` writes it (microseconds only when non-zero).

    The date and time hold no "." of their own, so the replace can only drop a zero fraction.
    """
    return (
        f"'\"' || replace(to_char({column} AT TIME ZONE 'UTC', "
        f"'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '.000000', '') || '+00:00\"'"
    )


def _str(expr: str) -> str:
    return f"COALESCE(to_json({expr})::text, 'null')"


def _sql(source: ArticleSource) -> tuple[str, dict[str, object]]:
    span = Span._meta.db_table
    label = Label._meta.db_table
    user = Span._meta.get_field("annotator").related_model._meta.db_table
    article = Article._meta.db_table
    link = ArticleOutlet._meta.db_table
    outlet = Outlet._meta.db_table

    # The project through the article's column, not as a constant: a constant tempts the
    # planner into intersecting the project's whole span index with each article's (a
    # BitmapAnd per article, and estimates of one span an article).
    span_where = ["s.article_id = a.id", "s.project_id = a.project_id"]
    if source.status != "all":
        span_where.append("s.status = %(status)s")
    if source.label:
        span_where.append("l.key = %(label)s")
    if source.updated_since is not None:
        span_where.append("s.updated_at >= %(since)s")
    article_where = "a.project_id = %(project)s"
    if source.updated_since is not None:
        article_where += (
            " AND (a.updated_at >= %(since)s OR EXISTS ("
            f"SELECT 1 FROM {span} s JOIN {label} l ON l.id = s.label_id "
            f"WHERE {' AND '.join(span_where)}))"
        )

    span_json = (
        '\'{"id": \' || s.id || \', "start": \' || s.start || \', "end": \' || s."end"'
        " || ', \"label\": ' || to_json(l.key)::text"
        " || ', \"quote\": ' || to_json(s.quote)::text"
        # Status is one of Status.values (a check constraint): nothing in it to escape.
        " || ', \"status\": \"' || s.status || '\"'"
        " || ', \"annotator\": ' || u.json"
        " || ', \"reviewer\": ' || COALESCE(r.json, 'null')"
        " || ', \"note\": ' || CASE s.note WHEN '' THEN '\"\"' ELSE to_json(s.note)::text END"
        # For Python to fill in: the quote's JSON between two marks (see lines()).
        " || ', \"outlet\": ' || CASE WHEN l.key = %(outlet_label)s"
        " THEN E'\\x01' || to_json(s.quote)::text || E'\\x01' ELSE 'null' END"
        f" || ', \"created_at\": ' || {_ts('s.created_at')}"
        f" || ', \"updated_at\": ' || {_ts('s.updated_at')} || '}}'"
    )
    # A user's name as JSON, once per user an export (OFFSET 0 keeps the subquery whole, and
    # PostgreSQL memoizes it by id) rather than once a span.
    name_json = f"SELECT to_json(username)::text AS json FROM {user} WHERE id = {{column}} OFFSET 0"
    order = 's.start, s."end", s.id'
    registry_json = (
        "CASE WHEN a.o_id IS NULL THEN 'null' ELSE "
        "'{\"name\": ' || to_json(a.o_name)::text"
        " || ', \"country\": ' || to_json(a.o_country)::text"
        " || ', \"typology\": ' || to_json(a.o_typology)::text"
        " || ', \"typology_label\": ' || "
        + _str("(%(typologies)s::jsonb) ->> a.o_typology")
        + " || ', \"how\": ' || to_json(a.how)::text || '}' END"
    )
    head = (
        "'{\"id\": ' || a.id"
        " || ', \"title\": ' || to_json(a.title)::text"
        " || ', \"url\": ' || to_json(a.url)::text"
        " || ', \"outlet\": ' || to_json(a.outlet)::text"
        f" || ', \"outlet_registry\": ' || {registry_json}"
        " || ', \"published_at\": ' || "
        "COALESCE(to_json(to_char(a.published_at, 'YYYY-MM-DD'))::text, 'null')"
        " || ', \"external_id\": ' || to_json(a.external_id)::text"
        f" || ', \"created_at\": ' || {_ts('a.created_at')}"
        f" || ', \"updated_at\": ' || {_ts('a.updated_at')}"
        ' || \', "offsets": "codepoints", "text": \' || to_json(a.text)::text'
        " || ', \"spans\": [' || COALESCE(sp.body, '') || ']}'"
    )
    sql = f"""
        SELECT {head}
        FROM (
            SELECT a.*, ao.how, o.id AS o_id, o.name AS o_name, o.country AS o_country,
                   o.typology AS o_typology
            FROM {article} a
            LEFT JOIN {link} ao ON ao.article_id = a.id
            LEFT JOIN {outlet} o ON o.id = ao.outlet_id
            WHERE {article_where}
            ORDER BY a.id
            OFFSET 0
        ) a
        LEFT JOIN LATERAL (
            SELECT string_agg({span_json}, ', ' ORDER BY {order}) AS body
            FROM {span} s
            JOIN {label} l ON l.id = s.label_id
            JOIN LATERAL ({name_json.format(column="s.annotator_id")}) u ON true
            LEFT JOIN LATERAL ({name_json.format(column="s.reviewer_id")}) r ON true
            WHERE {" AND ".join(span_where)}
        ) sp ON true
        ORDER BY a.id"""
    params = {
        "project": source.project_id,
        "status": source.status,
        "label": source.label,
        "since": source.updated_since,
        "outlet_label": OUTLET_LABEL,
        "typologies": json.dumps({value: str(name) for value, name in Typology.choices}),
    }
    return sql, params


def lines(source: ArticleSource) -> Iterator[bytes]:
    """The export's lines, each UTF-8 with its newline, ~256 kB of them a chunk."""
    sql, params = _sql(source)
    named: dict[str, bytes] = {}  # quote -> the JSON of the outlet it names
    reg = registry()  # before the stream: it holds the connection until the last row
    connection = connections[read_alias()]  # the replica, when the caller reads from one
    with connection.cursor() as cursor:
        # Streamed (single-row mode), not FETCHed: the database goes on writing rows while
        # these are sent, and holds none back. Logged as one query like any other.
        raw = cursor.cursor
        raw.adapters.register_loader("text", Utf8Loader)  # this cursor's lines only
        logged = cursor.debug_sql(sql, params) if connection.queries_logged else nullcontext()
        with logged, connection.wrap_database_errors:
            out: list[bytes] = []
            size = 0
            for (line,) in raw.stream(sql, params):
                if MARK in line:
                    # Marks pair up around quotes: [text, quote, text, quote, ..., text].
                    parts = line.split(MARK)
                    for i in range(1, len(parts), 2):
                        quote = parts[i]
                        if quote not in named:
                            if len(named) > MEMO:
                                named.clear()
                            info = outlet_dict(reg.named_in(json.loads(quote)))
                            named[quote] = json.dumps(info, ensure_ascii=False).encode("utf-8")
                        parts[i] = named[quote]
                    line = b"".join(parts)
                out.append(line)
                size += len(line)
                if size >= BLOCK:
                    out.append(b"")
                    yield b"\n".join(out)
                    out, size = [], 0
            if out:
                out.append(b"")
                yield b"\n".join(out)
