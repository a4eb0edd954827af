"""Article search, and the text index behind it.

On PostgreSQL, trigram indexes on UPPER(title) and UPPER(text) serve `icontains`. Computing an
article's trigrams costs ≈ 0.7 ms per 6,000 characters: more than storing the article and its two
dozen spans. So a bulk import stores its articles with `text_indexed = False`, outside the
(partial) text index, and the index catches up once the import has committed, in a background job
(`catch_up`: the maintenance job, newsannot/jobs/handlers.py). Search is complete meanwhile:
articles not yet indexed are found through a small index of the backlog and their text is scanned.

Marking an article indexed rewrites its row (PostgreSQL keeps the old version until VACUUM): the
same maintenance job vacuums the article table right after, so the catch-up leaves no bloat even
where autovacuum is off or slow to come round.

`python manage.py index_search` does the same work in the foreground (after a restore).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import Q

from newsannot.corpus.models import Article

BATCH = 500  # articles per transaction: each one holds row locks only briefly


def matching(q: str) -> Q:
    """Articles whose title or text contains `q`, case-insensitively.

    The text condition is written twice, once per side of `text_indexed`, so that PostgreSQL can
    answer each side from its own partial index (the trigram index, the backlog index).
    """
    return (
        Q(title__icontains=q)
        | Q(text_indexed=True, text__icontains=q)
        | Q(text_indexed=False, text__icontains=q)
    )


def defer_for_bulk() -> bool:
    """Whether a bulk import should leave its articles' text for the index to catch up on.

    Only PostgreSQL has a text index to defer; on SQLite there is nothing to catch up on.
    """
    return connection.vendor == "postgresql"


def index_pending(*, batch: int = BATCH, progress: Callable[[int], None] | None = None) -> int:
    """Put every article not yet in the text index into it; return how many there were.

    A pass reads the backlog's ids once, then marks them a batch at a time by id: asking each
    batch for "the first `batch` pending articles" scanned the whole remaining backlog every
    time (quadratic in it). A new pass takes what came in meanwhile; one that marks nothing
    (the rest is locked by another worker, which indexes it) ends the job.
    """
    total = 0
    while ids := list(
        Article.objects.filter(text_indexed=False).order_by("id").values_list("id", flat=True)
    ):
        marked = 0
        for i in range(0, len(ids), batch):
            with transaction.atomic():
                # SKIP LOCKED: two workers catching up at once share the backlog instead of
                # waiting. NO KEY: span writes lock their article FOR KEY SHARE (the foreign key
                # check); a plain FOR UPDATE would make them wait for this batch's trigrams, and
                # would skip (and leave behind) an article someone is annotating.
                mine = list(
                    Article.objects.filter(id__in=ids[i : i + batch], text_indexed=False)
                    .select_for_update(skip_locked=True, no_key=True)
                    .order_by("id")
                    .values_list("id", flat=True)
                )
                # update() leaves updated_at alone: indexing is not a change to the article.
                Article.objects.filter(id__in=mine).update(text_indexed=True)
            marked += len(mine)
            total += len(mine)
            if progress is not None:
                progress(total)
        if not marked:
            return total
    return total


def pending() -> int:
    return Article.objects.filter(text_indexed=False).count()


def catch_up() -> None:
    """Ask for the backlog to be indexed by a background job, once this transaction commits."""
    from newsannot.jobs.models import Kind
    from newsannot.jobs.services import job_start_once

    job_start_once(kind=Kind.MAINTENANCE)
