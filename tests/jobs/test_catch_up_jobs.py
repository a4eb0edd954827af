"""Catch-up work the system queues for itself (suggestions after a bulk import) never keeps an
import waiting: imports go first, and a long catch-up hands over in time slices."""

from __future__ import annotations

from newsannot.corpus.models import Article
from newsannot.jobs import handlers
from newsannot.jobs.models import Job
from newsannot.jobs.services import job_start
from newsannot.suggestions.models import SuggestionRun
from tests.jobs.test_import_jobs import GOOD, start


def test_an_import_queued_after_suggestions_runs_before_them(project, manager, run_jobs):
    suggest = job_start(kind="suggest", project_id=project.pk)
    imported = start(manager, project, GOOD).json()["id"]
    run_jobs(only=1)
    assert Job.objects.get(pk=imported).status == "succeeded"
    assert Job.objects.get(pk=suggest.pk).status == "queued"


def test_a_long_suggestion_job_hands_the_rest_to_a_new_job(project, manager, run_jobs, monkeypatch):
    lines = [{**GOOD, "text": f"{GOOD['text']} Number {i}."} for i in range(3)]
    start(manager, project, *lines)
    run_jobs(only=1)  # the import, which queues suggestions for its articles
    monkeypatch.setattr(handlers, "SUGGEST_BATCH", 1)
    monkeypatch.setattr(handlers, "SUGGEST_SLICE_SECONDS", 0.0)
    run_jobs()
    suggest = Job.objects.filter(kind="suggest").order_by("id")
    assert [j.result for j in suggest] == [
        {"articles": 1, "suggestions": j.result["suggestions"], "continued": True}
        for j in suggest[:2]
    ] + [{"articles": 1, "suggestions": suggest[2].result["suggestions"]}]
    assert all(j.status == "succeeded" for j in suggest)
    assert SuggestionRun.objects.count() == Article.objects.count() == 3
