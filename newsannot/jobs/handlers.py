"""What each kind of job does: a thin call into the service that owns the work.

A handler gets the Job and its JobRun (progress, checks, succeed) and returns the job's result
(a JSON value) or raises a DomainError whose message becomes the job's error.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction

from newsannot.jobs.models import Job
from newsannot.jobs.runner import JobRun
from newsannot.lib.errors import Forbidden, Invalid

if TYPE_CHECKING:
    from newsannot.corpus.models import Article

SUGGEST_BATCH = 50  # articles per transaction
SUGGEST_SLICE_SECONDS = 10.0  # then the job hands the rest to a new one, queued behind imports
SUGGEST_CLASHES = 10  # tries again after a clash with another run; then the job fails


def run_import(job: Job, run: JobRun) -> dict[str, Any]:
    """A JSON Lines import from a stored upload: all or nothing, like the synchronous one. The
    result is written in the import's own transaction, so a worker killed at any point leaves
    either the whole import and its result, or neither (and the job runs again)."""
    from newsannot.ingest.jsonl import import_jsonl  # the importer's own module: lazy

    if job.created_by is None or job.project is None:
        raise Forbidden("The user who started this import, or its project, no longer exists.")
    payload = job.params.get("payload", "")
    if not payload or not default_storage.exists(payload):
        raise Invalid("The uploaded file of this import is gone; start the import again.")
    size = default_storage.size(payload)
    with default_storage.open(payload, "rb") as lines, transaction.atomic():
        run.limit_statements()
        seen = _Counting(lines)
        report = import_jsonl(
            project=job.project,
            lines=seen,
            actor=job.created_by,
            dry_run=bool(job.params.get("dry_run")),
            progress=lambda _lines: run.progress(seen.done, size),
        )
        run.job.progress_done = run.job.progress_total = size
        result = report_body(report, dry_run=bool(job.params.get("dry_run")))
        run.succeed(result)
    return result


def report_body(report: Any, *, dry_run: bool) -> dict[str, Any]:
    """An import's answer, the same for the synchronous API and a job's result."""
    return {
        "created": report.created,
        "duplicates": report.duplicates,
        "spans": report.spans,
        "merged_spans": report.merged_spans,
        "relations": report.relations,
        "dry_run": dry_run,
    }


class _Counting:
    """The upload's lines, counting the bytes read: the job's progress. (The importer reads them
    in a thread of its own; only the count crosses back, read by the importer's progress call.)"""

    def __init__(self, lines: Any) -> None:
        self.lines, self.done = lines, 0

    def __iter__(self):
        for line in self.lines:
            self.done += len(line)
            yield line


def _suggest_tolerating_clashes(
    read: Callable[[], list[Article]],
    *,
    then: Callable[[list[Article], int], None] | None = None,
) -> tuple[list[Article], int]:
    """Run the suggesters on the articles `read` returns, in one transaction (with `then`, e.g.
    the job's success, in it too); returns them and how many suggestions were stored.

    A clash (IntegrityError: someone stored the same article's run a moment before us: an
    analyst's panel, the project's catch-up job, a "Run again" job) means the article was just
    done by the other: `read` again and run again, up to SUGGEST_CLASHES times. The catch-up's
    query then leaves it out; a one-article job computes it again, to the same result."""
    from newsannot.suggestions.services import suggest_for_articles

    for attempt in range(SUGGEST_CLASHES + 1):
        articles = read()
        try:
            with transaction.atomic():
                stored = suggest_for_articles(articles)
                if then is not None:
                    then(articles, stored)
            return articles, stored
        except IntegrityError:
            if attempt == SUGGEST_CLASHES:
                raise
    raise AssertionError("unreachable")


def run_suggest(job: Job, run: JobRun) -> dict[str, Any]:
    """Suggestions for the project's articles the suggesters never ran on (bulk imports skip
    them), a batch per transaction: an analyst opening one of them finds them ready. After a
    time slice the rest goes to a new job, so an import queued meanwhile runs first.
    With `article` in its params: that one article, run again (the panel's "Run again" on a
    long article, suggestions.services.suggestions_run)."""
    from newsannot.corpus.models import Article
    from newsannot.jobs.models import Kind
    from newsannot.jobs.services import job_start_once

    if "article" in job.params:

        def the_article() -> list[Article]:
            article = Article.objects.filter(pk=job.params["article"]).first()
            if article is None:
                raise Invalid("The article was deleted before its suggestions could run.")
            return [article]

        def finish(_articles: list[Article], stored: int) -> None:
            run.progress(1, 1)
            run.succeed({"articles": 1, "suggestions": stored})

        _, stored = _suggest_tolerating_clashes(the_article, then=finish)
        return {"articles": 1, "suggestions": stored}

    deadline = time.monotonic() + SUGGEST_SLICE_SECONDS

    todo = Article.objects.filter(project_id=job.project_id, suggestion_run__isnull=True)
    total = todo.count()
    done = stored = 0
    run.progress(0, total)
    # A pass reads the ids once, then each batch by id (the query leaves out what was done
    # meanwhile). Asking each batch for "the first SUGGEST_BATCH without a run" went over every
    # article done so far again: quadratic in the project's articles. A new pass takes what
    # came in during the last one.
    while ids := list(todo.order_by("id").values_list("id", flat=True)):
        i = 0
        while i < len(ids):
            # Read again after a clash: what was done meanwhile is left out.
            batch, added = _suggest_tolerating_clashes(
                lambda chunk=ids[i : i + SUGGEST_BATCH]: list(
                    todo.filter(id__in=chunk).order_by("id")
                )
            )
            stored += added
            i += SUGGEST_BATCH
            done += len(batch)
            run.progress(done, max(total, done))
            if time.monotonic() > deadline and todo.exists():
                job_start_once(kind=Kind.SUGGEST, project_id=job.project_id)
                return {"articles": done, "suggestions": stored, "continued": True}
    return {"articles": done, "suggestions": stored}


def run_maintenance(job: Job, run: JobRun) -> dict[str, Any]:
    """After bulk writes: put new articles into the text search index, then give the planner
    fresh statistics and reclaim the row versions the index catch-up left behind (PostgreSQL's
    autovacuum would, but only once a table has changed by a tenth: a new project in a large
    database may never reach that)."""
    from newsannot.corpus import search

    indexed = search.index_pending(progress=lambda n: run.progress(n))
    if connection.vendor == "postgresql":
        from newsannot.annotations.models import Span, SpanHistory
        from newsannot.corpus.models import Article

        quote = connection.ops.quote_name
        # VACUUM refuses to run inside a transaction; the worker autocommits (a test may not).
        vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            cursor.execute(f"{vacuum} {quote(Article._meta.db_table)}")
            for model in (Span, SpanHistory):
                cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")
    return {"indexed": indexed}
