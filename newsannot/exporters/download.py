"""An export as a download: who may have it, which format and filters, and the streamed body.

Both faces call `export_download`: the API's /export/ endpoint and the console's export page.
The body is a generator (nothing is built in memory) that reads from the replica, if there is
one, as it streams.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from newsannot import exporters, policy
from newsannot.annotations.models import Status
from newsannot.corpus.models import Project
from newsannot.exporters import FORMATS
from newsannot.exporters.source import LAYERS, STATUSES, articles_with_spans
from newsannot.lib.errors import Invalid, shown
from newsannot.replicas import streamed_from_replica


@dataclass(frozen=True)
class Download:
    body: Iterator[bytes]
    content_type: str
    filename: str


def export_download(
    *,
    project: Project,
    actor: AbstractBaseUser,
    format: object = "jsonl",
    status: object = Status.APPROVED,
    label: object = None,
    updated_since: dt.datetime | None = None,
    layer: object = None,
) -> Download:
    policy.require(actor, "corpus.export", project)
    module = FORMATS.get(format) if isinstance(format, str) else None
    if module is None:
        raise Invalid(
            f"Unknown format {shown(format)}; it is one of {', '.join(sorted(FORMATS))}.",
            field="format",
        )
    if status not in STATUSES:
        raise Invalid(
            f"Unknown status {shown(status)}; it is one of {', '.join(STATUSES)}.",
            field="status",
        )
    if layer is not None and layer not in LAYERS:
        raise Invalid(
            f"Unknown layer {shown(layer)}; it is one of {', '.join(LAYERS)}.", field="layer"
        )
    if layer == "gold" and status != Status.APPROVED:
        raise Invalid(
            "The gold layer is made of approved spans: use status=approved.", field="layer"
        )
    if not exporters.available(module):
        raise Invalid(module.MISSING, field="format")
    rows = articles_with_spans(
        project,
        status=status,  # type: ignore[arg-type]
        label=label if isinstance(label, str) and label else None,
        updated_since=updated_since,
        layer=layer,  # type: ignore[arg-type]
    )
    # A label key is a slug; anything else the query carried stays out of the header.
    suffix = (
        f"-{label}" if isinstance(label, str) and re.fullmatch(r"[a-z0-9-]{1,64}", label) else ""
    )
    return Download(
        body=streamed_from_replica(module.write(rows)),
        content_type=module.CONTENT_TYPE,
        filename=f"project-{project.pk}-{status}{suffix}.{module.EXTENSION}",
    )
