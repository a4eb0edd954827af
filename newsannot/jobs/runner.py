"""Running one job: claim it, run its kind's handler, record how it ended.

Exactly once: a handler whose work is one transaction (an import) calls `run.succeed()` inside
that transaction, and that write is conditional on the job still being this run's. A run that lost
its job meanwhile (its worker was presumed dead and the job went to another) fails that write and
rolls its whole transaction back, so the work is stored by one run or by none.

Limits: every handler reports progress and calls `run.check()` between pieces of work; the check
raises when the job was cancelled or has used up its time (JOB_TIMEOUT_SECONDS), and on PostgreSQL
a transaction started with `run.limit_statements()` also has every statement bounded by what is
left, so one long query cannot outlive the limit either.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from newsannot.jobs import liveness
from newsannot.jobs.models import ACTIVE, Job, JobStatus
from newsannot.jobs.services import finish, requeue
from newsannot.lib.errors import DomainError

log = logging.getLogger(__name__)

HANDLERS = {
    "import": "newsannot.jobs.handlers.run_import",
    "suggest": "newsannot.jobs.handlers.run_suggest",
    "maintenance": "newsannot.jobs.handlers.run_maintenance",
    "release": "newsannot.releases.build.run_release",
}
PROGRESS_EVERY = 0.5  # seconds between progress writes
CHECK_EVERY = 1.0  # seconds between looks at the cancel flag


class JobCancelled(Exception):
    pass


class JobTimedOut(Exception):
    pass


class JobLost(Exception):
    """This run no longer owns its job: another run has it, or it ended."""


@dataclass
class JobRun:
    job: Job
    attempt: int
    deadline: float
    done: bool = False
    _progress_at: float = 0.0
    _checked_at: float = field(default_factory=time.monotonic)

    # -- what a handler calls ---------------------------------------------------------------

    def progress(self, done: int, total: int | None = None) -> None:
        """Say how far the job got (written at most every PROGRESS_EVERY s), then check()."""
        self.job.progress_done = done
        if total is not None:
            self.job.progress_total = total
        now = time.monotonic()
        if now - self._progress_at >= PROGRESS_EVERY:
            self._progress_at = now
            _write_progress(self.job.pk, self.attempt, done, self.job.progress_total)
        self.check()

    def check(self, *, now: bool = False) -> None:
        """Raise if the job was cancelled or is past its limit (the flag is read at most every
        CHECK_EVERY s, or `now`)."""
        at = time.monotonic()
        if at > self.deadline:
            raise JobTimedOut
        if now or at - self._checked_at >= CHECK_EVERY:
            self._checked_at = at
            said = (
                Job.objects.filter(pk=self.job.pk, cancel_requested=True)
                .values_list("error", flat=True)
                .first()
            )
            if said is not None:  # who cancelled, read now: the rollback may take it back
                raise JobCancelled(said)

    def limit_statements(self) -> None:
        """Bound every statement of the current transaction by the time the job has left."""
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            left = max(1, int((self.deadline - time.monotonic()) * 1000))
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(left)])

    def succeed(self, result: Any) -> None:
        """Record the result: inside the handler's transaction when the work is one."""
        self.check(now=True)  # past the limit or cancelled: nothing is kept, however far it got
        if not finish(
            self.job.pk,
            self.attempt,
            JobStatus.SUCCEEDED,
            result=result,
            progress_done=self.job.progress_done,
            progress_total=self.job.progress_total,
        ):
            raise JobLost
        self.done = True


# -- progress, visible while the job's transaction is still open ------------------------------

_side = threading.local()


def _write_progress(job_id: int, attempt: int, done: int, total: int | None) -> None:
    """Progress must be seen while the work's own transaction is open (an import is one
    transaction): on PostgreSQL it goes through a second, autocommit connection of this thread.
    SQLite lets one writer at a time, and that is the job itself: progress shows at the end."""
    sql_filter = {"pk": job_id, "attempt": attempt, "status": JobStatus.RUNNING}
    if not connection.in_atomic_block:
        Job.objects.filter(**sql_filter).update(progress_done=done, progress_total=total)
        return
    if connection.vendor != "postgresql":
        return
    try:
        side = _side_connection()
        side.execute(
            f"UPDATE {Job._meta.db_table} SET progress_done = %s, progress_total = %s "
            "WHERE id = %s AND attempt = %s AND status = %s",
            [done, total, job_id, attempt, JobStatus.RUNNING.value],
        )
    except Exception:  # progress is a courtesy; the job goes on without it
        log.debug("progress of job %s not written", job_id, exc_info=True)
        _close_side()


def _side_connection():
    import psycopg

    conn = getattr(_side, "conn", None)
    if conn is None or conn.closed:
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        conn = psycopg.connect(**params, autocommit=True, connect_timeout=5)
        _side.conn = conn
    return conn


def _close_side() -> None:
    conn = getattr(_side, "conn", None)
    _side.conn = None
    if conn is not None:
        with contextlib.suppress(Exception):
            conn.close()


# -- one run ----------------------------------------------------------------------------------


def _claim(job_id: int) -> int | None:
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        attempt=F("attempt") + 1,
        started_at=timezone.now(),
        worker=liveness.me(),
        error=None,
    )
    if not claimed:
        return None
    return Job.objects.values_list("attempt", flat=True).get(pk=job_id)


def run(job_id: int) -> None:
    """Run the job once, if it is queued and no other run holds it."""
    with liveness.held(job_id) as mine:
        if not mine:
            log.info("job %s is being run elsewhere", job_id)
            return
        attempt = _claim(job_id)
        if attempt is None:
            return  # cancelled before it started, finished, or claimed by another run
        job = Job.objects.select_related("project", "created_by").get(pk=job_id)
        limit = settings.JOB_TIMEOUT_SECONDS
        current = JobRun(job, attempt, deadline=time.monotonic() + limit)
        try:
            result = import_string(HANDLERS[job.kind])(job, current)
            if not current.done:
                current.succeed(result)
        except JobLost:
            log.warning("job %s: run %s lost the job to another run; rolled back", job_id, attempt)
        except JobCancelled as cancelled:
            said = cancelled.args[0] if cancelled.args else None
            _end(job, attempt, JobStatus.CANCELLED, said or "Cancelled; nothing was kept.")
        except JobTimedOut:
            _end(job, attempt, JobStatus.FAILED, _timed_out(limit))
        except DomainError as exc:
            _end(job, attempt, JobStatus.FAILED, exc.as_dict())
        except (OperationalError, InterfaceError) as exc:
            if _statement_timeout(exc):
                _end(job, attempt, JobStatus.FAILED, _timed_out(limit))
            else:
                _lost_database(job_id, attempt, exc)
        except Exception as exc:
            log.exception("job %s (%s) failed", job_id, job.kind)
            detail = f"The job failed ({type(exc).__name__}); the worker's log has the details."
            _end(job, attempt, JobStatus.FAILED, detail)
        finally:
            _close_side()
            _discard_payload(job_id)


def _discard_payload(job_id: int) -> None:
    """A finished job's upload is no longer needed (a requeued one's still is)."""
    from newsannot.jobs.uploads import discard

    try:
        job = Job.objects.filter(pk=job_id).values("status", "params").first()
        if job and job["status"] not in ACTIVE and (job["params"] or {}).get("payload"):
            discard(job["params"]["payload"])
    except Exception:  # storage or database trouble: an orphaned upload costs only disk
        log.warning("could not discard the upload of job %s", job_id, exc_info=True)


def _timed_out(limit: int) -> str:
    return f"The job took longer than its limit of {limit} s and was stopped; nothing was kept."


def _statement_timeout(exc: Exception) -> bool:
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) == "57014"  # query_canceled


def _end(job: Job, attempt: int, status: str, error: str | dict) -> None:
    body = {"detail": error} if isinstance(error, str) else error
    _retrying(lambda: finish(job.pk, attempt, status, error=body))


def _lost_database(job_id: int, attempt: int, exc: Exception) -> None:
    """The database went away under the job (a restart): its transaction is gone, so the job is
    as if never run. Queue it again once the database answers (or fail it after the last try)."""
    log.warning("job %s: database lost (%s); queueing it again", job_id, exc)
    _retrying(lambda: requeue(job_id, attempt, reason="The database connection was lost."))


def _retrying(write, *, seconds: float = 60) -> None:
    """A write that ends a run, tried until the database takes it (it may be restarting)."""
    until = time.monotonic() + seconds
    while True:
        try:
            write()
            return
        except DatabaseError:
            if time.monotonic() > until:
                log.exception("could not record how a job ended; the reaper will")
                return
            connection.close()
            time.sleep(1)
