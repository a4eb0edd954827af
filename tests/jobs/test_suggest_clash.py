"""A "Run again" job on one article while the project's catch-up stores the same article's run:
on PostgreSQL the job's insert waits for the other transaction, then meets a unique violation.
The job runs the article again, and succeeds; it does not fail with an IntegrityError."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from newsannot.corpus.services import article_create
from newsannot.jobs.models import Job
from newsannot.suggestions.models import Suggestion, SuggestionRun
from newsannot.suggestions.services import RUN_INLINE_MAX_CHARS, suggestions_run
from tests.conftest import ARTICLE_TEXT, drain_jobs

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FILLER = "The ministry said nothing more about it. " * (RUN_INLINE_MAX_CHARS // 40 + 1)


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def test_a_run_again_job_waits_for_the_catch_up_then_succeeds(project, manager):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers")
    article = article_create(
        project=project, title="Long", text=ARTICLE_TEXT + FILLER, created_by=manager
    ).article
    job = suggestions_run(article=article, actor=manager)
    assert isinstance(job, Job)
    stored, release = threading.Event(), threading.Event()

    def catch_up():  # the catch-up's transaction: the article's run stored, not yet committed
        try:
            with transaction.atomic():
                SuggestionRun.objects.create(article_id=article.pk)
                stored.set()
                assert release.wait(timeout=30)
        finally:
            connection.close()

    def worker():
        try:
            drain_jobs()
        finally:
            connection.close()

    other = threading.Thread(target=catch_up)
    other.start()
    assert stored.wait(timeout=10)
    running = threading.Thread(target=worker)
    running.start()
    deadline = time.monotonic() + 30
    while not _waiting_on_a_lock():  # the job's insert waits for the catch-up's row
        assert time.monotonic() < deadline, "the job never waited for the catch-up"
        time.sleep(0.05)
    release.set()
    other.join(timeout=30)
    running.join(timeout=60)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert job.result["suggestions"] == Suggestion.objects.filter(article=article).count() >= 1
    assert SuggestionRun.objects.filter(article=article).count() == 1
