"""Article search: complete before the text index has caught up on a bulk import, and after.

corpus/search.py: a bulk import leaves its articles out of the (partial) trigram index on
PostgreSQL; a background job (maintenance) brings them in once the import has committed.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection

from newsannot.corpus import search
from newsannot.corpus.models import Article
from newsannot.ingest.jsonl import import_jsonl
from newsannot.workspace.selectors import ArticleFilters, articles_for

TEXTS = [
    "Kartapolov told a media briefing that the strikes hit only militant targets.",
    "The ministry said the convoy carried aid. Source: TASS",
    "Residents described the shelling of the market on Tuesday.",
]


def _lines(prefix: str = "") -> list[bytes]:
    return [
        json.dumps({"title": f"{prefix}Report {i}", "text": prefix + text}).encode()
        for i, text in enumerate(TEXTS)
    ]


def _found(user, project, q: str) -> list[str]:
    return sorted(a.title for a in articles_for(user, project, ArticleFilters(q=q)))


def test_imported_articles_are_found_before_and_after_the_index_catches_up(project, manager):
    import_jsonl(project=project, lines=_lines(), actor=manager)  # TestCase: no commit yet
    indexed = set(Article.objects.filter(project=project).values_list("text_indexed", flat=True))
    assert indexed == {not search.defer_for_bulk()}
    assert _found(manager, project, "MILITANT") == ["Report 0"]
    assert _found(manager, project, "source: tass") == ["Report 1"]
    assert _found(manager, project, "report") == ["Report 0", "Report 1", "Report 2"]

    assert search.index_pending() == (3 if search.defer_for_bulk() else 0)
    assert search.pending() == 0
    assert _found(manager, project, "MILITANT") == ["Report 0"]
    assert _found(manager, project, "shelling") == ["Report 2"]
    assert _found(manager, project, "nowhere in any text") == []


def test_indexing_leaves_updated_at_alone(project, manager):
    import_jsonl(project=project, lines=_lines(), actor=manager)
    before = dict(Article.objects.values_list("id", "updated_at"))
    search.index_pending()
    assert dict(Article.objects.values_list("id", "updated_at")) == before


def test_an_article_created_singly_is_indexed_at_once(article):
    assert Article.objects.get(pk=article.pk).text_indexed is True


def test_an_import_queues_the_catch_up_as_a_job_that_indexes_the_backlog(
    project, manager, run_jobs
):
    from newsannot.jobs.models import Job

    import_jsonl(project=project, lines=_lines("bg "), actor=manager)
    kinds = set(Job.objects.values_list("kind", flat=True))
    assert kinds == ({"maintenance", "suggest"} if search.defer_for_bulk() else {"suggest"})
    run_jobs()
    assert search.pending() == 0
    assert set(Job.objects.values_list("status", flat=True)) == {"succeeded"}
    assert _found(manager, project, "convoy") == ["bg Report 1"]


def test_a_second_import_before_the_catch_up_ran_queues_no_second_one(project, manager):
    from newsannot.jobs.models import Job

    import_jsonl(project=project, lines=_lines("one "), actor=manager)
    import_jsonl(project=project, lines=_lines("two "), actor=manager)
    assert Job.objects.filter(kind="suggest").count() == 1
    assert Job.objects.filter(kind="maintenance").count() <= 1


@pytest.mark.django_db(transaction=True)
def test_the_command_catches_up_in_the_foreground(project, manager):
    from django.core.management import call_command

    import_jsonl(project=project, lines=_lines(), actor=manager)
    Article.objects.update(text_indexed=False)  # as if no worker had caught up yet
    call_command("index_search", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert search.pending() == 0


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_search_uses_the_trigram_and_backlog_indexes(project, manager):
    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes exist on PostgreSQL only")
    import_jsonl(project=project, lines=_lines(), actor=manager)
    # Without the project filter, whose index a tiny test table prefers: can every arm of the
    # condition be answered from an index?
    plan = _plan(Article.objects.filter(search.matching("militant")).order_by())
    for index in ("article_title_trgm", "article_text_trgm", "article_text_pending"):
        assert index in plan, plan
    assert "Seq Scan on corpus_article" not in plan, plan


def test_a_failing_catch_up_fails_its_job_and_leaves_search_complete(
    project, manager, monkeypatch, run_jobs
):
    if not search.defer_for_bulk():
        pytest.skip("only PostgreSQL has a text index to catch up on")
    from newsannot.jobs.models import Job

    def broken(**kwargs):
        raise RuntimeError("the index is unreachable")

    monkeypatch.setattr(search, "index_pending", broken)
    report = import_jsonl(project=project, lines=_lines(), actor=manager)
    run_jobs()
    assert report.created == 3
    assert Job.objects.get(kind="maintenance").status == "failed"
    assert search.pending() == 3  # left for the next catch-up; search finds them meanwhile
    assert _found(manager, project, "convoy") == ["Report 1"]
