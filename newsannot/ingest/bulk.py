"""Bulk writes for imports: ids drawn up front, rows in by COPY, a history row per span.

Articles and spans go in as plain values (no model instances saved one by one, no ids read
back); each span's history row is written by the database from the stored span, with
SNAPSHOT_SQL (newsannot/annotations/services.py, beside the `snapshot()` it mirrors).

The columns a bulk write fills are listed once each, ARTICLE_COLUMNS and SPAN_COLUMNS, with the
code that builds their rows right below them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import connection

from newsannot.annotations.models import (
    Action,
    Origin,
    Relation,
    RelationHistory,
    Span,
    SpanHistory,
    Status,
)
from newsannot.annotations.relations import snapshot as relation_snapshot
from newsannot.annotations.services import snapshot_json_sql
from newsannot.corpus.models import Article, Label

if TYPE_CHECKING:
    from newsannot.ingest.parse import RelationValues, SpanValues

User = get_user_model()

ARTICLE_COLUMNS = (
    "id",
    "project",
    "title",
    "url",
    "outlet",
    "published_at",
    "external_id",
    "language",
    "text",
    "content_hash",
    "text_indexed",
    "created_by",
    "created_at",
    "updated_at",
)
ARTICLE_ATTRS = tuple(Article._meta.get_field(name).attname for name in ARTICLE_COLUMNS)


def insert_articles(articles: list[Article]) -> None:
    """Articles whose ids and timestamps are set already (allocate_ids)."""
    raw_insert(
        Article,
        ARTICLE_COLUMNS,
        [tuple(getattr(a, name) for name in ARTICLE_ATTRS) for a in articles],
    )


SPAN_COLUMNS = (
    "project",
    "article",
    "label",
    "start",
    "end",
    "quote",
    "note",
    "annotator",
    "origin",
    "status",
    "reviewer",
    "reviewed_at",
    "review_reason",
    "version",
    "created_at",
    "updated_at",
    "outlet",
    "outlet_by_hand",
    "attributes",
)


def span_rows(
    *,
    project_id: int,
    actor_id: int,
    now: dt.datetime,
    articles: Iterable[tuple[int, list[SpanValues]]],
    outlet_of: Callable[[int, str, str], int | None],
) -> list[tuple]:
    """One row of SPAN_COLUMNS for each imported span, `articles` being (article id, spans).
    A decided span (only managers import those) is decided by the importing manager.
    `outlet_of(article id, label key, quote)`: the outlet a state-media-source span names, in
    its article's context (SpanOutlets.in_articles: the rule the span services follow too)."""
    rows = []
    # COPY (PostgreSQL) takes JSON as its text; SQLite's insert prepares it through the field.
    as_json = json.dumps if connection.vendor == "postgresql" else dict
    imported = Origin.IMPORTED.value
    pending = Status.PENDING
    for article_id, spans in articles:
        for s in spans:
            decided = s.status != pending
            rows.append(
                (
                    project_id,
                    article_id,
                    s.label.pk,
                    s.start,
                    s.end,
                    s.quote,
                    s.note,
                    actor_id,
                    imported,
                    s.status,
                    actor_id if decided else None,
                    now if decided else None,
                    "",
                    1,
                    now,
                    now,
                    outlet_of(article_id, s.label.key, s.quote),
                    False,
                    as_json(s.attributes),
                )
            )
    return rows


HISTORY_COLUMNS = (
    "span",
    "project",
    "article",
    "actor",
    "action",
    "at",
    "before",
    "after",
    "reason",
)
STAGING = "newsannot_import_span"


def insert_spans_with_history(rows: list[tuple], article_ids: list[int], actor_id: int) -> None:
    """Store spans (rows of SPAN_COLUMNS), and one history row for each, written by the
    database from the stored span (SNAPSHOT_SQL mirrors snapshot()): no span ids or JSON go
    back and forth.

    PostgreSQL: COPY into a temporary table, then one statement moves the rows into the span
    table and hands what it inserted (RETURNING) to the history insert. Finding the new spans
    by article instead would depend on the table's statistics, which a bulk import outdates:
    with stale ones the planner scans every span in the table, once per batch.
    SQLite: a plain insert, then the new articles' spans by the (article, ...) index.
    """
    quote = connection.ops.quote_name
    span_table, history_table = quote(Span._meta.db_table), quote(SpanHistory._meta.db_table)
    span_columns = ", ".join(quote(Span._meta.get_field(name).column) for name in SPAN_COLUMNS)
    history_columns = ", ".join(
        quote(SpanHistory._meta.get_field(name).column) for name in HISTORY_COLUMNS
    )
    history_select = (
        "SELECT s.id, s.project_id, s.article_id, %s, %s, s.created_at, NULL, "
        f"{snapshot_json_sql(connection.vendor)}, %s "
        f"FROM {{spans}} s JOIN {quote(Label._meta.db_table)} l ON l.id = s.label_id "
        f"LEFT JOIN {quote(User._meta.db_table)} u ON u.id = s.reviewer_id"
    )
    params = [actor_id, Action.CREATE.value, "imported"]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            raw_insert(Span, SPAN_COLUMNS, rows)
            cursor.execute(
                f"INSERT INTO {history_table} ({history_columns}) "
                + history_select.format(spans=span_table)
                + f" WHERE s.article_id IN ({', '.join(['%s'] * len(article_ids))})",
                [*params, *article_ids],
            )
            return
        # The span columns' types, no constraints; dropped at commit or rollback.
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {STAGING} ON COMMIT DROP AS "
            f"SELECT {span_columns} FROM {span_table} WITH NO DATA"
        )
        copy(cursor, STAGING, span_columns, rows)
        cursor.execute(
            f"WITH s AS (INSERT INTO {span_table} ({span_columns}) "
            f"SELECT {span_columns} FROM {STAGING} RETURNING *) "
            f"INSERT INTO {history_table} ({history_columns}) " + history_select.format(spans="s"),
            params,
        )
        cursor.execute(f"TRUNCATE {STAGING}")


def allocate_ids(model: type, count: int) -> list[int]:
    """`count` fresh primary keys for `model`, ours alone."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [pk for (pk,) in cursor.fetchall()]
        # SQLite: the import's transaction holds the write lock (BEGIN IMMEDIATE), so the ids
        # after the highest ever used (AUTOINCREMENT keeps it in sqlite_sequence) are ours.
        cursor.execute(
            "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
            f"COALESCE((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 0))",
            [table],
        )
        first = cursor.fetchone()[0] + 1
        return list(range(first, first + count))


def _prepared(fields: list, rows: list[tuple]) -> Iterable[tuple]:
    """Each row's values as the database takes them."""
    if connection.vendor == "postgresql":
        # psycopg adapts ints, strings, None and aware datetimes itself. (Preparing every value
        # through its field was half the import's time: bench/RESULTS.md.)
        return rows
    return (
        tuple(
            field.get_db_prep_save(value, connection)
            for field, value in zip(fields, row, strict=True)
        )
        for row in rows
    )


def copy(cursor: Any, table: str, columns: str, rows: Iterable[tuple]) -> None:
    """COPY rows into a PostgreSQL table: several times faster than even a pipelined
    executemany."""
    # psycopg's own copy() bypasses Django's cursor wrapper and its error translation: a lost
    # connection must reach the middleware as Django's OperationalError (a 503, not a 500).
    sql = f"COPY {table} ({columns}) FROM STDIN"
    with connection.wrap_database_errors, cursor.cursor.copy(sql) as copier:
        for values in rows:
            copier.write_row(values)


def raw_insert(model: type, names: tuple[str, ...], rows: list[tuple], chunk: int = 5000) -> None:
    """INSERT rows of plain values: COPY on PostgreSQL, executemany on SQLite."""
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    prepared = _prepared(fields, rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            columns = ", ".join(quote(f.column) for f in fields)
            copy(cursor, quote(model._meta.db_table), columns, prepared)
            return
        batch: list[tuple] = []
        for values in prepared:
            batch.append(values)
            if len(batch) >= chunk:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


@contextmanager
def constraints_checked_per_statement() -> Iterator[None]:
    """Foreign keys checked at the end of each COPY, not all at commit.

    Django declares PostgreSQL foreign keys DEFERRABLE INITIALLY DEFERRED: an import's hundreds of
    thousands of checks would all run at commit, after the last line is parsed. Run per statement,
    they overlap with the parsing of the next lines (see lib/prefetch.py).
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    with connection.cursor() as cursor:  # back to the default for the rest of the transaction
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def insert_relations(
    *,
    project_id: int,
    actor_id: int,
    now: dt.datetime,
    articles: list[tuple[int, list[SpanValues], list[RelationValues]]],
) -> None:
    """Store the relations of imported articles (article id, its spans, its relations naming
    spans by index), each with a create row in the history. The spans were just stored by the
    importing user, so (article, start, end, label) finds each one's id (the unique constraint
    span_unique_per_annotator): one query for the batch. Relations are few beside spans: the
    ORM's bulk insert, which hands back their ids for the history."""
    ids = {
        (article_id, start, end, label_id): pk
        for article_id, start, end, label_id, pk in Span.objects.filter(
            article_id__in=[a for a, _, _ in articles], annotator_id=actor_id
        ).values_list("article_id", "start", "end", "label_id", "id")
    }
    actor = User.objects.get(pk=actor_id)
    relations = []
    for article_id, spans, links in articles:
        for link in links:
            ends = spans[link.source], spans[link.target]
            from_id, to_id = (ids[(article_id, s.start, s.end, s.label.pk)] for s in ends)
            decided = link.status != Status.PENDING
            relations.append(
                Relation(
                    project_id=project_id,
                    article_id=article_id,
                    type=link.type,
                    # The ends as the history needs them (id and quote), with no query each.
                    from_span=Span(pk=from_id, quote=ends[0].quote),
                    to_span=Span(pk=to_id, quote=ends[1].quote),
                    note=link.note,
                    annotator=actor,
                    origin=Origin.IMPORTED,
                    status=link.status,
                    reviewer=actor if decided else None,
                    reviewed_at=now if decided else None,
                )
            )
    Relation.objects.bulk_create(relations)
    # The snapshot the service writes, so history is the same whichever path created it.
    RelationHistory.objects.bulk_create(
        RelationHistory(
            relation_id=relation.pk,
            project_id=project_id,
            article_id=relation.article_id,
            actor_id=actor_id,
            action=Action.CREATE,
            after=relation_snapshot(relation),
            reason="imported",
        )
        for relation in relations
    )
