"""Finding jobs whose worker died, and giving them back to the queue (see liveness.py)."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections

from newsannot.jobs import liveness
from newsannot.jobs.models import Job, JobStatus
from newsannot.jobs.services import requeue

log = logging.getLogger(__name__)
LOST = "Its worker stopped in the middle (killed, or its machine or database connection lost)."


def reap() -> int:
    """Queue again (or fail, after the last try) every running job whose worker is gone."""
    count = 0
    running = Job.objects.filter(status=JobStatus.RUNNING).values_list("id", "attempt", "worker")
    for job_id, attempt, worker in running:
        if liveness.orphaned(job_id, worker) and requeue(job_id, attempt, reason=LOST):
            count += 1
    return count


class Reaper(threading.Thread):
    """A worker process's watch over everyone's jobs, every JOB_REAP_SECONDS."""

    def __init__(self) -> None:
        super().__init__(name="job-reaper", daemon=True)
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                close_old_connections()
                if found := reap():
                    log.warning("queued %s job(s) again whose worker had died", found)
            except DatabaseError as exc:  # the database is away: try again next round
                log.warning("reaper: %s", exc)
                connections.close_all()
            except Exception:
                log.exception("reaper failed; trying again next round")
            self.stopping.wait(settings.JOB_REAP_SECONDS)
        connections.close_all()
