"""Reads that scan a whole project (exports, the dashboard) can go to a read replica.

With DATABASE_REPLICA_URL set, settings add a "replica" database; code that may read stale data
(a replica lags its primary by a moment) wraps those reads in `reading_from_replica()`, and the
router sends them there. Everything else, and every write, stays on "default". Without a replica
nothing changes.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from functools import wraps

from django.conf import settings

REPLICA = "replica"
_on_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("on_replica", default=False)


def _configured() -> bool:
    return bool(settings.DATABASE_REPLICA_URL) and REPLICA in settings.DATABASES


def replica_alias() -> str:
    """The alias reads inside `reading_from_replica()` use: "replica" if there is one."""
    return REPLICA if _configured() else "default"


def read_alias() -> str:
    """Where reads go here and now: for code that takes a connection itself (raw SQL)."""
    return REPLICA if _on_replica.get() and _configured() else "default"


@contextmanager
def reading_from_replica() -> Iterator[str]:
    token = _on_replica.set(True)
    try:
        yield replica_alias()
    finally:
        _on_replica.reset(token)


def replica_reads(view):
    """A view every read of which may come from the replica (a page of counts)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        with reading_from_replica():
            return view(*args, **kwargs)

    return wrapper


def streamed_from_replica(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """A streamed response's body read from the replica: the reads happen while it streams,
    after the view has returned, so the routing must go with the iterator."""
    with reading_from_replica():
        yield from chunks


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _on_replica.get() and _configured() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data, whichever copy it was read from

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica gets its schema by replication
