"""The jsonl export rendered by PostgreSQL: one row a line, the database writes the JSON.

The same lines as `jsonl.write` over `source.articles_with_spans`, byte for byte: PostgreSQL's
`to_json(text)` escapes exactly what orjson does (`"`, `\\`, the short escapes and `\\u00XX` for
other control characters), timestamps are spelled as `datetime.isoformat()` spells a UTC value,
and the separators are compact (`,` and `:`, as orjson writes them). Names that come from a map
(labels, users, outlets) are JSON written by orjson itself.
The objects' keys and the SQL of each value are fields.py's (ARTICLE_FIELDS, SPAN_FIELDS, ...),
the same lists the Python writer reads.

One query a chunk of articles (source.py says why chunks, and why by ids): the chunk's spans,
found by their article ids alone, aggregated into one JSON list per article (a MATERIALIZED CTE:
computed once, whatever the join below it), then the chunk's articles by primary key, each with
its detected outlet and its spans. The filters on spans sit in the aggregate's FILTER clause, not
in WHERE, so that no filter can lead the planner to another index. Labels, usernames and span
outlets come from small JSON maps passed as parameters (looked up per span by key, no join a
stale estimate could turn into a nested loop). Each chunk's rows are streamed (psycopg's
single-row mode) and sent ~256 kB at a time.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import nullcontext

import orjson
from django.conf import settings
from django.db import connections
from psycopg.abc import Buffer
from psycopg.adapt import Loader

from newsannot.annotations.models import Relation, Span
from newsannot.corpus.models import Article
from newsannot.exporters import source as sources
from newsannot.exporters.fields import (
    GOLD_ORDER,
    GOLD_RELATION_FIELDS,
    GOLD_RELATION_ORDER,
    GOLD_SPAN_FIELDS,
    RELATION_FIELDS,
    SPAN_FIELDS,
    article_fields,
    sql_object,
    typologies,
)
from newsannot.exporters.source import ArticleSource, Names, in_chunks
from newsannot.outlets.models import ArticleOutlet, Outlet
from newsannot.replicas import read_alias

BLOCK = 256 * 1024  # bytes of lines a chunk of the response (an article line: ~50 kB)
MIN_CHUNK = 10  # articles: smaller chunks would cost more in queries than they win


class Utf8Loader(Loader):
    """`text` as the bytes the connection received (UTF-8): never decoded to be re-encoded."""

    def load(self, data: Buffer) -> bytes:
        return bytes(data)


def _sql(source: ArticleSource) -> str:
    span = Span._meta.db_table
    article = Article._meta.db_table
    link = ArticleOutlet._meta.db_table
    outlet = Outlet._meta.db_table
    relation = Relation._meta.db_table

    def wanted(alias: str) -> list[str]:
        """The span filter, for the span table under `alias`."""
        out = [f"{alias}.article_id = ANY(%(ids)s)"]
        if source.status != "all":
            out.append(f"{alias}.status = %(status)s")
        if source.label:
            out.append(f"{alias}.label_id = ANY(%(label_ids)s)")
        if source.updated_since is not None and not source.gold:  # gold: whole articles' gold
            out.append(f"{alias}.updated_at >= %(since)s")
        return out

    only = f" FILTER (WHERE {' AND '.join(wanted('s'))})"
    # A relation is written when it passes the status filter and both its spans are written
    # (in the gold layer: both are copies of gold spans, see _gold_relations).
    linked = [*wanted("f"), *wanted("t")]
    if source.status != "all":
        linked.append("r.status = %(status)s")
    linked_only = f" FILTER (WHERE {' AND '.join(linked)})"
    relation_json = sql_object(RELATION_FIELDS)

    head = sql_object(article_fields(gold=source.gold, split=source.splits is not None))
    relations = f"""rl AS MATERIALIZED (
            SELECT r.article_id,
                   string_agg({relation_json}, ',' ORDER BY r.id){linked_only} AS body
            FROM {relation} r
            JOIN {span} f ON f.id = r.from_span_id
            JOIN {span} t ON t.id = r.to_span_id
            WHERE r.article_id BETWEEN %(first)s AND %(last)s
            GROUP BY r.article_id
        )"""
    if source.gold:
        spans = _gold_spans(span, only)
        relations = _gold_relations(relation)
    else:
        span_json = sql_object(SPAN_FIELDS)
        order = 's.start, s."end", s.id'
        spans = f"""sp AS MATERIALIZED (
            SELECT s.article_id, string_agg({span_json}, ',' ORDER BY {order}){only} AS body
            FROM {span} s
            WHERE s.article_id BETWEEN %(first)s AND %(last)s
            GROUP BY s.article_id
        )"""
    return f"""
        WITH {spans},
        {relations},
        ao AS MATERIALIZED (
            SELECT article_id, outlet_id, how FROM {link}
            WHERE article_id BETWEEN %(first)s AND %(last)s
        )
        SELECT CASE WHEN a.id = ANY(%(ids)s) THEN {head} END
        FROM {article} a
        LEFT JOIN ao ON ao.article_id = a.id
        LEFT JOIN {outlet} o ON o.id = ao.outlet_id
        LEFT JOIN sp ON sp.article_id = a.id
        LEFT JOIN rl ON rl.article_id = a.id
        WHERE a.id BETWEEN %(first)s AND %(last)s
        ORDER BY a.id"""


def _gold_spans(span: str, only: str) -> str:
    """The gold layer's `sp`: the chunk's span rows read once by their range (a MATERIALIZED
    CTE, so that no filter reaches the scan and picks another index, as in the aggregate's
    FILTER above), the wanted ones grouped into one gold span per (article, label, start, end),
    and those aggregated per article in GOLD_ORDER."""
    wanted = only.removeprefix(" FILTER (WHERE ").removesuffix(")")
    gold_json = sql_object(GOLD_SPAN_FIELDS)
    columns = 's.id, s.article_id, s.label_id, s.start, s."end", s.quote, s.status, '
    columns += "s.annotator_id, s.reviewer_id, s.outlet_id, s.updated_at, s.attributes"
    return f"""c AS MATERIALIZED (
            SELECT {columns} FROM {span} s
            WHERE s.article_id BETWEEN %(first)s AND %(last)s
        ),
        gid AS MATERIALIZED (
            SELECT s.id, min(s.id) OVER (
                PARTITION BY s.article_id, s.label_id, s.start, s."end") AS gold_id
            FROM c s WHERE {wanted}
        ),
        g AS (
            SELECT s.article_id, s.start, s."end", s.label_id, {gold_json} AS body
            FROM c s WHERE {wanted}
            GROUP BY s.article_id, s.label_id, s.start, s."end"
        ),
        sp AS MATERIALIZED (
            SELECT s.article_id, string_agg(s.body, ',' ORDER BY {", ".join(GOLD_ORDER)}) AS body
            FROM g s GROUP BY s.article_id
        )"""


def _gold_relations(relation: str) -> str:
    """The gold layer's `rl`: the chunk's approved relations whose two spans are copies of gold
    spans (`gid`, from _gold_spans: each wanted span's gold span, named by its first copy's
    id), grouped into one gold relation per (type, from, to) gold span, aggregated per article
    in GOLD_RELATION_ORDER (source.gold_relations keeps the same rule)."""
    gold_json = sql_object(GOLD_RELATION_FIELDS)
    return f"""rg AS (
            SELECT r.article_id, f.gold_id AS gold_from, t.gold_id AS gold_to, r.type_id,
                   {gold_json} AS body
            FROM {relation} r
            JOIN gid f ON f.id = r.from_span_id
            JOIN gid t ON t.id = r.to_span_id
            WHERE r.article_id BETWEEN %(first)s AND %(last)s AND r.status = %(status)s
            GROUP BY r.article_id, {", ".join(GOLD_RELATION_ORDER)}
        ),
        rl AS MATERIALIZED (
            SELECT r.article_id, string_agg(r.body, ',' ORDER BY r.gold_from, r.gold_to,
                   r.type_id) AS body
            FROM rg r GROUP BY r.article_id
        )"""


def _params(source: ArticleSource) -> dict[str, object]:
    """Everything but the chunk's ids. Every user and every outlet goes into the maps, once an
    export: both tables are small next to the spans (users in the hundreds or thousands, the
    registry ~600), and a map of all of them needs no query per chunk to say which are named."""
    names = Names(source.project_id)
    names.need_users(None)
    names.need_outlets(None)
    return {
        "status": source.status,
        "label_ids": sorted(names.label_ids(source.label or "")),
        "since": source.updated_since,
        "labels": _json_map(names.labels),
        "relation_types": _json_map(names.relation_types),
        "analysts": _json_map(names.users if source.analysts is None else source.analysts),
        "reviewers": _json_map(names.users if source.reviewers is None else source.reviewers),
        "splits": json.dumps({str(pk): split for pk, split in (source.splits or {}).items()}),
        "outlets": _json_map(names.outlets),
        "outlet_labels": sorted(names.outlet_label_ids()),
        "typologies": json.dumps(typologies()),
    }


def _json_map(values: dict[int, object]) -> str:
    """{id: value} as a JSON object whose values are the JSON orjson writes for them."""
    return json.dumps({str(pk): orjson.dumps(v).decode() for pk, v in values.items()})


def lines(source: ArticleSource) -> Iterator[bytes]:
    """The export's lines, each UTF-8 with its newline, ~256 kB of them a chunk.

    Rendering the JSON is the database's work, one CPU per query: EXPORT_RENDERERS connections
    render the next chunks while this one is sent (`_rendered_ahead`), so the export uses the
    cores a COPY of the same rows leaves idle. Inside a transaction other connections cannot see
    what it wrote (a test's rows, an atomic request's), so there the chunks are rendered one by
    one on this connection, streamed as they come.
    """
    sql = _sql(source)
    alias = read_alias()  # the replica, when the caller reads from one
    params = _params(source)
    renderers = settings.EXPORT_RENDERERS
    if renderers > 1 and not connections[alias].in_atomic_block:
        chunks = _chunks_for(source.article_ids(), renderers)
        rendered = _rendered_ahead(chunks, sql, params, alias, renderers)
    else:
        rendered = (
            _chunk_lines(connections[alias], sql, _values(params, ids), stream=True)
            for ids in source.chunks()
        )
    out: list[bytes] = []
    size = 0
    for chunk in rendered:
        for line in chunk:
            out.append(line)
            size += len(line)
            if size >= BLOCK:
                out.append(b"")
                yield b"\n".join(out)
                out, size = [], 0
    if out:
        out.append(b"")
        yield b"\n".join(out)


def _values(params: dict[str, object], ids: list[int]) -> dict[str, object]:
    return {**params, "ids": ids, "first": ids[0], "last": ids[-1]}


def _chunk_lines(connection, sql: str, values: dict[str, object], *, stream: bool = False):
    """One chunk's lines. Streamed (single-row mode), the database goes on writing rows while
    they are sent and holds none back; fetched whole when another thread renders it ahead.
    Logged as one query like any other."""
    with connection.cursor() as cursor:
        raw = cursor.cursor
        raw.adapters.register_loader("text", Utf8Loader)  # this cursor's lines only
        logged = cursor.debug_sql(sql, values) if connection.queries_logged else nullcontext()
        with logged, connection.wrap_database_errors:
            rows = raw.stream(sql, values) if stream else raw.execute(sql, values).fetchall()
            # None: another project's article inside the chunk's range.
            lines = (line for (line,) in rows if line is not None)
            if stream:
                yield from lines
            else:
                yield list(lines)


def _chunks_for(ids: list[int], renderers: int) -> Iterator[list[int]]:
    """CHUNK articles a chunk, fewer in a small export: at least two chunks a renderer (of
    MIN_CHUNK articles or more), so that every renderer has work. A 100-article export was one
    chunk, rendered by one connection while the others waited."""
    size = min(sources.CHUNK, max(MIN_CHUNK, -(-len(ids) // (2 * renderers))))
    return in_chunks(ids, size)


def _rendered_ahead(
    chunks: Iterator[list[int]], sql: str, params: dict, alias: str, renderers: int
) -> Iterator[list[bytes]]:
    """Each chunk's lines in order, rendered by `renderers` threads on connections of their own
    (from the pool), at most `renderers` chunks ahead of the one being sent (bounded memory:
    a chunk is ~5 MB). A thread's error is raised here; when the response stops early (the
    client went away) the threads stop after their current chunk. `chunks` is read under the
    lock, by whichever thread asks next."""
    ready: dict[int, list[bytes]] = {}
    state = {"claimed": 0, "sent": 0, "last": None, "stop": False, "error": None}
    turn = threading.Condition()

    def render() -> None:
        try:
            while True:
                with turn:
                    while not state["stop"] and state["claimed"] - state["sent"] >= renderers:
                        turn.wait()
                    if state["stop"] or state["last"] is not None:
                        return
                    ids = next(chunks, None)
                    if ids is None:
                        state["last"] = state["claimed"]
                        turn.notify_all()
                        return
                    seq = state["claimed"]
                    state["claimed"] += 1
                (body,) = _chunk_lines(connections[alias], sql, _values(params, ids))
                with turn:
                    ready[seq] = body
                    turn.notify_all()
        except BaseException as error:  # handed to the response, raised there
            with turn:
                state["error"] = error
                turn.notify_all()
        finally:
            connections[alias].close()  # this thread's connection, back to the pool

    # Named, so that what is running can be told apart from the server's own threads.
    threads = [
        threading.Thread(target=render, name="jsonl-renderer", daemon=True)
        for _ in range(renderers)
    ]
    for thread in threads:
        thread.start()
    try:
        seq = 0
        while True:
            with turn:
                while seq not in ready and state["error"] is None and state["last"] != seq:
                    turn.wait()
                if state["error"] is not None:
                    raise state["error"]
                if seq not in ready:
                    return  # every chunk sent
                body = ready.pop(seq)
                state["sent"] = seq + 1
                turn.notify_all()
            yield body
            seq += 1
    finally:
        with turn:
            state["stop"] = True
            turn.notify_all()
        for thread in threads:
            thread.join()
