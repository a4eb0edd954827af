"""Issue 12 §2: running suggestions must never hold a request for long. On a long article the
panel's "Run again" (and the first opening of one the suggesters never ran on) queues a
background job and answers at once with a "running" panel that reloads itself; a second run
while that job is queued is refused (409), not queued again."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from newsannot.corpus.services import article_create
from newsannot.jobs.models import Job
from newsannot.jobs.services import after_bulk_write
from newsannot.suggestions import services
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
    assert (
        'hx-trigger="every 2s, visibilitychange from:document"' in page
    )  # the job's state polls until the job is done
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
    assert 'hx-trigger="every 2s, visibilitychange from:document"' in page
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


def test_a_run_again_job_survives_the_catch_up_computing_the_same_article(
    long_article, analyst, run_jobs, monkeypatch
):
    real = services.suggest_for_articles
    clashes = []

    def clashing(articles, **kwargs):
        stored = real(articles, **kwargs)
        if not clashes:
            # The catch-up job stored the same article's run a moment before this one: the
            # database refuses the second row, and this transaction is rolled back.
            clashes.append(articles[0].pk)
            with transaction.atomic():
                SuggestionRun.objects.create(article=articles[0])
        return stored

    monkeypatch.setattr(services, "suggest_for_articles", clashing)
    client = client_for(analyst)
    _run(client, long_article)
    run_jobs()
    job = Job.objects.get(kind="suggest", params__article=long_article.pk)
    assert clashes == [long_article.pk]
    assert job.status == "succeeded" and job.result["suggestions"] >= 1
    page = client.get(reverse("suggestion-panel", args=[long_article.pk])).content.decode()
    assert "Source: RT" in page and "Run again" in page


def _job_state(client, article, job, seen):
    url = reverse("suggestion-job", args=[article.pk])
    return client.get(url, {"job": job.pk, "seen": seen}, HTTP_HX_REQUEST="true")


def test_while_the_job_runs_only_its_state_polls_and_the_panel_stays(long_article, analyst):
    client = client_for(analyst)
    page = _run(client, long_article).content.decode()
    job = Job.objects.get(kind="suggest", params__article=long_article.pk)
    # The panel itself does not reload: a card the analyst focused keeps focus.
    section = page[page.index("<section") : page.index(">", page.index("<section"))]
    assert "hx-get" not in section and "hx-trigger" not in section
    assert (
        'id="suggestions-job"' in page
        and 'hx-trigger="every 2s, visibilitychange from:document"' in page
    )

    unchanged = _job_state(client, long_article, job, "queued")
    assert unchanged.status_code == 204 and unchanged.content == b""

    job.status = "running"
    job.save(update_fields=["status"])
    changed = _job_state(client, long_article, job, "queued")
    assert changed.status_code == 200
    state = changed.content.decode()
    assert state.startswith('<span id="suggestions-job"') and ">running</span>" in state
    assert (
        "seen=running" in state and 'hx-trigger="every 2s, visibilitychange from:document"' in state
    )
    assert "suggestions-panel" not in state and "HX-Retarget" not in changed


def test_when_the_job_has_ended_its_state_answers_the_whole_panel_once(
    long_article, analyst, run_jobs
):
    client = client_for(analyst)
    _run(client, long_article)
    job = Job.objects.get(kind="suggest", params__article=long_article.pk)
    run_jobs()
    done = _job_state(client, long_article, job, "queued")
    assert done.status_code == 200
    assert done["HX-Retarget"] == "#suggestions-panel" and done["HX-Reswap"] == "outerHTML"
    page = done.content.decode()
    assert '<section id="suggestions-panel"' in page and "Source: RT" in page
    assert "every 2s" not in page and "Run again" in page and "ended" not in page


def test_a_job_that_failed_says_so_in_the_panel(long_article, analyst):
    client = client_for(analyst)
    _run(client, long_article)
    job = Job.objects.get(kind="suggest", params__article=long_article.pk)
    job.status = "failed"
    job.save(update_fields=["status"])
    done = _job_state(client, long_article, job, "running")
    assert done["HX-Retarget"] == "#suggestions-panel"
    assert f"The suggesters’ job {job.pk} ended: failed." in done.content.decode()


def test_the_job_state_refused_replaces_the_panel_not_the_state_alone(
    long_article, analyst, outsider
):
    _run(client_for(analyst), long_article)
    job = Job.objects.get(kind="suggest", params__article=long_article.pk)
    refused = _job_state(client_for(outsider), long_article, job, "queued")
    assert refused.status_code == 403
    assert refused["HX-Retarget"] == "#suggestions-panel"
    assert '<section id="suggestions-panel"' in refused.content.decode()


def test_the_running_panel_does_not_say_there_are_no_suggestions(long_article, analyst):
    page = client_for(analyst).get(reverse("suggestion-panel", args=[long_article.pk]))
    text = page.content.decode()
    assert "The suggesters are running on this article" in text
    assert "No open suggestions" not in text
