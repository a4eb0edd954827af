"""A database in the state users are in right after a bulk import: statistics that do not know
the new project (PostgreSQL only).

Two states, each built once per module and rolled back after it:
- "analyzed-small": the tables were analyzed while they held one small project, then a bulk import
  added a new one many times its size (what autovacuum leaves when the import changes less than
  its threshold, or has not come round yet);
- "never-analyzed": no statistics at all (a new database's first import).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

import pytest
from django.db import connection, transaction

from bench import corpus
from newsannot.corpus.models import Role
from newsannot.corpus.services import membership_set, project_create
from newsannot.ingest.jsonl import import_jsonl
from tests.conftest import make_user

# Big enough that reading the project once per article shows (tens of millions of rows), small
# enough to import in a few seconds.
ARTICLES = 300
SPANS = 20
TABLES = (
    "annotations_span",
    "annotations_spanhistory",
    "corpus_article",
    "outlets_articleoutlet",
    "workload_assignment",
)


@dataclass
class Stale:
    state: str
    project: object
    manager: object
    analyst: object
    reviewer: object
    articles: int
    spans: int


def _lines(seed: int, n: int) -> list[bytes]:
    return [corpus.jsonl_line(a) for a in corpus.articles(n, SPANS, seed=seed, long_every=0)]


@pytest.fixture(scope="module", params=["analyzed-small", "never-analyzed"])
def stale(request, django_db_setup, django_db_blocker):
    if connection.vendor != "postgresql":
        pytest.skip("plans and statistics: PostgreSQL")
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build(request.param)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _build(state: str) -> Stale:
    manager, analyst, reviewer = make_user("p-mona"), make_user("p-alice"), make_user("p-rita")
    old = project_create(name="An older, small project")
    new = project_create(name="Imported just now")
    for project in (old, new):
        membership_set(project=project, user=manager, role=Role.MANAGER)
        membership_set(project=project, user=analyst, role=Role.ANALYST)
        membership_set(project=project, user=reviewer, role=Role.REVIEWER)
    import_jsonl(project=old, lines=_lines(1, 2), actor=manager)
    with connection.cursor() as cursor:
        if state == "analyzed-small":
            cursor.execute(f"ANALYZE {', '.join(TABLES)}")
    # The import, in 100-line requests as a client would send it; no ANALYZE after.
    lines = _lines(2, ARTICLES)
    spans = sum(len(json.loads(line)["spans"]) for line in lines)
    for i in range(0, len(lines), 100):
        import_jsonl(project=new, lines=lines[i : i + 100], actor=manager)
    _filler(old, new, manager, analyst)
    if state == "never-analyzed":
        with connection.cursor() as cursor:
            # What a database that was never analyzed looks like to the planner (a superuser
            # may say so; rolled back with the rest).
            cursor.execute(
                "DELETE FROM pg_statistic WHERE starelid = ANY(%s::regclass[])", [list(TABLES)]
            )
            cursor.execute(
                "UPDATE pg_class SET reltuples = -1, relpages = 0 WHERE oid = ANY(%s::regclass[])",
                [list(TABLES)],
            )
    return Stale(state, new, manager, analyst, reviewer, ARTICLES, 2 * spans)


def _filler(old, new, manager, analyst) -> None:
    """Tables big enough that reading one whole costs more than looking rows up by index, as in
    production, where the planner knows the tables' sizes (from their files) even when its
    statistics about the new project are stale: 20,000 short articles in the older project, and
    the new project's spans annotated again by the analyst, pending (written in SQL: nothing
    about them matters but their number)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO corpus_article (project_id, title, url, outlet, external_id, language,"
            " text, content_hash, text_indexed, created_at, updated_at)"
            " SELECT %s, 'Filler ' || n, '', 'RT', '', '', 'Filler text ' || n,"
            " md5('filler' || n), true, now(), now() FROM generate_series(1, 20000) n",
            [old.pk],
        )
        cursor.execute(
            'INSERT INTO annotations_span (project_id, article_id, label_id, start, "end",'
            " quote, note, annotator_id, origin, status, review_reason, version, created_at,"
            " updated_at, outlet_by_hand, attributes)"
            " SELECT project_id, article_id, label_id, start, \"end\", quote, '', %s, 'manual',"
            " 'pending', '', 1, now(), now(), false, attributes"
            " FROM annotations_span WHERE project_id = %s AND annotator_id = %s",
            [analyst.pk, new.pk, manager.pk],
        )


@dataclass
class Plan:
    sql: str
    params: object
    seq_scans: list[str]
    rows_read: dict[str, int]
    indexes: set[str]

    def read(self, table: str) -> int:
        return self.rows_read.get(table, 0)

    @property
    def text(self) -> str:
        """The plan as EXPLAIN prints it (for a failure's message)."""
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + self.sql, self.params)
            return "\n".join(row[0] for row in cursor.fetchall())


def explain(sql: str, params=None) -> Plan:
    """EXPLAIN ANALYZE: the plan's sequential scans of our big tables, and how many rows it
    read from each table (rows returned and rows filtered out, times loops)."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        (raw,) = cursor.fetchone()
    root = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
    seq: list[str] = []
    read: dict[str, int] = defaultdict(int)
    indexes: set[str] = set()

    def walk(node: dict) -> None:
        if "Index Name" in node:
            indexes.add(node["Index Name"])
        table = node.get("Relation Name")
        if table:
            rows = (
                node.get("Actual Rows", 0)
                + node.get("Rows Removed by Filter", 0)
                + node.get("Rows Removed by Index Recheck", 0)
            )
            read[table] += int(rows * node.get("Actual Loops", 1))
            if node["Node Type"] == "Seq Scan" and table in TABLES:
                seq.append(table)
        for child in node.get("Plans", ()):
            walk(child)

    walk(root)
    return Plan(sql, params, seq, dict(read), indexes)


def indexes_of(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        return {name for (name,) in cursor.fetchall()}
