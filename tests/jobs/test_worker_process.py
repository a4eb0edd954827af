"""Real worker processes against PostgreSQL: one is killed with SIGKILL in the middle of an
import, and the import still ends stored exactly once; two workers never run the same job."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from newsannot.annotations.models import Span
from newsannot.corpus.models import Article
from newsannot.jobs.models import Job
from newsannot.jobs.services import job_start
from newsannot.jobs.uploads import store_upload

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
SPANS = 20


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("workers in other processes need a database server (SQLite here is in memory)")


def _corpus(n: int, tag: str) -> list[bytes]:
    lines = []
    for i in range(n):
        words = [f"{tag}{i}w{j}" for j in range(SPANS * 3)]
        text = " ".join(words) + "."
        spans, pos = [], 0
        for j, word in enumerate(words):
            if j % 3 == 0:
                spans.append({"start": pos, "end": pos + len(word), "label": "attribution"})
            pos += len(word) + 1
        lines.append(json.dumps({"title": f"{tag} {i}", "text": text, "spans": spans}).encode())
    return [line + b"\n" for line in lines]


def _worker(name: str) -> subprocess.Popen:
    db = settings.DATABASES["default"]
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        JOB_REAP_SECONDS="0.5",
    )
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.1", "--no-reload", "-v", "0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(Path(settings.MEDIA_ROOT) / f"{name}.log", "wb"),
    )


def _until(condition, timeout: float = 90.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _import_job(project, manager, n: int, tag: str) -> Job:
    name, size = store_upload(_corpus(n, tag), prefix="imports")
    return job_start(
        kind="import",
        project_id=project.pk,
        created_by=manager,
        params={"payload": name},
        total=size,
    )


def test_a_worker_killed_mid_import_leaves_nothing_and_the_job_finishes_exactly_once(
    project, manager
):
    n = 1500  # seconds of import: time to be killed in the middle
    job = _import_job(project, manager, n, "kill")
    first = _worker("first")
    try:
        _until(
            lambda: Job.objects.filter(pk=job.pk, status="running", progress_done__gt=0).exists(),
            what="the import to be under way",
        )
        first.send_signal(signal.SIGKILL)
        first.wait()
        running = Job.objects.get(pk=job.pk)
        assert running.status == "running" and 0 < running.progress_done < running.progress_total
        assert not Article.objects.filter(project=project).exists()  # rolled back with its session
    finally:
        first.kill()
    second = _worker("second")
    try:
        _until(
            lambda: Job.objects.get(pk=job.pk).status in {"succeeded", "failed"},
            what="the job to be taken up again and finish",
        )
    finally:
        second.terminate()
        second.wait(30)
    done = Job.objects.get(pk=job.pk)
    assert done.status == "succeeded", done.error
    assert done.attempt == 2
    assert done.result["created"] == n
    assert Article.objects.filter(project=project).count() == n
    assert Span.objects.filter(project=project).count() == n * SPANS


def test_two_workers_share_the_queue_and_never_run_the_same_job(project, manager):
    # That both workers take some is made certain, not hoped for: the first is frozen (SIGSTOP)
    # once it has claimed a job, so the next ones can only go to the second. Left to chance (six
    # jobs, two workers started together), the first took them all on a busy CI machine, the
    # second still in its start-up delay. A frozen worker keeps its database session, so its
    # job's advisory lock says it is alive and nobody takes that job from it.
    first_job = _import_job(project, manager, 100, "j0")
    first = _worker("w0")
    workers = [first]
    try:
        _until(
            lambda: Job.objects.filter(pk=first_job.pk).exclude(worker="").exists(),
            what="the first worker to take the first job",
        )
        first.send_signal(signal.SIGSTOP)
        workers.append(_worker("w1"))
        jobs = [_import_job(project, manager, 100, f"j{i}") for i in range(1, 4)]
        _until(
            lambda: (
                not Job.objects.filter(pk__in=[j.pk for j in jobs])
                .exclude(status="succeeded")
                .exists()
            ),
            what="the second worker to run the jobs queued while the first was frozen",
        )
        first.send_signal(signal.SIGCONT)
        # Both at work now, on a queue of their own: each job still runs once.
        jobs += [_import_job(project, manager, 100, f"k{i}") for i in range(4)]
        everything = [first_job.pk, *(j.pk for j in jobs)]
        _until(
            lambda: not Job.objects.filter(pk__in=everything).exclude(status="succeeded").exists(),
            what="every job to succeed",
        )
    finally:
        first.send_signal(signal.SIGCONT)
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(30)
    runs = Job.objects.filter(pk__in=everything)
    assert set(runs.values_list("attempt", flat=True)) == {1}  # each ran once
    took = dict(runs.values_list("pk", "worker"))
    assert all(took[j.pk] != took[first_job.pk] for j in jobs[:3])  # the second took those
    assert len(set(took.values())) == 2
    assert Article.objects.filter(project=project).count() == 8 * 100
