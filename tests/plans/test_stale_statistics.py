"""Every hot query keeps an indexed, linear plan right after a bulk import, before any ANALYZE.

For each page and the export, in both stale states (conftest.py): EXPLAIN ANALYZE every query
it runs and check that no big table is read by a sequential scan, that no query reads more
than twice the project's rows from a table (a nested loop reading the project once per article
reads it hundreds of times), and that a query fetching one page reads about a page.
"""

from __future__ import annotations

import re
import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from newsannot.annotations.models import Span, Status
from newsannot.corpus import search
from newsannot.corpus.models import Article
from newsannot.exporters import FORMATS, pgjsonl
from newsannot.exporters import source as source_module
from newsannot.exporters.source import articles_with_spans
from newsannot.jobs import handlers
from newsannot.jobs.runner import JobRun
from newsannot.jobs.services import job_start
from tests.conftest import client_for
from tests.plans.conftest import Plan, explain, indexes_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

_LIMIT = re.compile(r"\bLIMIT (\d+)(?: OFFSET (\d+))?\s*$")


def check(plan: Plan, stale, *, page: bool = False) -> None:
    """No sequential scan of spans or articles, and no more rows read from a table than twice
    the project holds (a plan that reads the project again for each article reads it hundreds
    of times). With `page`, a query fetching one page (LIMIT) reads about a page."""
    seq = [t for t in plan.seq_scans if t in ("annotations_span", "corpus_article")]
    assert not seq, f"sequential scan of {seq}:\n{plan.sql}\n{plan.text}"
    bound = 2 * (stale.spans + stale.articles) + 100
    limit = _LIMIT.search(plan.sql)
    if page and limit:
        bound = 10 * (int(limit[1]) + int(limit[2] or 0)) + 100
    for table, rows in plan.rows_read.items():
        assert rows <= bound, (
            f"read {rows} rows of {table} (at most {bound}):\n{plan.sql}\n{plan.text}"
        )


_CURSOR = re.compile(r"^DECLARE \S+ (?:NO SCROLL )?CURSOR (?:WITH(?:OUT)? HOLD )?FOR ", re.I)


def reads(queries) -> list[str]:
    """The SELECTs among captured queries (a server-side cursor's too)."""
    found = []
    for query in queries:
        sql = _CURSOR.sub("", query["sql"].lstrip())
        # Skipped: writes, and pgjsonl's streamed query, logged unbound (checked on its own).
        if sql.upper().startswith(("SELECT", "WITH")) and "%(" not in sql:
            found.append(sql)
    return found


def check_queries(queries, stale, *, page: bool = False) -> int:
    selects = reads(queries)
    for sql in selects:
        check(explain(sql), stale, page=page)
    return len(selects)


def check_page(user, url: str, stale, *, page: bool = False) -> str:
    client = client_for(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    assert check_queries(queries, stale, page=page)
    return response.content.decode()


def first_article(stale, n: int = 0) -> Article:
    return Article.objects.filter(project=stale.project).order_by("id")[n]


# --- The export ------------------------------------------------------------------------------


# The article-first span index; any other index on spans would read more than the chunk. A
# relation's two ends are looked up by primary key: one probe a relation of the chunk.
CHUNK_INDEX = "span_unique_per_annotator"
RELATION_ENDS = "annotations_span_pkey"


def check_chunk(plan: Plan, stale) -> None:
    check(plan, stale)
    others = (plan.indexes & indexes_of("annotations_span")) - {CHUNK_INDEX, RELATION_ENDS}
    assert not others, f"spans read through {others}:\n{plan.sql}\n{plan.text}"


@pytest.mark.parametrize("status", ["approved", "all"])
def test_the_postgresql_export_reads_each_chunk_by_its_ids(stale, status):
    source = articles_with_spans(stale.project, status=status, label="state-media-source")
    params = pgjsonl._params(source)
    chunks = list(source.chunks())
    for ids in (chunks[0], chunks[-1]):
        values = {**params, "ids": ids, "first": ids[0], "last": ids[-1]}
        plan = explain(pgjsonl._sql(source), values)
        check_chunk(plan, stale)
        assert CHUNK_INDEX in plan.indexes, plan.text
        assert plan.read("annotations_span") <= stale.spans * len(ids) // stale.articles


@pytest.mark.parametrize("status", ["approved", "all"])
@pytest.mark.parametrize("label", [None, "state-media-source"])
def test_the_portable_export_reads_each_chunk_by_its_ids(stale, status, label):
    with CaptureQueriesContext(connection) as queries:
        articles = list(articles_with_spans(stale.project, status=status, label=label))
    assert len(articles) == stale.articles
    for sql in reads(queries):
        check_chunk(explain(sql), stale)


def test_an_export_reads_the_projects_articles_about_once_in_all(stale, monkeypatch):
    """All the chunks together, not each query alone: keyset pages of ids (`id > last LIMIT n`)
    were planned, on stale statistics, as a scan of all the project's remaining articles and a
    sort, each page: the export read the project once per chunk."""
    monkeypatch.setattr(source_module, "CHUNK", 10)  # 30 chunks of the 300 articles
    source = articles_with_spans(stale.project, status="all")
    with CaptureQueriesContext(connection) as queries:
        articles = list(source)
    assert len(articles) == stale.articles
    # Each article is read three times: its id, its row, its outlet link (a join).
    read = sum(explain(sql).read("corpus_article") for sql in reads(queries))
    assert read <= 4 * stale.articles, f"{read} article rows read for {stale.articles} articles"


@pytest.mark.parametrize("name", ["jsonl", "csv"])
def test_an_incremental_export_stays_indexed(stale, name):
    since = Span.objects.filter(project=stale.project).order_by("updated_at")[0].updated_at
    with CaptureQueriesContext(connection) as queries:
        b"".join(FORMATS[name].write(articles_with_spans(stale.project, updated_since=since)))
    assert check_queries(queries, stale)


# --- Pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["", "?page=4", "?label=state-media-source", "?outlet=RT", "?analyst=p-mona", "?article=1"],
)
def test_the_review_queue(stale, query):
    if query == "?article=1":
        query = f"?article={first_article(stale, 7).pk}"
    check_page(stale.reviewer, f"/p/{stale.project.pk}/review/{query}", stale)


@pytest.mark.parametrize("query", ["", "?page=3"])
def test_a_page_of_the_review_queue_reads_a_page(stale, query):
    html = check_page(stale.reviewer, f"/p/{stale.project.pk}/review/{query}", stale, page=True)
    assert "pending spans to decide" in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?page=5",
        "?label=attribution",
        "?label=attribution&page=3",
        "?progress=in-progress",
        "?progress=not-started&page=2",
        "?progress=done",
        "?outlet=RT",
        "?q=militant",
    ],
)
@pytest.mark.parametrize("who", ["manager", "analyst"])
def test_the_article_list(stale, query, who):
    check_page(getattr(stale, who), f"/p/{stale.project.pk}/{query}", stale)


@pytest.mark.parametrize("query", ["", "?page=4"])
def test_a_page_of_the_article_list_reads_a_page(stale, query):
    check_page(stale.analyst, f"/p/{stale.project.pk}/{query}", stale, page=True)


def test_the_dashboard(stale):
    check_page(stale.manager, f"/p/{stale.project.pk}/dashboard/", stale)


@pytest.mark.parametrize("who", ["manager", "analyst"])
def test_the_annotate_page(stale, who):
    article = first_article(stale, 150)
    check_page(getattr(stale, who), f"/a/{article.pk}/?who=all", stale)


def test_the_article_review_page(stale):
    check_page(stale.reviewer, f"/a/{first_article(stale, 150).pk}/review/", stale)


def test_the_states_are_what_they_claim(stale):
    """The planner's estimate for the new project's spans is far below what it holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT id FROM annotations_span WHERE project_id = %s AND status = %s",
            [stale.project.pk, Status.PENDING],
        )
        estimate = int(re.search(r"rows=(\d+)", cursor.fetchone()[0])[1])
    pending = Span.objects.filter(project=stale.project, status=Status.PENDING).count()
    assert estimate * 10 < pending


# --- Catch-up jobs after an import ------------------------------------------------------------


def article_rows_fetched() -> int:
    """Rows of the article table this transaction has read so far (PostgreSQL's own count)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(seq_tup_read, 0) + COALESCE(idx_tup_fetch, 0)"
            " FROM pg_stat_xact_user_tables WHERE relname = 'corpus_article'"
        )
        return cursor.fetchone()[0]


def lookups(table: str) -> int:
    """Index scans begun on `table` by this transaction so far (each probe of a nested loop is
    one), and its rows read by sequential scans."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(idx_scan, 0) + COALESCE(seq_tup_read, 0)"
            " FROM pg_stat_xact_user_tables WHERE relname = %s",
            [table],
        )
        return cursor.fetchone()[0]


def test_the_search_catch_ups_reads_do_not_grow_with_its_batches(stale):
    """A batch was "the first `batch` pending articles", asked again each batch: the articles
    indexed so far were read again every batch. Now the reads are the same in 1-article
    batches as in 100-article ones (one read of the backlog's ids a pass)."""
    backlog = search.pending()  # the new project's articles, and the older one's
    assert backlog >= stale.articles
    read = {}
    for batch in (1, 100):
        with transaction.atomic():
            before = article_rows_fetched()
            assert search.index_pending(batch=batch) == backlog
            read[batch] = article_rows_fetched() - before
            transaction.set_rollback(True)
    assert read[1] <= 1.2 * read[100], read


def test_the_suggestion_catch_up_looks_each_article_up_about_once(stale, monkeypatch):
    """A batch was "the first SUGGEST_BATCH articles without suggestions", asked again each
    batch: every article done so far was looked up again (an anti-join probe of the runs)."""
    monkeypatch.setattr(handlers, "SUGGEST_BATCH", 10)
    job = job_start(kind="suggest", project_id=stale.project.pk)
    with transaction.atomic():
        # The older project's 20,000 articles ran the suggesters long ago: the runs' table is
        # big, as in production, where reading it whole for each batch would show.
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO suggestions_suggestionrun (article_id, ran_at)"
                " SELECT id, now() FROM corpus_article WHERE project_id <> %s",
                [stale.project.pk],
            )
        before = lookups("suggestions_suggestionrun")
        result = handlers.run_suggest(job, JobRun(job, 1, time.monotonic() + 600))
        probes = lookups("suggestions_suggestionrun") - before
        transaction.set_rollback(True)
    assert result["articles"] == stale.articles
    assert probes <= 5 * stale.articles, f"{probes} lookups of a run for 300 articles"
