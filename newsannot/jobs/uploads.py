"""Keeping an upload for a job: the worker that runs it may be on another machine, so the bytes go
through Django's storage API (a shared folder, or S3-compatible storage: one setting)."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterable

from django.core.files import File
from django.core.files.storage import default_storage

from newsannot.lib.errors import Invalid

SPOOL = 8 * 1024 * 1024  # bytes held in memory before the temporary copy goes to disk


def store_upload(
    chunks: Iterable[bytes], *, prefix: str, suffix: str = ".jsonl"
) -> tuple[str, int]:
    """Write the chunks to storage; return the stored name and its size. Refuses an empty body."""
    size = 0
    with tempfile.SpooledTemporaryFile(max_size=SPOOL) as spool:
        for chunk in chunks:
            spool.write(chunk)
            size += len(chunk)
        if not size:
            raise Invalid("The import is empty: send one JSON object a line.")
        spool.seek(0)
        name = default_storage.save(f"{prefix}/{uuid.uuid4().hex}{suffix}", File(spool))
    return name, size


def discard(name: str) -> None:
    if name and default_storage.exists(name):
        default_storage.delete(name)
