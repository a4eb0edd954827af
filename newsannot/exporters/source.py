"""The rows every export is written from: articles in id order, each with its spans.

Two ordered queries, each read through a server-side cursor in chunks, merged by article id:
the query count does not grow with the corpus and memory holds one chunk, not the corpus.
Rows are plain dicts from .values(), never model instances.

Outlets ride along without extra queries per article: the article's detected outlet is joined
into the articles query, and the outlet a state-media-source span names is looked up in the
registry's in-memory name index (loaded once per export), memoised by quote.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from newsannot.annotations.models import Span, Status
from newsannot.corpus.models import Article, Project
from newsannot.outlets.models import Typology
from newsannot.outlets.registry import OutletInfo, registry

CHUNK = 2000  # span rows a fetch
# Article rows carry whole texts (up to ~100 k characters, 4 bytes each once one is an emoji):
# 2,000 of them a fetch held ~100 MB at once; 100 keep the worker flat (bench/RESULTS.md).
ARTICLE_CHUNK = 100
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
# The article's detected outlet, LEFT JOINed through ArticleOutlet: (value key, lookup).
OUTLET_FIELDS = {
    "name": "outlet_link__outlet__name",
    "country": "outlet_link__outlet__country",
    "typology": "outlet_link__outlet__typology",
    "how": "outlet_link__how",
}
# Spans of this label carry the outlet their quote names.
OUTLET_LABEL = "state-media-source"
MEMO = 50_000  # quotes remembered per export


def outlet_dict(info: OutletInfo | None) -> dict[str, str] | None:
    if info is None:
        return None
    return {
        "name": info.name,
        "country": info.country,
        "typology": info.typology,
        "typology_label": info.typology_label,
    }


def _article_outlet(article: dict[str, Any]) -> dict[str, str] | None:
    values = {key: article.pop(lookup) for key, lookup in OUTLET_FIELDS.items()}
    if values["name"] is None:
        return None
    return {
        "name": values["name"],
        "country": values["country"],
        "typology": values["typology"],
        "typology_label": Typology(values["typology"]).label,
        "how": values["how"],
    }


@dataclass(frozen=True)
class ArticleSource:
    """What to export; iterating it yields the article dicts (see `articles_with_spans`).

    A format may instead render the same selection in the database when it can (jsonl on
    PostgreSQL: `pgjsonl`); iterating is the portable path every format understands.
    """

    project_id: int
    status: str = Status.APPROVED
    label: str | None = None
    updated_since: dt.datetime | None = None

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return _rows(self.project_id, self.status, self.label, self.updated_since)


def articles_with_spans(
    project: Project | int,
    *,
    status: str = Status.APPROVED,
    label: str | None = None,
    updated_since: dt.datetime | None = None,
) -> ArticleSource:
    """Every article of the project with `spans`: its spans that pass the filters, in order.

    Without `updated_since` every article is exported, with or without spans (the texts are
    the corpus). With it, only articles changed since then or holding a span changed since then.
    Nothing is queried until the result is iterated (or rendered by a format).
    """
    project_id = project if isinstance(project, int) else project.pk
    return ArticleSource(project_id, status, label or None, updated_since)


def _rows(
    project_id: int, status: str, label: str | None, updated_since: dt.datetime | None
) -> Iterator[dict[str, Any]]:
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
    article_rows = (
        articles.order_by("id")
        .values(*ARTICLE_FIELDS, *OUTLET_FIELDS.values())
        .iterator(chunk_size=ARTICLE_CHUNK)
    )
    names = tuple(SPAN_FIELDS)
    named: dict[str, dict[str, str] | None] = {}  # quote -> the outlet it names
    reg = None
    pending = next(span_rows, None)
    for article in article_rows:
        article["outlet_registry"] = _article_outlet(article)
        article_spans = []
        while pending is not None and pending[1] <= article["id"]:
            if pending[1] == article["id"]:
                row = dict(zip(names, pending, strict=True))
                del row["article_id"]
                row["outlet"] = None
                if row["label"] == OUTLET_LABEL:
                    quote = row["quote"]
                    if quote not in named:
                        if len(named) > MEMO:
                            named.clear()
                        reg = reg or registry()
                        named[quote] = outlet_dict(reg.named_in(quote))
                    row["outlet"] = named[quote]
                article_spans.append(row)
            pending = next(span_rows, None)
        article["spans"] = article_spans
        yield article


def iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
