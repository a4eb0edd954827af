"""A job whose worker died is queued again (or failed after its last try); a live one is left be."""

from __future__ import annotations

import os

import psycopg
import pytest
from django.db import connection
from django.tasks import TaskResultStatus
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from newsannot.corpus.models import Article
from newsannot.jobs import liveness
from newsannot.jobs.models import Job
from newsannot.jobs.reaper import reap
from tests.jobs.test_import_jobs import GOOD, start

DEAD_PID = 2**22 + 12345  # above pid_max's default: no such process


def _as_if_running(job_id: int, *, worker: str, attempt: int = 1) -> None:
    """The state a worker leaves when it is killed in the middle: running, its task too."""
    job = Job.objects.get(pk=job_id)
    DBTaskResult.objects.filter(id=job.task_id).update(status=TaskResultStatus.RUNNING)
    Job.objects.filter(pk=job_id).update(status="running", attempt=attempt, worker=worker)


def _dead_worker() -> str:
    return f"{liveness.HOST}:{DEAD_PID}"


def test_a_job_whose_worker_died_is_queued_again_and_then_runs_once(project, manager, run_jobs):
    job_id = start(manager, project, GOOD).json()["id"]
    old_task = Job.objects.get(pk=job_id).task_id
    _as_if_running(job_id, worker=_dead_worker())
    assert reap() == 1
    job = Job.objects.get(pk=job_id)
    assert job.status == "queued"
    assert job.task_id != old_task
    lost = DBTaskResult.objects.get(id=old_task)
    assert lost.status == TaskResultStatus.FAILED and "stopped in the middle" in lost.traceback
    DBTaskResult.objects.filter(id=job.task_id).update(run_after=lost.enqueued_at)  # no wait
    run_jobs()
    job.refresh_from_db()
    assert (job.status, job.attempt) == ("succeeded", 2)
    assert Article.objects.count() == 1


def test_after_its_last_try_a_job_fails_with_the_reason(project, manager):
    job_id = start(manager, project, GOOD).json()["id"]
    with override_settings(JOB_MAX_ATTEMPTS=3):
        _as_if_running(job_id, worker=_dead_worker(), attempt=3)
        reap()
    job = Job.objects.get(pk=job_id)
    assert job.status == "failed"
    assert "stopped in the middle" in job.error["detail"]
    assert "tried 3 times" in job.error["detail"]


def test_a_job_whose_worker_is_alive_is_left_alone(project, manager):
    job_id = start(manager, project, GOOD).json()["id"]
    _as_if_running(job_id, worker=liveness.me())
    if connection.vendor == "postgresql":
        # The live run holds the job's lock in its own database session.
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        with psycopg.connect(**params, autocommit=True) as other:
            other.execute("SELECT pg_advisory_lock(%s, %s)", liveness._key(job_id))
            assert reap() == 0
    else:
        assert reap() == 0
    assert Job.objects.get(pk=job_id).status == "running"


def test_on_sqlite_a_job_run_on_another_machine_is_not_judged(project, manager):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL judges by the run's database session, wherever it runs")
    job_id = start(manager, project, GOOD).json()["id"]
    _as_if_running(job_id, worker=f"elsewhere.example:{os.getpid()}")
    assert reap() == 0
