"""Is the worker running a job still alive? Two workers never run the same job.

PostgreSQL: a run holds a session-level advisory lock on its job from before it claims the job
until it ends. The lock lives in the worker's database session, so it goes when the worker dies
(SIGKILL, a lost machine, a database restart): a running job whose lock can be taken has lost its
worker. Nothing to tune, no heartbeat to miss, and it works across machines.

SQLite is one file on one machine: a run records host:pid, and the reaper on that host asks the
operating system whether the process is still there.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection

LOCK_SPACE = 0x6E61  # "na": our advisory locks' first key, apart from anyone else's
HOST = socket.gethostname()


def me() -> str:
    return f"{HOST}:{os.getpid()}"


def _key(job_id: int) -> tuple[int, int]:
    return LOCK_SPACE, job_id & 0x7FFFFFFF


@contextmanager
def held(job_id: int) -> Iterator[bool]:
    """Hold the job's lock while the block runs; yields False if another run holds it."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", _key(job_id))
        got = cursor.fetchone()[0]
    try:
        yield got
    finally:
        if got:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, %s)", _key(job_id))
            except DatabaseError:
                pass  # the session is gone, and its lock with it


def orphaned(job_id: int, worker: str) -> bool:
    """Whether the run of a job marked running has lost its worker."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", _key(job_id))
            got = cursor.fetchone()[0]
            if got:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", _key(job_id))
        return got
    host, _, pid = worker.rpartition(":")
    if host != HOST or not pid.isdigit():
        return False  # another machine's process: not ours to judge
    return not _alive(int(pid))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
