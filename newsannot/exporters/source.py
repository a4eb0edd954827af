"""The rows every export is written from: articles in id order, each with its spans.

The articles are read a chunk at a time (CHUNK ids, in id order), and each chunk's articles and
spans are looked up by those ids. Every query names its rows by constants the database can find
through one index: the project's article ids through article_project_id (project, id), articles
by primary key, spans through the (article, start, end, ...) index with `article_id = ANY(ids)`.
That is what keeps the export linear whatever the planner believes about the project. Right after
a bulk import nothing has told it how many rows the new project holds (ANALYZE runs later, or,
when the project is a small part of a large table, hardly ever): a plan for "all spans of the
project, joined to its articles" then takes the project for a handful of rows and picks a nested
loop that reads every span of the project once per article (measured: 18 s for 3,000 articles
instead of 0.75 s). Looked up by a chunk of ids, a stale estimate can only be wrong about a
chunk. Statistics refreshed after each import would help the same plans, but cost more than a
500-line import itself on a large table and leave a window open until they run; the background
job that runs ANALYZE after imports makes estimates better, these plans do not depend on it.

The span query holds nothing but the chunk's ids in its WHERE clause: a filter the planner could
answer from another index (the label's, the project's) would let a stale estimate pick that
index and read the whole project for each chunk, so the filters are applied to the rows read
(here in Python; in pgjsonl inside the aggregate). The ids also bound a range, which tells a
planner without any statistics at all (a database never analyzed) that the chunk is small.

Names come from small maps filled once per export (a project's labels, the users and outlets
the spans name), not from a join per span. A state-media-source span's outlet is stored with the
span (Span.outlet, outlets/services.py): an export reads it, it never looks it up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import QuerySet, TextField
from django.db.models.expressions import RawSQL

from newsannot.annotations.models import Relation, RelationType, Span, Status
from newsannot.corpus.models import Article, Label, Project
from newsannot.exporters.fields import (
    ARTICLE_COLUMNS,
    OUTLET_FIELDS,
    REGISTRY_FIELDS,
    python_object,
)
from newsannot.outlets.models import OUTLET_LABEL, ArticleOutlet, Outlet

CHUNK = 100  # articles a chunk: ~5 MB of text and up to a few thousand spans
STATUSES = ("approved", "pending", "rejected", "all")
# gold: one span per (article, label, start, end) among the approved spans, listing who marked
# it; annotations: every analyst's own spans, as stored (what agreement research needs).
LAYERS = ("gold", "annotations")

# Span columns as stored: names come from the maps in Names.
SPAN_COLUMNS = (
    "id",
    "article_id",
    "start",
    "end",
    "label_id",
    "quote",
    "status",
    "annotator_id",
    "reviewer_id",
    "note",
    "review_reason",
    "created_at",
    "updated_at",
    "outlet_id",
    "attributes",
)
RELATION_COLUMNS = (
    "id",
    "article_id",
    "type_id",
    "from_span_id",
    "to_span_id",
    "status",
    "annotator_id",
    "reviewer_id",
    "note",
    "created_at",
    "updated_at",
)


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
    layer: str = "annotations"
    # A release's: article id -> split (only these articles are exported, each line with its
    # split), and the names analysts and reviewers go by (pseudonyms) instead of usernames.
    splits: dict[int, str] | None = None
    analysts: dict[int, str] | None = None
    reviewers: dict[int, str] | None = None

    @property
    def gold(self) -> bool:
        return self.layer == "gold"

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return _rows(self)

    def article_ids(self) -> list[int]:
        """The selected articles' ids, in id order."""
        return _ids(self.project_id) if self.updated_since is None else _changed_ids(self)

    def chunks(self) -> Iterator[list[int]]:
        """The selected articles' ids in id order, CHUNK at a time."""
        return in_chunks(self.article_ids(), CHUNK)

    def article_chunks(self) -> Iterator[list[dict[str, Any]]]:
        """The selected articles' rows (ARTICLE_COLUMNS), CHUNK at a time, each chunk read by
        primary key."""
        for ids in self.chunks():
            yield list(Article.objects.filter(id__in=ids).order_by("id").values(*ARTICLE_COLUMNS))


def articles_with_spans(
    project: Project | int,
    *,
    status: str = Status.APPROVED,
    label: str | None = None,
    updated_since: dt.datetime | None = None,
    layer: str | None = None,
    splits: dict[int, str] | None = None,
    analysts: dict[int, str] | None = None,
    reviewers: dict[int, str] | None = None,
) -> ArticleSource:
    """Every article of the project with `spans`: its spans that pass the filters, in order.

    `layer` "gold" (the default with status approved; only with it) gives one span per (label,
    start, end) among the approved spans, with `annotators` and `approved_by` (gold_rows); with
    `updated_since` it gives the whole gold of the articles selected, never part of a span's
    annotators. "annotations" (the default otherwise) gives every analyst's own spans.

    Without `updated_since` every article is exported, with or without spans (the texts are
    the corpus). With it, only articles changed since then or holding a span changed since then.
    Nothing is queried until the result is iterated (or rendered by a format).
    """
    project_id = project if isinstance(project, int) else project.pk
    if layer is None:
        layer = "gold" if status == Status.APPROVED else "annotations"
    if layer not in LAYERS:
        raise ValueError(f"Unknown layer {layer!r}; it is one of {', '.join(LAYERS)}.")
    if layer == "gold" and status != Status.APPROVED:
        raise ValueError("The gold layer is made of approved spans: use status=approved.")
    return ArticleSource(
        project_id, status, label or None, updated_since, layer, splits, analysts, reviewers
    )


def in_chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    return (ids[i : i + size] for i in range(0, len(ids), size))


def _ids(project_id: int) -> list[int]:
    """A project's article ids in order, in one query.

    Not keyset pages (`id > last ORDER BY id LIMIT n`, one query a chunk): right after a bulk
    import the statistics say the project has a few rows, and the planner answers each page
    with a bitmap scan of all the project's remaining rows and a sort, so that the export read
    the project once per chunk (quadratic; 0.28 s of a 10,000-article export, under the
    renderers' lock). One query is linear whatever its plan; the ids take 8 bytes an article
    in the database's answer (a 1,000,000-article project: ~40 MB of Python ints for a moment).
    """
    return list(
        Article.objects.filter(project_id=project_id).order_by("id").values_list("id", flat=True)
    )


def _changed_ids(source: ArticleSource) -> list[int]:
    """Articles changed since `updated_since`, or holding a span that passes the filters and
    changed since: each set read once (span_project_updated; the project's articles), merged."""
    since = source.updated_since
    spans = Span.objects.filter(project_id=source.project_id, updated_at__gte=since)
    if source.status != "all":
        spans = spans.filter(status=source.status)
    if source.label:
        spans = spans.filter(label_id__in=Names(source.project_id).label_ids(source.label))
    ids = set(spans.order_by().values_list("article_id", flat=True).distinct())
    ids.update(
        Article.objects.filter(project_id=source.project_id, updated_at__gte=since)
        .order_by()
        .values_list("id", flat=True)
    )
    return sorted(ids)


# Columns read as ISO 8601 text on SQLite: see `values`.
TIMESTAMPS = ("created_at", "updated_at")


def values(rows: QuerySet, columns: tuple[str, ...]) -> QuerySet:
    """`rows.values_list(*columns)`; on SQLite, timestamps come back as the ISO 8601 text
    `datetime.isoformat()` writes for them, and `attributes` as its JSON text (`fields.iso` and
    `json_object` take either form).

    SQLite stores a UTC datetime as "YYYY-MM-DD HH:MM:SS[.ffffff]", so the SQL only swaps the
    space for a "T" and appends the offset. Django's converters (parse, make aware) and
    isoformat() cost ≈ 30 µs a timestamp: on an export of 50,000 spans with two each, about as
    much as reading every row, and more than the write (measured with cProfile, 2,000 articles).
    PostgreSQL's path writes its lines in SQL (pgjsonl) and needs none of this.
    """
    if connection.vendor != "sqlite":
        return rows.values_list(*columns)
    table = connection.ops.quote_name(rows.model._meta.db_table)
    renamed = {}
    for column in columns:
        if column in TIMESTAMPS:
            sql = f"replace({table}.{column}, ' ', 'T') || '+00:00'"
        elif column == "attributes":
            sql = f"{table}.{column}"
        else:
            continue
        renamed[column] = f"{column}_text"
        rows = rows.annotate(**{renamed[column]: RawSQL(sql, (), output_field=TextField())})
    return rows.values_list(*(renamed.get(c, c) for c in columns))


def json_object(value: dict[str, Any] | str) -> dict[str, Any]:
    """A JSON column's object, read by Django (a dict) or as its text (`values` on SQLite)."""
    if isinstance(value, str):
        return {} if value == "{}" else orjson.loads(value)
    return value


def chunk_spans(ids: list[int]):
    """The spans of the articles whose ids lie from the chunk's first to its last: one range of
    the (article, start, end, ...) index, the cheapest path under any statistics. The range may
    hold another project's articles (ids are shared); callers keep only the chunk's. Over a
    whole export the ranges do not overlap, so even then each span is read at most once."""
    return Span.objects.filter(article_id__gte=ids[0], article_id__lte=ids[-1])


def chunk_relations(ids: list[int]):
    """The relations of the chunk's range of article ids, as chunk_spans (relation_article)."""
    return Relation.objects.filter(article_id__gte=ids[0], article_id__lte=ids[-1])


@dataclass
class Names:
    """Ids to names for one export: the project's labels, and the users and outlets the spans
    name, each looked up once (the first chunk that needs them) and kept."""

    project_id: int
    labels: dict[int, str] = field(default_factory=dict)
    relation_types: dict[int, str] = field(default_factory=dict)
    users: dict[int, str] = field(default_factory=dict)
    outlets: dict[int, dict[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.labels = dict(
            Label.objects.filter(project_id=self.project_id).values_list("id", "key").order_by()
        )
        self.relation_types = dict(
            RelationType.objects.filter(project_id=self.project_id)
            .values_list("id", "key")
            .order_by()
        )

    def label_ids(self, key: str) -> set[int]:
        return {pk for pk, k in self.labels.items() if k == key}

    def outlet_label_ids(self) -> set[int]:
        return self.label_ids(OUTLET_LABEL)

    def need_users(self, ids: set[int] | None) -> None:
        """Look up the users among `ids` not known yet (None: every user)."""
        User = get_user_model()
        users = User.objects.all()
        if ids is not None:
            missing = ids - self.users.keys()
            if not missing:
                return
            users = users.filter(pk__in=missing)
        self.users.update(users.order_by().values_list("pk", User.USERNAME_FIELD))

    def need_outlets(self, ids: set[int] | None) -> None:
        """Look up the outlets among `ids` not known yet (None: every outlet)."""
        outlets = Outlet.objects.all()
        if ids is not None:
            missing = ids - self.outlets.keys()
            if not missing:
                return
            outlets = outlets.filter(pk__in=missing)
        for row in outlets.order_by().values("id", "name", "country", "typology"):
            self.outlets[row["id"]] = python_object(OUTLET_FIELDS, row)


def _rows(source: ArticleSource) -> Iterator[dict[str, Any]]:
    names = Names(source.project_id)
    wanted = names.label_ids(source.label) if source.label else None
    outlet_labels = names.outlet_label_ids()
    for articles in source.article_chunks():
        ids = [a["id"] for a in articles]
        chunk = set(ids)
        spans = chunk_spans(ids)
        if source.status != "all":
            spans = spans.filter(status=source.status)
        if source.updated_since is not None and not source.gold:
            spans = spans.filter(updated_at__gte=source.updated_since)
        # The label is checked here, not in SQL: its index would tempt a planner that takes the
        # project for a few rows into reading all of the label's spans for each chunk.
        rows = [
            row
            for row in values(spans.order_by("article_id", "start", "end", "id"), SPAN_COLUMNS)
            if row[1] in chunk and (wanted is None or row[4] in wanted)
        ]
        # A chunk's relations by the same range of article ids (relation_article), kept when
        # they pass the status filter and both their spans are in the export.
        exported = {row[0] for row in rows}
        relations = chunk_relations(ids)
        if source.status != "all":
            relations = relations.filter(status=source.status)
        relation_rows = [
            row
            for row in values(relations.order_by("article_id", "id"), RELATION_COLUMNS)
            if row[1] in chunk and row[3] in exported and row[4] in exported
        ]
        names.need_users(
            {r[7] for r in rows}
            | {r[8] for r in rows if r[8] is not None}
            | {r[6] for r in relation_rows}
            | {r[7] for r in relation_rows if r[7] is not None}
        )
        # The articles' detected outlets: {article id: (outlet id, how)}, by the same range.
        # Unordered: the model's ordering (by article) joined the articles, and on stale
        # statistics read them from the first id on, every chunk.
        links = {
            article_id: (outlet_id, how)
            for article_id, outlet_id, how in ArticleOutlet.objects.filter(
                article_id__gte=ids[0], article_id__lte=ids[-1]
            )
            .order_by()
            .values_list("article_id", "outlet_id", "how")
        }
        names.need_outlets(
            {r[13] for r in rows if r[13] is not None} | {o for o, _ in links.values()}
        )
        by_article: dict[int, list[dict[str, Any]]] = {}
        labels, outlets = names.labels, names.outlets
        analysts = source.analysts if source.analysts is not None else names.users
        reviewers = source.reviewers if source.reviewers is not None else names.users
        for (
            span_id,
            article_id,
            start,
            end,
            label_id,
            quote,
            status,
            annotator_id,
            reviewer_id,
            note,
            review_reason,
            created_at,
            updated_at,
            outlet_id,
            attributes,
        ) in rows:
            by_article.setdefault(article_id, []).append(
                {
                    "id": span_id,
                    "start": start,
                    "end": end,
                    "label": labels[label_id],
                    "quote": quote,
                    "status": status,
                    "annotator": analysts[annotator_id],
                    "reviewer": reviewers[reviewer_id] if reviewer_id is not None else None,
                    "note": note,
                    "review_reason": review_reason,
                    "created_at": created_at,
                    "updated_at": updated_at,
                    "outlet": (
                        outlets[outlet_id]
                        if outlet_id is not None and label_id in outlet_labels
                        else None
                    ),
                    # For the gold layer's grouping (gold_rows) and label-studio's completed_by.
                    "label_id": label_id,
                    "annotator_id": annotator_id,
                    "reviewer_id": reviewer_id,
                    "attributes": json_object(attributes),
                }
            )
        links_by_article: dict[int, list[dict[str, Any]]] = {}
        for row in relation_rows:
            relation = dict(zip(RELATION_COLUMNS, row, strict=True))
            links_by_article.setdefault(relation["article_id"], []).append(
                {
                    "id": relation["id"],
                    "type": names.relation_types[relation["type_id"]],
                    "type_id": relation["type_id"],  # for the gold layer's order
                    "annotator_id": relation["annotator_id"],
                    "reviewer_id": relation["reviewer_id"],
                    "from": relation["from_span_id"],
                    "to": relation["to_span_id"],
                    "status": relation["status"],
                    "annotator": analysts[relation["annotator_id"]],
                    "reviewer": (
                        reviewers[relation["reviewer_id"]]
                        if relation["reviewer_id"] is not None
                        else None
                    ),
                    "note": relation["note"],
                    "created_at": relation["created_at"],
                    "updated_at": relation["updated_at"],
                }
            )
        splits = source.splits
        for article in articles:
            if splits is not None:
                if article["id"] not in splits:
                    continue  # not in the release (pgjsonl leaves it out alike)
                article["split"] = splits[article["id"]]
            link = links.get(article["id"])
            article["outlet_registry"] = (
                python_object(REGISTRY_FIELDS, {**outlets[link[0]], "how": link[1]})
                if link
                else None
            )
            spans_of = by_article.get(article["id"], [])
            relations_of = links_by_article.get(article["id"], [])
            if source.gold:
                article["spans"] = gold_rows(spans_of)
                article["relations"] = gold_relations(article["spans"], relations_of)
            else:
                article["spans"], article["relations"] = spans_of, relations_of
            yield article


def gold_rows(spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An article's approved spans (in (start, end, id) order) as gold spans: one per (label,
    start, end), ordered by start, end and label id (fields.GOLD_ORDER, as pgjsonl orders them).

    A gold span holds GOLD_SPAN_FIELDS' keys and the keys every format reads from an analyst's
    span, so that each format writes gold too: `id` is its first copy's, the credit
    gold_credit's."""
    groups: dict[tuple[int, int, int], list[dict[str, Any]]] = {}
    for span in spans:
        groups.setdefault((span["start"], span["end"], span["label_id"]), []).append(span)
    gold = []
    for key in sorted(groups):
        copies = groups[key]
        first = copies[0]
        gold.append(
            {
                "id": first["id"],
                "start": first["start"],
                "end": first["end"],
                "label": first["label"],
                "label_id": first["label_id"],
                "quote": first["quote"],
                "status": first["status"],
                "outlet": first["outlet"],
                **gold_attributes([s["attributes"] for s in copies]),
                "span_ids": [s["id"] for s in copies],
                **gold_credit(copies),
                "review_reason": "",
            }
        )
    return gold


def gold_credit(copies: list[dict[str, Any]]) -> dict[str, Any]:
    """Who a gold span or gold relation credits, from its copies (analysts' spans or relations,
    in id order): `annotators`, everyone who marked it in that order, and `approved_by`,
    everyone who approved a copy, by user id (as GOLD_SPAN_FIELDS' and GOLD_RELATION_FIELDS'
    SQL aggregates them); and the keys every format reads from an analyst's copy: `annotator`
    and `reviewer` (those names joined), the copies' notes, first creation and last change."""
    approvers = {c["reviewer_id"]: c["reviewer"] for c in copies if c["reviewer_id"]}
    annotators = [c["annotator"] for c in copies]
    approved_by = [approvers[pk] for pk in sorted(approvers)]
    return {
        "annotators": annotators,
        "approved_by": approved_by,
        "annotator": ", ".join(annotators),
        "reviewer": ", ".join(approved_by) or None,
        "note": "\n".join(c["note"] for c in copies if c["note"]),
        "created_at": min(c["created_at"] for c in copies),
        "updated_at": max(c["updated_at"] for c in copies),
    }


def gold_attributes(copies: list[dict[str, Any]]) -> dict[str, Any]:
    """A gold span's `attributes`, the values its copies (in id order) agree on, and its
    `disagreement`: {key: each copy's value, None where a copy has none} for every key they
    do not agree on, so that a reader sees the split instead of a value picked for it. Keys in
    code point order (as fields.GOLD_SPAN_FIELDS' SQL writes them)."""
    keys = sorted({key for attributes in copies for key in attributes})
    agreed, disagreement = {}, {}
    for key in keys:
        values = [attributes.get(key) for attributes in copies]
        if all(v == values[0] for v in values):
            agreed[key] = values[0]
        else:
            disagreement[key] = values
    return {"attributes": agreed, "disagreement": disagreement}


def gold_relations(
    gold: list[dict[str, Any]], relations: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The relations between an article's gold spans: the approved relations (`relations`, in
    id order) whose two spans are copies of gold spans, one per (type, from, to) gold span.
    `from` and `to` name a gold span by its `id`, its first copy's (span_ids[0]); ordered by
    from, to and type id (fields.GOLD_RELATION_ORDER, as pgjsonl orders them).

    A gold relation holds GOLD_RELATION_FIELDS' keys and the keys every format reads from a
    relation: `id` its first copy's, the credit (who linked it, who approved it)
    gold_credit's."""
    gold_of = {span_id: g["id"] for g in gold for span_id in g["span_ids"]}
    groups: dict[tuple[int, int, int], list[dict[str, Any]]] = {}
    for r in relations:
        if r["status"] == Status.APPROVED and r["from"] in gold_of and r["to"] in gold_of:
            key = (gold_of[r["from"]], gold_of[r["to"]], r["type_id"])
            groups.setdefault(key, []).append(r)
    out = []
    for (from_id, to_id, _), copies in sorted(groups.items()):
        first = copies[0]
        out.append(
            {
                "id": first["id"],
                "type": first["type"],
                "type_id": first["type_id"],
                "from": from_id,
                "to": to_id,
                "status": first["status"],
                "relation_ids": [r["id"] for r in copies],
                **gold_credit(copies),
            }
        )
    return out
