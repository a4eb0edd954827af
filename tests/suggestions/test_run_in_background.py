"""Issue 12 §2: running suggestions must never hold a request for long. On a long article the
panel's "Run again" (and the first opening of one the suggesters never ran on) queues a
background job and answers at once with a "running" panel that reloads itself; a second run
while that job is queued is refused (409), not queued again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsannot.corpus.services import article_create
from newsannot.jobs.models import Job
from newsannot.jobs.services import after_bulk_write
from newsannot.suggestions.models import Suggestion, SuggestionRun
from newsannot.suggestions.services import RUN_INLINE_MAX_CHARS
from tests.conftest import ARTICLE_TEXT, client_for

pytestmark = pytest.mark.django_db

FILLER = "The ministry said nothing more about it. " * (RUN_INLINE_MAX_CHARS // 40 + 1)


@pytest.fixture
def long_article(project, manager):
    article = article_create(
        project=project, title="Long", text=ARTICLE_TEXT + FILLER, created_by=manager
    ).article
    assert len(article.text) > RUN_INLINE_MAX_CHARS
    return article


def _run(client, article):
    return client.post(reverse("suggestion-run", args=[article.pk]), HTTP_HX_REQUEST="true")


def test_creating_a_long_article_leaves_its_suggestions_to_the_panel(long_article):
    assert not SuggestionRun.objects.filter(article=long_article).exists()
    assert not Suggestion.objects.filter(article=long_article).exists()


def test_run_again_on_a_long_article_queues_a_job_and_answers_at_once(
    long_article, analyst, run_jobs
):
    client = client_for(analyst)
    response = _run(client, long_article)
    assert response.status_code == 200
    page = response.content.decode()
    job = Job.objects.get(kind="suggest", params__article=long_article.pk)
    assert "The suggesters are running on this article" in page and f"job {job.pk}" in page
    assert 'hx-trigger="every 2s"' in page  # the panel polls until the job is done
    assert "Run again" not in page
    assert not Suggestion.objects.filter(article=long_article).exists()  # nothing done yet
    jobs = client.get(reverse("project-jobs", args=[long_article.project_id])).content.decode()
    assert f'Suggestions for <a href="/a/{long_article.pk}/">article {long_article.pk}</a>' in jobs

    run_jobs()
    page = client.get(reverse("suggestion-panel", args=[long_article.pk])).content.decode()
    assert "Source: RT" in page
    assert "every 2s" not in page and "Run again" in page
    job.refresh_from_db()
    assert job.status == "succeeded" and job.result["suggestions"] >= 1


def test_a_second_run_while_one_is_queued_is_refused_not_queued_again(
    long_article, analyst, project
):
    client = client_for(analyst)
    _run(client, long_article)
    response = _run(client, long_article)
    assert response.status_code == 409
    page = response.content.decode()
    assert "The suggesters are already running on this article" in page
    assert 'hx-trigger="every 2s"' in page
    assert Job.objects.filter(kind="suggest", params__article=long_article.pk).count() == 1
    # ...and it does not stand in for the project's catch-up after an import.
    after_bulk_write(project.pk, index=False)
    catch_up = Job.objects.filter(kind="suggest", project=project).exclude(
        params__has_key="article"
    )
    assert catch_up.count() == 1


def test_opening_a_long_article_queues_its_first_run_once(long_article, analyst, run_jobs):
    client = client_for(analyst)
    url = reverse("suggestion-panel", args=[long_article.pk])
    for _ in range(2):
        page = client.get(url).content.decode()
        assert "The suggesters are running on this article" in page
    assert Job.objects.filter(kind="suggest", params__article=long_article.pk).count() == 1
    run_jobs()
    assert "Source: RT" in client.get(url).content.decode()


def test_the_running_panel_does_not_say_there_are_no_suggestions(long_article, analyst):
    page = client_for(analyst).get(reverse("suggestion-panel", args=[long_article.pk]))
    text = page.content.decode()
    assert "The suggesters are running on this article" in text
    assert "No open suggestions" not in text


def _failing(monkeypatch):
    def fail(articles):
        raise RuntimeError("suggester broke")

    monkeypatch.setattr("newsannot.suggestions.services.suggest_for_articles", fail)


def test_a_failed_job_is_shown_by_the_polling_panel_and_not_queued_again(
    long_article, analyst, run_jobs, monkeypatch
):
    client = client_for(analyst)
    url = reverse("suggestion-panel", args=[long_article.pk])
    page = client.get(url).content.decode()
    job = Job.objects.get(kind="suggest", params__article=long_article.pk)
    assert f"?job={job.pk}" in page  # the poll names the job it waits for
    _failing(monkeypatch)
    run_jobs()
    job.refresh_from_db()
    assert job.status == "failed"
    for _ in range(3):  # the panel's polls after the failure
        page = client.get(url, {"job": str(job.pk)}, HTTP_HX_REQUEST="true").content.decode()
        assert "The suggesters failed on this article" in page
        assert (
            "The job failed (RuntimeError)" in page and 'class="suggestions-status error"' in page
        )
        assert "every 2s" not in page and "Run again" in page
    assert Job.objects.filter(kind="suggest", params__article=long_article.pk).count() == 1


def test_a_poll_naming_another_articles_failed_job_shows_nothing_of_it(
    long_article, analyst, manager, project, run_jobs, monkeypatch
):
    other = article_create(
        project=project, title="Other long", text=ARTICLE_TEXT + FILLER + "x", created_by=manager
    ).article
    client = client_for(analyst)
    client.get(reverse("suggestion-panel", args=[other.pk]))
    _failing(monkeypatch)
    run_jobs()
    theirs = Job.objects.get(kind="suggest", params__article=other.pk)
    failed = client.get(reverse("suggestion-panel", args=[other.pk]), {"job": str(theirs.pk)})
    assert "The suggesters failed on this article" in failed.content.decode()
    monkeypatch.undo()
    url = reverse("suggestion-panel", args=[long_article.pk])
    for job in (str(theirs.pk), "9" * 40, "abc", "-1"):
        response = client.get(url, {"job": job})
        assert response.status_code == 200
        page = response.content.decode()
        assert "failed" not in page
        assert "The suggesters are running on this article" in page  # its own first run
