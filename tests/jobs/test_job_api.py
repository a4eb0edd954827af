"""Following and cancelling jobs through the API: who sees which job, and what cancel does."""

from __future__ import annotations

from newsannot.corpus.models import Article
from newsannot.jobs.models import Job
from newsannot.jobs.services import job_cancel, job_start
from tests.api.conftest import Api
from tests.jobs.test_import_jobs import GOOD, start


def mine(user, project) -> int:
    """A job started by `user` (any member may own one: imports are managers', but the rule
    for seeing jobs does not depend on what they are)."""
    return job_start(kind="import", project_id=project.pk, created_by=user, params={}).pk


def test_a_job_is_seen_by_its_starter_and_the_projects_managers_only(
    project, analyst, analyst2, manager, outsider, site_admin
):
    job_id = mine(analyst, project)
    for user, status in [
        (analyst, 200),
        (manager, 200),
        (site_admin, 200),
        (analyst2, 404),
        (outsider, 404),
    ]:
        assert Api(user).get(f"/api/v1/jobs/{job_id}/").status_code == status, user
    assert Api().get(f"/api/v1/jobs/{job_id}/").status_code in {401, 403}


def test_the_project_list_shows_your_jobs_and_managers_see_all_newest_first(
    project, analyst, analyst2, manager
):
    first = mine(analyst, project)
    second = mine(analyst2, project)
    url = f"/api/v1/projects/{project.pk}/jobs/"
    assert [j["id"] for j in Api(analyst).get(url).json()["results"]] == [first]
    assert [j["id"] for j in Api(manager).get(url).json()["results"]] == [second, first]


def test_cancelling_a_queued_job_means_it_never_runs(project, manager, run_jobs):
    job_id = start(manager, project, GOOD).json()["id"]
    response = Api(manager).post(f"/api/v1/jobs/{job_id}/cancel/")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["error"]["detail"] == "Cancelled by mona before it started."
    run_jobs()
    assert Job.objects.get(pk=job_id).status == "cancelled"
    assert not Article.objects.exists()


def test_a_finished_job_cannot_be_cancelled(project, manager, run_jobs):
    job_id = start(manager, project, GOOD).json()["id"]
    run_jobs()
    response = Api(manager).post(f"/api/v1/jobs/{job_id}/cancel/")
    assert response.status_code == 409
    assert "succeeded already" in response.json()["detail"]


def test_someone_who_cannot_see_a_job_cannot_cancel_it(project, manager, analyst2):
    job_id = start(manager, project, GOOD).json()["id"]
    assert Api(analyst2).post(f"/api/v1/jobs/{job_id}/cancel/").status_code == 404
    assert Job.objects.get(pk=job_id).status == "queued"


def test_a_running_job_asked_to_cancel_stops_at_its_next_check_and_keeps_nothing(
    project, analyst, manager, run_jobs, monkeypatch
):
    from newsannot.jobs import runner

    real_check = runner.JobRun.check

    def cancelled_meanwhile(self, **kwargs):
        if self.job.status != "cancelling":
            self.job.status = "cancelling"
            job_cancel(job=Job.objects.get(pk=self.job.pk), actor=manager)
        real_check(self, now=True)

    monkeypatch.setattr(runner.JobRun, "check", cancelled_meanwhile)
    # The import reports progress (and checks) after every batch of 250 lines.
    lines = [dict(GOOD, text=f"{GOOD['text']} Article {i}.") for i in range(251)]
    job_id = start(manager, project, *lines).json()["id"]
    run_jobs()
    job = Job.objects.get(pk=job_id)
    assert job.status == "cancelled"
    assert job.error == {"detail": "Cancelled by mona; nothing of it was kept."}
    assert not Article.objects.exists()


def test_system_jobs_have_no_starter_and_only_managers_see_them(project, analyst, manager):
    job = job_start(kind="suggest", project_id=project.pk)
    assert Api(analyst).get(f"/api/v1/jobs/{job.pk}/").status_code == 404
    assert Api(manager).get(f"/api/v1/jobs/{job.pk}/").json()["created_by"] is None
