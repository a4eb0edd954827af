"""Label Studio tasks: one JSON array, streamed one task at a time.

Label Studio's task format (labelstud.io/guide/task_format): `data.text`, then `annotations`,
each a list of `labels` regions (`result`) by one person (`completed_by`, a user id), and
`predictions`, a model's regions with a `model_version` and a `score`. Here a task has:

- one annotation per analyst, with `completed_by` their user id and each region's status (and
  reviewer, note, outlet) in its `meta`: the spans the export's status filter selects;
- the gold layer as an annotation of its own, `ground_truth: true`, no `completed_by`; each
  region's `meta` lists its `annotators` and `approved_by` (only the approved spans make gold),
  and the attribute values its copies differ on (`disagreement`); the gold spans' agreed
  attributes and the gold relations as below;
- the project's suggestions as `predictions`, one per suggester (`model_version` its name);
- in an analyst's annotation, a `choices` result per attribute of a span (`from_name` the
  attribute's key, the region's id, `value.choices` [its value]) and a `relation` result per
  relation between two of its regions (`from_id`, `to_id`, `direction` "right", `labels` [type]).

A release's label-studio file is written from its stored gold lines, so it holds the gold
annotation alone (no user ids or suggestions in a frozen corpus). Offsets are code points, as
Label Studio stores them for text since its emoji fix.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from itertools import batched
from typing import Any

from django.db.models import F

from newsannot.annotations.models import Status
from newsannot.exporters.fields import iso
from newsannot.exporters.source import CHUNK, ArticleSource, gold_relations, gold_rows

NAME = "label-studio"
CONTENT_TYPE = "application/json; charset=utf-8"
EXTENSION = "json"
FROM_NAME, TO_NAME = "label", "text"  # the <Labels name> and <Text name> of the labelling config


def _meta(span: dict[str, Any]) -> dict[str, Any]:
    if "annotators" in span:  # a gold span
        meta: dict[str, Any] = {
            "annotators": span["annotators"],
            "approved_by": span["approved_by"],
        }
        if span.get("disagreement"):  # attribute values the analysts' copies differ on
            meta["disagreement"] = span["disagreement"]
    else:
        meta = {"status": span["status"], "reviewer": span["reviewer"]}
        if span["note"]:
            meta["text"] = [span["note"]]
    if span["outlet"]:
        meta["outlet"] = span["outlet"]
    return meta


def _region(region_id: str, start: int, end: int, quote: str, label: str) -> dict[str, Any]:
    return {
        "id": region_id,
        "from_name": FROM_NAME,
        "to_name": TO_NAME,
        "type": "labels",
        "value": {"start": start, "end": end, "text": quote, "labels": [label]},
    }


def _result(spans: list[dict[str, Any]], prefix: str) -> list[dict[str, Any]]:
    out = []
    for n, s in enumerate(spans):
        region_id = f"span-{s['id']}" if "id" in s else f"{prefix}-{n + 1}"
        region = _region(region_id, s["start"], s["end"], s["quote"], s["label"])
        out.append({**region, "origin": "manual", "meta": _meta(s)})
    return out


def _links(
    spans: list[dict[str, Any]],
    relations: list[dict[str, Any]],
    regions: dict[int, str] | None = None,
) -> list[dict[str, Any]]:
    """Attributes as per-region `choices`, and the relations between these regions.
    `regions`: span id → region id (default "span-{id}")."""
    if regions is None:
        regions = {s["id"]: f"span-{s['id']}" for s in spans}
    out: list[dict[str, Any]] = [
        {
            "id": regions[s["id"]],
            "from_name": key,
            "to_name": TO_NAME,
            "type": "choices",
            "origin": "manual",
            "value": {"start": s["start"], "end": s["end"], "choices": [value]},
        }
        for s in spans
        for key, value in s.get("attributes", {}).items()
    ]
    out += [
        {
            "type": "relation",
            "from_id": regions[r["from"]],
            "to_id": regions[r["to"]],
            "direction": "right",
            "labels": [r["type"]],
        }
        for r in relations
        if r["from"] in regions and r["to"] in regions
    ]
    return out


def task(
    article: dict[str, Any], suggestions: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    spans = article["spans"]
    annotations: list[dict[str, Any]] = []
    if spans and "annotators" in spans[0]:  # already gold (a release's lines)
        gold, gold_links = spans, article.get("relations", [])
    else:
        by_analyst: dict[int, list[dict[str, Any]]] = {}
        for s in spans:
            by_analyst.setdefault(s["annotator_id"], []).append(s)
        for user_id, own in sorted(by_analyst.items()):
            annotations.append(
                {
                    "completed_by": user_id,
                    "ground_truth": False,
                    "was_cancelled": False,
                    "meta": {"annotator": own[0]["annotator"]},
                    "result": _result(own, "span") + _links(own, article.get("relations", [])),
                }
            )
        gold = gold_rows([s for s in spans if s["status"] == Status.APPROVED])
        gold_links = gold_relations(gold, article.get("relations", []))
    if gold:
        regions = {g["id"]: f"gold-{n + 1}" for n, g in enumerate(gold)}
        annotations.append(
            {
                "ground_truth": True,
                "was_cancelled": False,
                "meta": {"layer": "gold"},
                "result": _result([{k: v for k, v in g.items() if k != "id"} for g in gold], "gold")
                + _links(gold, gold_links, regions),
            }
        )
    out: dict[str, Any] = {
        "id": article["id"],
        "data": {
            "text": article["text"],
            "title": article["title"],
            "url": article["url"],
            "outlet": article["outlet"],
            "outlet_registry": article["outlet_registry"],
            "published_at": iso(article["published_at"]),
            "external_id": article["external_id"],
        },
        "annotations": annotations,
    }
    if "split" in article:
        out["data"]["split"] = article["split"]
    if suggestions:
        out["predictions"] = _predictions(suggestions)
    return out


def _predictions(suggestions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for s in suggestions:
        by_rule.setdefault(s["rule"], []).append(s)
    return [
        {
            "model_version": rule,
            "score": min(s["score"] for s in found),
            "result": [
                {
                    **_region(
                        f"suggestion-{s['id']}", s["start"], s["end"], s["quote"], s["label"]
                    ),
                    "score": s["score"],
                }
                for s in found
            ],
        }
        for rule, found in sorted(by_rule.items())
    ]


def _suggestions(ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The suggestions on a chunk of articles, by article: one query a chunk."""
    from newsannot.suggestions.models import Suggestion

    found: dict[int, list[dict[str, Any]]] = {}
    rows = Suggestion.objects.filter(article_id__in=ids).order_by(
        "article_id", "start", "end", "id"
    )
    columns = ("id", "article_id", "start", "end", "quote", "score", "rule")
    for row in rows.values(*columns, label_key=F("label__key")):
        row["label"] = row.pop("label_key")
        found.setdefault(row["article_id"], []).append(row)
    return found


def _tasks(articles: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    if not isinstance(articles, ArticleSource):
        yield from (task(article) for article in articles)
        return
    # Every analyst's own spans are read; the gold annotation is made from the approved ones.
    if articles.gold:
        articles = dataclasses.replace(articles, layer="annotations")
    for batch in batched(articles, CHUNK):
        suggestions = _suggestions([a["id"] for a in batch])
        for article in batch:
            yield task(article, suggestions.get(article["id"]))


def write(articles: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    separator = b"[\n"
    for one in _tasks(articles):
        yield separator + json.dumps(one, ensure_ascii=False).encode("utf-8")
        separator = b",\n"
    yield b"[]\n" if separator == b"[\n" else b"\n]\n"
