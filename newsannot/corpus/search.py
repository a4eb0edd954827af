"""Article search, and the text index behind it.

On PostgreSQL, trigram indexes on UPPER(title) and UPPER(text) serve `icontains`. Computing an
article's trigrams costs ≈ 0.7 ms per 6,000 characters: more than storing the article and its two
dozen spans. So a bulk import stores its articles with `text_indexed = False`, outside the
(partial) text index, and the index catches up once the import has committed, in a background
thread of the same process (`catch_up`). Search is complete meanwhile: articles not yet indexed
are found through a small index of the backlog and their text is scanned.

`python manage.py index_search` does the same work in the foreground (after a restore, or where a
worker stopped before it had finished).
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection, connections, transaction
from django.db.models import Q

from newsannot.corpus.models import Article

log = logging.getLogger(__name__)
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


def index_pending(*, batch: int = BATCH) -> int:
    """Put every article not yet in the text index into it; return how many there were."""
    total = 0
    while True:
        with transaction.atomic():
            # SKIP LOCKED: two workers catching up at once share the backlog instead of waiting.
            # NO KEY: span writes lock their article FOR KEY SHARE (the foreign key check); a
            # plain FOR UPDATE would make them wait for this batch's trigrams, and would skip
            # (and leave behind) an article someone is annotating.
            ids = list(
                Article.objects.filter(text_indexed=False)
                .select_for_update(skip_locked=True, no_key=True)
                .order_by("id")
                .values_list("id", flat=True)[:batch]
            )
            if not ids:
                return total
            # update() leaves updated_at alone: indexing is not a change to the article.
            Article.objects.filter(id__in=ids).update(text_indexed=True)
        total += len(ids)


def pending() -> int:
    return Article.objects.filter(text_indexed=False).count()


_wanted = threading.Event()
_running = threading.Lock()


def catch_up() -> None:
    """Index the backlog: in a background thread, or at once where settings say so (tests)."""
    if not getattr(settings, "SEARCH_INDEX_IN_BACKGROUND", True):
        index_pending()
        return
    _wanted.set()
    if _running.acquire(blocking=False):
        try:
            threading.Thread(target=_work, name="search-index", daemon=True).start()
        except BaseException:
            _running.release()  # else this process would never catch up again
            raise


def wait() -> int:
    """Until this process's background catch-up has finished, then whatever it left (a command,
    before it exits: a failed background pass would otherwise go unnoticed); how many that was."""
    with _running:
        pass
    return index_pending()


def _work() -> None:
    try:
        # Until no one has asked since the last pass: a commit that lands while the last pass
        # finds nothing sets _wanted again, and is not left behind.
        while _wanted.is_set():
            _wanted.clear()
            close_old_connections()
            index_pending()
    except Exception:
        log.exception("Catching up on the search index failed; `manage.py index_search` resumes.")
    finally:
        try:
            connections.close_all()  # this thread's own connections
        finally:
            _running.release()
        if _wanted.is_set():  # asked for while we were on the way out
            catch_up()
