"""The rows every export is written from: articles in id order, each with its spans.

Two ordered queries, each read through a server-side cursor in chunks, merged by article id:
the query count does not grow with the corpus and memory holds one chunk, not the corpus.
Rows are plain dicts from .values(), never model instances.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Q

from newsannot.annotations.models import Span, Status
from newsannot.corpus.models import Article, Project

CHUNK = 2000
STATUSES = ("approved", "pending", "rejected", "all")

ARTICLE_FIELDS = (
    "id",
    "title",
    "url",
    "outlet",
    "published_at",
    "external_id",
    "text",
    "created_at",
    "updated_at",
)
SPAN_FIELDS = {
    "id": "id",
    "article_id": "article_id",
    "start": "start",
    "end": "end",
    "label": "label__key",
    "quote": "quote",
    "status": "status",
    "annotator": "annotator__username",
    "reviewer": "reviewer__username",
    "note": "note",
    "review_reason": "review_reason",
    "created_at": "created_at",
    "updated_at": "updated_at",
}


def articles_with_spans(
    project: Project | int,
    *,
    status: str = Status.APPROVED,
    label: str | None = None,
    updated_since: dt.datetime | None = None,
) -> Iterator[dict[str, Any]]:
    """Every article of the project with `spans`: its spans that pass the filters, in order.

    Without `updated_since` every article is exported, with or without spans (the texts are
    the corpus). With it, only articles changed since then or holding a span changed since then.
    """
    project_id = project if isinstance(project, int) else project.pk
    spans = Span.objects.filter(project_id=project_id)
    if status != "all":
        spans = spans.filter(status=status)
    if label:
        spans = spans.filter(label__key=label)
    articles = Article.objects.filter(project_id=project_id)
    if updated_since is not None:
        spans = spans.filter(updated_at__gte=updated_since)
        articles = articles.filter(
            Q(updated_at__gte=updated_since) | Q(id__in=spans.values("article_id"))
        )
    span_rows = (
        spans.order_by("article_id", "start", "end", "id")
        .values_list(*SPAN_FIELDS.values())
        .iterator(chunk_size=CHUNK)
    )
    article_rows = articles.order_by("id").values(*ARTICLE_FIELDS).iterator(chunk_size=CHUNK)
    names = tuple(SPAN_FIELDS)
    pending = next(span_rows, None)
    for article in article_rows:
        article_spans = []
        while pending is not None and pending[1] <= article["id"]:
            if pending[1] == article["id"]:
                row = dict(zip(names, pending, strict=True))
                del row["article_id"]
                article_spans.append(row)
            pending = next(span_rows, None)
        article["spans"] = article_spans
        yield article


def iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
