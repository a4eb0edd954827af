"""An import run as a background job: the API's 202, the job's progress and result, and the
same all-or-nothing guarantees as the synchronous import."""

from __future__ import annotations

import json

import pytest
from django.core.files.storage import default_storage
from django.test import override_settings

from newsannot.annotations.models import Span
from newsannot.corpus.models import Article, Membership
from newsannot.jobs import runner
from newsannot.jobs.models import Job
from tests.api.conftest import Api

GOOD = {
    "title": "Imported in the background",
    "text": "Zhao 🚀 told reporters the strikes hit only militant targets.",
    "spans": [{"start": 7, "end": 11, "label": "attribution", "quote": "told"}],
}


def body(*lines) -> bytes:
    return b"".join(
        (line if isinstance(line, str) else json.dumps(line)).encode() + b"\n" for line in lines
    )


def start(user, project, *lines, query="?background=1"):
    return Api(user).client.post(
        f"/api/v1/projects/{project.pk}/import/{query}",
        body(*lines),
        content_type="application/x-ndjson",
    )


def test_a_background_import_answers_202_with_the_job_and_stores_nothing_yet(project, manager):
    response = start(manager, project, GOOD)
    assert response.status_code == 202
    job = response.json()
    assert response["Location"] == job["url"]
    assert job["url"].endswith(f"/api/v1/jobs/{job['id']}/")
    assert job["kind"] == "import"
    assert job["status"] == "queued"
    assert job["project"] == project.pk
    assert job["created_by"] == "mona"
    assert job["progress"] == {"done": 0, "total": len(body(GOOD))}
    assert set(job) >= {"result", "error", "created_at", "started_at", "finished_at"}
    assert not Article.objects.exists()


def test_the_job_imports_and_its_result_is_the_synchronous_answer(project, manager, run_jobs):
    job_id = start(manager, project, GOOD, GOOD).json()["id"]
    run_jobs()
    job = Api(manager).get(f"/api/v1/jobs/{job_id}/").json()
    assert job["status"] == "succeeded"
    assert job["result"] == {
        "created": 1,
        "duplicates": [{"line": 2, "title": GOOD["title"], "duplicate_of_line": 1}],
        "spans": 1,
        "merged_spans": [],
        "relations": 0,
        "dry_run": False,
    }
    assert job["progress"]["done"] == job["progress"]["total"] > 0
    assert job["started_at"] and job["finished_at"]
    assert Span.objects.get().quote == "told"


def test_the_uploaded_file_is_removed_once_the_job_has_finished(project, manager, run_jobs):
    job_id = start(manager, project, GOOD).json()["id"]
    payload = Job.objects.get(pk=job_id).params["payload"]
    assert default_storage.exists(payload)
    run_jobs()
    assert not default_storage.exists(payload)


def test_a_failed_import_job_lists_each_error_by_line_and_stores_nothing(
    project, manager, run_jobs
):
    bad = {"title": "No text"}
    job_id = start(manager, project, GOOD, bad, "not json").json()["id"]
    run_jobs()
    job = Api(manager).get(f"/api/v1/jobs/{job_id}/").json()
    assert job["status"] == "failed"
    assert job["error"]["detail"] == "The import has 2 errors; nothing was stored."
    assert [e["line"] for e in job["error"]["errors"]] == [2, 3]
    assert job["result"] is None
    assert not Article.objects.exists()


def test_an_empty_background_import_is_refused_at_once(project, manager):
    response = Api(manager).client.generic(
        "POST",
        f"/api/v1/projects/{project.pk}/import/?background=1",
        b"",
        CONTENT_TYPE="application/x-ndjson",  # the test client drops it with an empty body
    )
    assert response.status_code == 400
    assert "empty" in response.json()["detail"]
    assert not Job.objects.exists()


def test_a_dry_run_job_validates_and_stores_nothing(project, manager, run_jobs):
    job_id = start(manager, project, GOOD, query="?background=1&dry_run=1").json()["id"]
    run_jobs()
    job = Job.objects.get(pk=job_id)
    assert job.status == "succeeded"
    assert job.result["dry_run"] is True and job.result["created"] == 1
    assert not Article.objects.exists()


def test_the_job_runs_with_its_starters_rights_checked_again_when_it_runs(
    project, manager, run_jobs
):
    job_id = start(manager, project, GOOD).json()["id"]
    Membership.objects.filter(user=manager).update(role="analyst")  # demoted meanwhile
    run_jobs()
    job = Job.objects.get(pk=job_id)
    assert job.status == "failed"
    assert job.error["detail"] == "Only managers of this project can add or import articles."
    assert not Article.objects.exists()


def test_a_job_that_outlives_its_time_limit_fails_cleanly(project, manager, run_jobs):
    lines = [{"title": f"Article {i}", "text": f"Text number {i}."} for i in range(3)]
    job_id = start(manager, project, *lines)
    with override_settings(JOB_TIMEOUT_SECONDS=-1):
        run_jobs()
    job = Job.objects.get(pk=job_id.json()["id"])
    assert job.status == "failed"
    assert "longer than its limit" in job.error["detail"]
    assert not Article.objects.exists()


def test_a_run_that_lost_its_job_rolls_its_import_back(project, manager, monkeypatch, run_jobs):
    """Exactly once: the result is written in the import's transaction, conditional on the job
    still being this run's; a run that lost it keeps nothing."""
    job_id = start(manager, project, GOOD).json()["id"]

    real_succeed = runner.JobRun.succeed

    def taken_meanwhile(self, result):
        Job.objects.filter(pk=job_id).update(attempt=self.attempt + 1)  # another run has it
        real_succeed(self, result)

    monkeypatch.setattr(runner.JobRun, "succeed", taken_meanwhile)
    run_jobs()
    assert not Article.objects.exists()
    assert Job.objects.get(pk=job_id).status == "running"  # the other run's to finish


@pytest.mark.parametrize("query", ["?background=1", "?background=true"])
def test_a_background_import_needs_the_same_rights_as_a_synchronous_one(project, outsider, query):
    assert start(outsider, project, GOOD, query=query).status_code == 403
    assert not Job.objects.exists()
