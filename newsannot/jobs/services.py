"""Starting, cancelling and finishing jobs. Every state change is one conditional UPDATE.

A job is queued together with its task in the caller's transaction (django-tasks-db keeps the
queue in the same database): if the caller rolls back, neither exists, and no worker can pick the
task up before the job is committed.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from newsannot.jobs.models import Job, JobStatus, Kind
from newsannot.lib.errors import Conflict

log = logging.getLogger(__name__)


# Work someone waits for goes before catch-up work the system queues for itself: a worker busy
# with a project's suggestions must not keep an import waiting behind them (the catch-up kinds
# also run in time slices, so a running one soon yields: handlers.run_suggest).
PRIORITY = {Kind.IMPORT: 10, Kind.SUGGEST: -10, Kind.MAINTENANCE: -10}


def _enqueue(job: Job, *, delay: float = 0) -> None:
    from newsannot.jobs.tasks import run_job  # the task module wires in every kind's handler

    options: dict[str, Any] = {"priority": PRIORITY.get(job.kind, 0)}
    if delay:
        options["run_after"] = timezone.now() + dt.timedelta(seconds=delay)
    task = run_job.using(**options)
    result = task.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.task_id = str(result.id)


@transaction.atomic
def job_start(
    *,
    kind: str,
    project_id: int | None = None,
    created_by: AbstractBaseUser | None = None,
    params: dict[str, Any] | None = None,
    total: int | None = None,
) -> Job:
    if kind not in Kind.values:
        raise ValueError(f"Unknown job kind {kind!r}")
    job = Job.objects.create(
        kind=kind,
        project_id=project_id,
        created_by=created_by,
        params=params or {},
        progress_total=total,
    )
    _enqueue(job)
    return job


def job_start_once(*, kind: str, project_id: int | None = None) -> Job | None:
    """Queue a system job unless one of the same kind and project is still waiting to run: work
    that catches up on whatever is outstanding (the search index, statistics, suggestions) needs
    one run after the latest change, not one per change."""
    waiting = Job.objects.filter(kind=kind, project_id=project_id, status=JobStatus.QUEUED)
    # A job someone started for one article (suggestions_run) does not do the catch-up's work.
    if waiting.exclude(params__has_key="article").exists():
        return None
    return job_start(kind=kind, project_id=project_id)


def after_bulk_write(project_id: int, *, index: bool) -> None:
    """Called by every bulk write (imports), in its transaction: queue what bulk writes leave
    for later: suggestions for the new articles and, with `index` (PostgreSQL), the search
    index's catch-up and fresh planner statistics (maintenance)."""
    job_start_once(kind=Kind.SUGGEST, project_id=project_id)
    if index:
        job_start_once(kind=Kind.MAINTENANCE)


def job_cancel(*, job: Job, actor: AbstractBaseUser) -> Job:
    """A queued job is cancelled at once; a running one stops at its next check (it rolls back
    whatever it had not committed). A finished job cannot be cancelled."""
    now = timezone.now()
    if Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.CANCELLED,
        cancel_requested=True,
        finished_at=now,
        error={"detail": f"Cancelled by {actor.get_username()} before it started."},
    ):
        job.refresh_from_db()
        from newsannot.jobs.uploads import discard

        discard(job.params.get("payload", ""))
        return job
    running = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING)
    if not running.update(
        cancel_requested=True,
        error={"detail": f"Cancelled by {actor.get_username()}; nothing of it was kept."},
    ):
        job.refresh_from_db()
        raise Conflict(f"This job has {job.status} already; there is nothing to cancel.")
    job.refresh_from_db()
    return job


def finish(job_id: int, attempt: int, status: str, **fields: Any) -> bool:
    """End a run: only if the job is still this run's (see Job.attempt)."""
    return bool(
        Job.objects.filter(pk=job_id, attempt=attempt, status=JobStatus.RUNNING).update(
            status=status, finished_at=timezone.now(), **fields
        )
    )


@transaction.atomic
def requeue(job_id: int, attempt: int, *, reason: str) -> str | None:
    """Run a job again whose run was lost (its worker died, or the database went away under it),
    or fail it once it has had JOB_MAX_ATTEMPTS runs. Returns the job's new status, or None if
    the run was not the job's latest (someone else has dealt with it)."""
    job = Job.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.attempt != attempt or job.status != JobStatus.RUNNING:
        return None
    old_task = job.task_id
    if attempt >= settings.JOB_MAX_ATTEMPTS:
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            error={"detail": f"{reason} It was tried {attempt} times; the last try kept nothing."},
        )
        status = JobStatus.FAILED
    else:
        Job.objects.filter(pk=job_id).update(status=JobStatus.QUEUED, started_at=None)
        # A short pause, longer each time: a database that has just restarted gets a moment.
        _enqueue(job, delay=2**attempt)
        status = JobStatus.QUEUED
    _mark_task_lost(old_task, reason)
    log.warning("job %s (attempt %s): %s -> %s", job_id, attempt, reason, status)
    return status


def _mark_task_lost(task_id: str, reason: str) -> None:
    """The lost run's task row would say "running" for ever: say what became of it."""
    if not task_id:
        return
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path="newsannot.jobs.runner.JobLost",
        traceback=reason,
    )
